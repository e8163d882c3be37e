package io.dmsdelta.init;

import io.dmsdelta.config.EventSettings;
import org.apache.spark.sql.delta.schema.SchemaUtils$;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DynamoDB table as a source table, from a sample of its items: the key attributes first (partition key, then
 * sort key), then every other attribute of the sample by name, each typed as {@link AttributeSample#mapped} says,
 * then the rest column, which holds the attributes the definition does not name (items are schemaless: later ones
 * may carry new attributes). An attribute whose name cannot be a column is left to the rest column, with a note:
 * a name Delta refuses, one of dms-delta's own columns, or one that differs from another only in case (Spark's
 * column names ignore case). Pure.
 */
public final class DynamoDbColumns {

    /** What Delta refuses in a column name (without column mapping), as its own check says. */
    static final String DELTA_REFUSES = "a space or one of , ; { } ( ) = newline tab";

    private DynamoDbColumns() {
    }

    /**
     * @param restColumn the rest column, empty with {@code --no-rest-column} (attributes without a column are then
     *                   ignored)
     * @param from       how the sample was taken, the first note
     * @throws TableNotReadable when a key attribute cannot be a column: no definition can key the rows
     */
    public static SourceTable describe(TableName name, ItemSample sample, Optional<String> restColumn, String from)
            throws TableNotReadable {
        List<String> notes = new ArrayList<>(List.of(from));
        Map<String, AttributeSample> attributes = sample.attributes();
        Set<String> taken = new HashSet<>();
        restColumn.ifPresent(c -> taken.add(c.toLowerCase(Locale.ROOT)));
        List<SourceColumn> columns = new ArrayList<>();
        for (String key : sample.key()) {
            Optional<String> problem = problem(key, taken);
            if (problem.isPresent()) {
                throw new TableNotReadable("its key attribute \"" + key + "\" cannot be a column: " + problem.get()
                        + "; a definition needs its key as columns.");
            }
            taken.add(key.toLowerCase(Locale.ROOT));
            columns.add(column(key, "key attribute", attributes.getOrDefault(key, AttributeSample.NONE)));
        }
        String carried = restColumn.map(c -> "its values are carried in " + c)
                .orElse("its values are ignored (--no-rest-column)");
        for (Map.Entry<String, AttributeSample> attribute : attributes.entrySet()) {
            String attributeName = attribute.getKey();
            if (sample.key().contains(attributeName)) {
                continue;
            }
            Optional<String> problem = restColumn.filter(attributeName::equalsIgnoreCase)
                    .map(c -> "its name is the rest column's").or(() -> problem(attributeName, taken));
            if (problem.isPresent()) {
                notes.add("attribute \"" + attributeName + "\" is no column: " + problem.get() + "; " + carried + ".");
                continue;
            }
            taken.add(attributeName.toLowerCase(Locale.ROOT));
            columns.add(column(attributeName, "attribute", attribute.getValue()));
        }
        restColumn.ifPresent(c -> columns.add(new SourceColumn(c, "the attributes without a column, as JSON text",
                MappedType.of(DynamoDbTarget.REST_COLUMN_TYPE))));
        if (sample.items() == 0) {
            notes.add("warning: the sample holds no item, so the definition has the key only" + restColumn.map(c -> " (and "
                    + c + " for every other attribute)").orElse("") + ": run init again once the table has items, or"
                    + " add the columns by hand.");
        }
        return new SourceTable(name, columns, sample.key(), notes);
    }

    private static SourceColumn column(String attribute, String role, AttributeSample sample) {
        MappedType mapped = sample.mapped();
        // A column set to string by hand takes every descriptor: a later sample does not change it back.
        return new SourceColumn(attribute, "DynamoDB " + role + " " + String.join("/", sample.descriptors().stream()
                .map(Enum::name).toList()), mapped.type().equals("string") ? mapped : mapped.orAlso("string"));
    }

    /**
     * Why an attribute cannot be a column, if it cannot.
     *
     * @param taken the columns so far, lower-cased
     */
    static Optional<String> problem(String attribute, Set<String> taken) {
        if (!deltaAccepts(attribute)) {
            return Optional.of("Delta refuses column names that hold " + DELTA_REFUSES);
        }
        if (attribute.startsWith("__")) {
            return Optional.of("column names starting with \"__\" are dms-delta's own");
        }
        if (attribute.equalsIgnoreCase(EventSettings.DEFAULT_SEQUENCE_COLUMN)) {
            return Optional.of(EventSettings.DEFAULT_SEQUENCE_COLUMN + " is the column dms-delta keeps each row's change"
                    + " sequence in");
        }
        if (taken.contains(attribute.toLowerCase(Locale.ROOT))) {
            return Optional.of("another column has the same name but for case, and Spark's column names ignore case");
        }
        return Optional.empty();
    }

    private static boolean deltaAccepts(String columnName) {
        return SchemaUtils$.MODULE$.findInvalidColumnNamesInSchema(new StructType().add(columnName, DataTypes.StringType))
                .isEmpty();
    }
}
