package io.dmsdelta.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.types.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --tables} file: the tables dms-delta maintains. Parsing validates everything a run would
 * otherwise trip over later (unknown keys, types Spark does not know, key columns that are not columns),
 * so that a typo fails before any data is read. See {@code docs/configuration.md}.
 */
public final class TableDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final List<TableDefinition> tables;

    private TableDefinitions(List<TableDefinition> tables) {
        this.tables = List.copyOf(tables);
    }

    public List<TableDefinition> all() {
        return tables;
    }

    public Optional<TableDefinition> find(String schema, String table) {
        return tables.stream().filter(t -> t.schema().equals(schema) && t.table().equals(table)).findFirst();
    }

    public Optional<TableDefinition> find(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }

    /**
     * @param json   the file's text
     * @param origin where it came from, named in error messages
     * @throws ConfigException naming the table and field that is wrong
     */
    public static TableDefinitions parse(String json, String origin) {
        File file;
        try {
            file = JSON.readValue(json, File.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Table definitions " + origin + " are not valid: " + e.getOriginalMessage()
                    + " (see docs/configuration.md for the format)");
        }
        if (file.tables == null || file.tables.isEmpty()) {
            throw new ConfigException("Table definitions " + origin + " define no tables: add a \"tables\" array.");
        }
        List<TableDefinition> tables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.tables.size(); i++) {
            TableDefinition table = file.tables.get(i).toDefinition(origin + " tables[" + i + "]");
            if (!seen.add(table.qualifiedName())) {
                throw new ConfigException("Table definitions " + origin + " define " + table.qualifiedName() + " twice.");
            }
            tables.add(table);
        }
        return new TableDefinitions(tables);
    }

    private record File(@JsonProperty("tables") List<Table> tables) {
    }

    private record Column(@JsonProperty("name") String name, @JsonProperty("type") String type,
                          @JsonProperty("addedLater") Boolean addedLater) {
    }

    private record Table(
            @JsonProperty("schema") String schema,
            @JsonProperty("table") String table,
            @JsonProperty("primaryKey") List<String> primaryKey,
            @JsonProperty("columns") List<Column> columns,
            @JsonProperty("sequenceColumn") String sequenceColumn,
            @JsonProperty("beforeImagePrefix") String beforeImagePrefix,
            @JsonProperty("ignoreUnknownColumns") Boolean ignoreUnknownColumns) {

        TableDefinition toDefinition(String where) {
            require(schema, where, "schema");
            require(table, where, "table");
            String name = where + " (" + schema + "." + table + ")";
            if (columns == null || columns.isEmpty()) {
                throw new ConfigException(name + ": \"columns\" must list the table's columns in file order.");
            }
            if (primaryKey == null || primaryKey.isEmpty()) {
                throw new ConfigException(name + ": \"primaryKey\" must name at least one column;"
                        + " changes are merged by key.");
            }
            List<ColumnDefinition> defined = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Column column : columns) {
                require(column.name, name, "columns[].name");
                require(column.type, name, "type of column " + column.name);
                if (!names.add(column.name.toLowerCase(java.util.Locale.ROOT))) {
                    throw new ConfigException(name + ": column " + column.name + " is listed twice.");
                }
                if (column.name.startsWith("__")) {
                    throw new ConfigException(name + ": column " + column.name
                            + " starts with \"__\", which dms-delta reserves for its own bookkeeping columns.");
                }
                boolean addedLater = Boolean.TRUE.equals(column.addedLater);
                if (!addedLater && defined.stream().anyMatch(ColumnDefinition::addedLater)) {
                    throw new ConfigException(name + ": column " + column.name + " comes after a column marked"
                            + " addedLater; DMS appends added columns, so list them last.");
                }
                defined.add(new ColumnDefinition(column.name, parseType(column.type, name + " column " + column.name),
                        addedLater));
            }
            for (String key : primaryKey) {
                if (!names.contains(key.toLowerCase(java.util.Locale.ROOT))
                        || defined.stream().noneMatch(c -> c.name().equals(key))) {
                    throw new ConfigException(name + ": primary key column " + key + " is not one of its columns.");
                }
            }
            for (ColumnDefinition column : defined) {
                if (column.addedLater() && (primaryKey.contains(column.name()) || column.name().equals(sequenceColumn))) {
                    throw new ConfigException(name + ": column " + column.name() + " is a key or the sequence column,"
                            + " so every file must carry it; it cannot be addedLater.");
                }
            }
            if (beforeImagePrefix != null) {
                require(beforeImagePrefix, name, "beforeImagePrefix");
                for (String key : primaryKey) {
                    String field = beforeImagePrefix + key;
                    if (names.contains(field.toLowerCase(java.util.Locale.ROOT))) {
                        throw new ConfigException(name + ": the before-image column " + field + " of key " + key
                                + " is also listed as a column; before-image columns are read by beforeImagePrefix alone.");
                    }
                }
            }
            // A sequenceColumn that is not a column may be the endpoint's TimestampColumnName, checked with the settings.
            return new TableDefinition(schema, table, primaryKey, defined, Optional.ofNullable(sequenceColumn),
                    Optional.ofNullable(beforeImagePrefix), Boolean.TRUE.equals(ignoreUnknownColumns));
        }

        private static void require(String value, String where, String field) {
            if (value == null || value.isBlank()) {
                throw new ConfigException(where + ": \"" + field + "\" is missing.");
            }
        }

        private static DataType parseType(String type, String where) {
            try {
                return DataType.fromDDL(type);
            } catch (Exception e) { // Spark's ParseException is a checked exception that Scala does not declare
                throw new ConfigException(where + ": \"" + type + "\" is not a Spark SQL type"
                        + " (use int, bigint, decimal(p,s), double, string, date, timestamp, boolean, ...).");
            }
        }
    }
}
