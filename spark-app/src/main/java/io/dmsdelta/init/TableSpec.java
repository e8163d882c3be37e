package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One table of a definition file as init reads and writes it: the keys of {@code docs/configuration.md}
 * ("Table definitions"), types kept as text so that a hand-written spelling survives a re-run.
 *
 * @param primaryKey         empty only before the key is settled (a table without one is never written)
 * @param beforeImagePrefix  with {@code beforeImageColumns} and {@code beforeImagesFrom}, the before-image keys
 */
public record TableSpec(
        TableName name,
        List<String> primaryKey,
        List<ColumnSpec> columns,
        Optional<String> sequenceColumn,
        Optional<String> beforeImagePrefix,
        Optional<ImagedColumns> beforeImageColumns,
        Optional<String> beforeImagesFrom,
        boolean ignoreUnknownColumns) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        Objects.requireNonNull(sequenceColumn, "sequenceColumn");
        Objects.requireNonNull(beforeImagePrefix, "beforeImagePrefix");
        Objects.requireNonNull(beforeImageColumns, "beforeImageColumns");
        Objects.requireNonNull(beforeImagesFrom, "beforeImagesFrom");
    }

    public Optional<ColumnSpec> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }
}
