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
 * @param source             the {@code "source"} of a definition for another producer than DMS; empty for DMS (no
 *                           {@code "source"})
 */
public record TableSpec(
        TableName name,
        List<String> primaryKey,
        List<ColumnSpec> columns,
        Optional<String> sequenceColumn,
        Optional<String> beforeImagePrefix,
        Optional<ImagedColumns> beforeImageColumns,
        Optional<String> beforeImagesFrom,
        boolean ignoreUnknownColumns,
        Optional<SourceSpec> source) {

    public TableSpec {
        Objects.requireNonNull(name, "name");
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        Objects.requireNonNull(sequenceColumn, "sequenceColumn");
        Objects.requireNonNull(beforeImagePrefix, "beforeImagePrefix");
        Objects.requireNonNull(beforeImageColumns, "beforeImageColumns");
        Objects.requireNonNull(beforeImagesFrom, "beforeImagesFrom");
        Objects.requireNonNull(source, "source");
    }

    /** A DMS definition. */
    public TableSpec(TableName name, List<String> primaryKey, List<ColumnSpec> columns, Optional<String> sequenceColumn,
                     Optional<String> beforeImagePrefix, Optional<ImagedColumns> beforeImageColumns,
                     Optional<String> beforeImagesFrom, boolean ignoreUnknownColumns) {
        this(name, primaryKey, columns, sequenceColumn, beforeImagePrefix, beforeImageColumns, beforeImagesFrom,
                ignoreUnknownColumns, Optional.empty());
    }

    /** {@code dms}, {@code debezium}, ...: as the definition's {@code "source"} names it. */
    public String format() {
        return source.map(SourceSpec::format).orElse(io.dmsdelta.config.SourceDefinition.Dms.FORMAT);
    }

    public Optional<ColumnSpec> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnSpec::name).toList();
    }
}
