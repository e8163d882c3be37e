package io.dmsdelta.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What dms-delta knows about one replicated table: where DMS writes it ({@code <schema>/<table>/}), its
 * primary key and its columns in the order DMS writes them (source columns, then columns added by
 * table-mapping rules).
 *
 * @param schema         source schema name, as DMS names the folder
 * @param table          source table name, as DMS names the folder
 * @param primaryKey     key columns, at least one; each is also in {@code columns}
 * @param columns        ordered columns with their Spark SQL types
 * @param sequenceColumn optional column (e.g. {@code AR_H_CHANGE_SEQ}) that orders changes before file and row order
 */
public record TableDefinition(
        String schema,
        String table,
        List<String> primaryKey,
        List<ColumnDefinition> columns,
        Optional<String> sequenceColumn) {

    public TableDefinition {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
    }

    /** {@code schema.table}, the name used in reports and on the command line. */
    public String qualifiedName() {
        return schema + "." + table;
    }

    public Optional<ColumnDefinition> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Finds a column by exact name first, then ignoring case (headers from some sources change case). */
    public Optional<ColumnDefinition> columnIgnoringCase(String name) {
        return column(name).or(() -> columns.stream()
                .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst());
    }

    public boolean isKey(String column) {
        return primaryKey.contains(column);
    }

    public List<ColumnDefinition> nonKeyColumns() {
        return columns.stream().filter(c -> !isKey(c.name())).toList();
    }
}
