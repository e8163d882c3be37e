package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import org.apache.spark.sql.types.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the command line says about tables that the source cannot: a key ({@code --primary-key
 * schema.table=col1,col2}) for a table without one, and a type ({@code --type schema.table.column=decimal(10,2)})
 * for a column whose type the source does not give or the mapping only guesses.
 *
 * @param keys  the key columns, in order, per table
 * @param types the declared type per column, per table
 */
public record Overrides(Map<TableName, List<String>> keys, Map<TableName, Map<String, String>> types) {

    public static final Overrides NONE = new Overrides(Map.of(), Map.of());

    public Overrides {
        keys = Map.copyOf(keys);
        types = Map.copyOf(types);
    }

    /**
     * @param keyOptions  {@code schema.table=col1,col2}: the schema ends at the first dot
     * @param typeOptions {@code schema.table.column=type}: the schema ends at the first dot, the column starts after
     *                    the last one
     * @throws ConfigException for a malformed option, a type Spark does not know, or a table or column given twice
     */
    public static Overrides parse(List<String> keyOptions, List<String> typeOptions) {
        Map<TableName, List<String>> keys = new LinkedHashMap<>();
        for (String option : keyOptions) {
            String[] sides = sides(option, "--primary-key", "schema.table=col1,col2");
            TableName table = tableName(sides[0], option, "--primary-key", "schema.table=col1,col2");
            List<String> columns = new ArrayList<>();
            for (String column : sides[1].split(",", -1)) {
                if (column.isBlank() || columns.contains(column.trim())) {
                    throw new ConfigException("--primary-key " + option + " must list each key column once, separated"
                            + " by commas: schema.table=col1,col2.");
                }
                columns.add(column.trim());
            }
            if (keys.put(table, List.copyOf(columns)) != null) {
                throw new ConfigException("--primary-key is given twice for " + table + ".");
            }
        }
        Map<TableName, Map<String, String>> types = new LinkedHashMap<>();
        for (String option : typeOptions) {
            String[] sides = sides(option, "--type", "schema.table.column=type");
            int last = sides[0].lastIndexOf('.');
            TableName table = last > 0 ? tableName(sides[0].substring(0, last), option, "--type", "schema.table.column=type") : null;
            String column = sides[0].substring(last + 1);
            if (table == null || column.isEmpty()) {
                throw new ConfigException("--type " + option + " is not schema.table.column=type, e.g."
                        + " public.orders.amount=decimal(10,2).");
            }
            String type = sides[1].trim();
            try {
                DataType.fromDDL(type);
            } catch (Exception e) { // Spark's ParseException is checked in Scala's eyes only
                throw new ConfigException("--type " + option + ": \"" + type + "\" is not a Spark SQL type (use int,"
                        + " bigint, decimal(p,s), double, string, date, timestamp, boolean, binary, ...).");
            }
            if (types.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(column, type) != null) {
                throw new ConfigException("--type is given twice for " + table + "." + column + ".");
            }
        }
        return new Overrides(keys, types);
    }

    public Optional<List<String>> key(TableName table) {
        return Optional.ofNullable(keys.get(table));
    }

    public Map<String, String> types(TableName table) {
        return types.getOrDefault(table, Map.of());
    }

    /** Every table an option names, to check each against the tables init read. */
    public Set<TableName> tables() {
        Set<TableName> named = new TreeSet<>(keys.keySet());
        named.addAll(types.keySet());
        return named;
    }

    private static String[] sides(String option, String name, String form) {
        Objects.requireNonNull(option, name);
        int equals = option.indexOf('=');
        if (equals <= 0 || equals == option.length() - 1) {
            throw new ConfigException(name + " " + option + " is not " + form + ".");
        }
        return new String[] {option.substring(0, equals), option.substring(equals + 1)};
    }

    private static TableName tableName(String text, String option, String name, String form) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new ConfigException(name + " " + option + " is not " + form + ": the table must be schema.table.");
        }
        return new TableName(text.substring(0, dot), text.substring(dot + 1));
    }
}
