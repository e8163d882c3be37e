package io.dmsdelta.init;

import java.util.Comparator;
import java.util.Objects;

/**
 * A table of the source, named as DMS names its folders: {@code <schema>/<table>/} (for MySQL and MariaDB the
 * database is the schema).
 */
public record TableName(String schema, String table) implements Comparable<TableName> {

    private static final Comparator<TableName> ORDER =
            Comparator.comparing(TableName::schema).thenComparing(TableName::table);

    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /** {@code schema.table}, as reports and the command line name tables. */
    public String qualified() {
        return schema + "." + table;
    }

    /** By schema, then table: the order the definitions are written in. */
    @Override
    public int compareTo(TableName other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return qualified();
    }
}
