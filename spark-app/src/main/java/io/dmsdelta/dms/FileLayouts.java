package io.dmsdelta.dms;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.Failures;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides each file's {@link FileLayout} from its first records, the table definition and the endpoint
 * settings. Whether the operation column is present is detected rather than assumed: DMS's documentation
 * contradicts itself on it for {@code CdcInsertsOnly}/{@code CdcInsertsAndUpdates}, and
 * {@code IncludeOpForFullLoad} changes it for LOAD files.
 */
public final class FileLayouts {

    private final TableDefinition table;
    private final EndpointSettings settings;
    private final FirstRecords firstRecords;
    private final Map<String, String> ignoredColumns = new LinkedHashMap<>();

    public FileLayouts(TableDefinition table, EndpointSettings settings, FirstRecords firstRecords) {
        this.table = table;
        this.settings = settings;
        this.firstRecords = firstRecords;
    }

    /**
     * @return the file's layout, or empty when the file holds no rows (an empty file applies no change)
     * @throws BadInputException when the file cannot be read or its layout does not fit the table
     */
    public Optional<FileLayout> of(DmsFile file) {
        if (file.isParquet()) {
            return parquetLayout(file);
        }
        List<String[]> records;
        try {
            records = file.isEmpty() ? List.of() : firstRecords.read(file);
        } catch (IOException e) {
            throw new BadInputException(table.qualifiedName(), InputError.ofFile(file.path(),
                    "cannot be read" + (file.name().endsWith(".gz") ? " (is it a complete gzip file?)" : "")
                            + ": " + Failures.rootCause(e)));
        }
        if (records.isEmpty() || (settings.addColumnName() && records.size() == 1)) {
            return Optional.empty();
        }
        if (DmsFileNames.isTransactionFile(file.name())) {
            return Optional.of(transactionLayout(records.get(0)));
        }
        return Optional.of(settings.addColumnName()
                ? fromHeader(file, records.get(0), records.get(1).length)
                : fromWidth(file, records.get(0)));
    }

    /** Header columns skipped because the definition allows unknown columns, each with the first file naming it. */
    public Map<String, String> ignoredColumns() {
        return Collections.unmodifiableMap(ignoredColumns);
    }

    /** Parquet columns are named like a header's, and the operation column is {@code Op} when present. */
    private Optional<FileLayout> parquetLayout(DmsFile file) {
        String[] names;
        try {
            names = firstRecords.parquetColumns(file);
        } catch (IOException e) {
            throw new BadInputException(table.qualifiedName(), InputError.ofFile(file.path(),
                    "cannot be read as Parquet: " + Failures.rootCause(e)));
        }
        FileLayout byName = fromHeader(file, names, names.length);
        return Optional.of(new FileLayout(false, byName.fields(), true));
    }

    /**
     * A CDC_TXN row is {@code op,table_name,schema_name,values...}; the first record may be any table's, so
     * this table's full width is assumed and rows of it that differ are reported as malformed. Where DMS puts
     * the {@code TimestampColumnName} column in these rows is not documented: it is taken to be right after
     * the operation when the file's first record has a timestamp there, else right before the values.
     */
    private FileLayout transactionLayout(String[] first) {
        List<String> fields = new ArrayList<>(List.of(FileLayout.OP, FileLayout.TXN_TABLE, FileLayout.TXN_SCHEMA));
        fields.addAll(table.readFields(settings.timestampColumnName()));
        boolean timestampFirst = settings.timestampColumnName().isPresent() && first.length > 1
                && first[1].matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}.*");
        if (timestampFirst) {
            fields.add(1, fields.remove(3));
        }
        return new FileLayout(false, fields);
    }

    /**
     * Without a header, fields are mapped by position: operation (if any), then the value fields. A file may
     * lack any number of the trailing {@code addedLater} columns. When a width fits both "with the operation
     * column" and "without it, one more column", the first field decides for a CDC file (I, U or D) and
     * {@code IncludeOpForFullLoad} for a LOAD file.
     */
    private FileLayout fromWidth(DmsFile file, String[] first) {
        List<String> full = table.readFields(settings.timestampColumnName());
        List<String> optional = table.columns().stream().filter(ColumnDefinition::addedLater).map(ColumnDefinition::name).toList();
        FileLayout withOp = null;
        FileLayout withoutOp = null;
        List<Integer> widths = new ArrayList<>();
        for (int omitted = 0; omitted <= optional.size(); omitted++) {
            List<String> fields = new ArrayList<>(full);
            fields.removeAll(optional.subList(optional.size() - omitted, optional.size()));
            if (first.length == fields.size() + 1) {
                List<String> op = new ArrayList<>(fields);
                op.add(0, FileLayout.OP);
                withOp = new FileLayout(false, op);
            } else if (first.length == fields.size()) {
                withoutOp = new FileLayout(false, fields);
            }
            widths.add(fields.size());
        }
        if (withOp != null && withoutOp != null) {
            boolean hasOp = file.kind() == DmsFileKind.CDC
                    ? first.length > 0 && List.of("I", "U", "D").contains(first[0])
                    : settings.includeOpForFullLoad();
            return hasOp ? withOp : withoutOp;
        }
        if (withOp != null || withoutOp != null) {
            return withOp != null ? withOp : withoutOp;
        }
        String expected = widths.stream().map(w -> (w + 1) + " or " + w).distinct().reduce((a, b) -> a + ", " + b).orElseThrow();
        throw new BadInputException(table.qualifiedName(), new InputError(file.path(), 1, null, null,
                "has " + first.length + " fields, but table " + table.qualifiedName() + " expects " + expected
                        + " (with and without the operation column) for " + String.join(", ", full)
                        + (optional.isEmpty() ? "" : ", where files may lack the trailing addedLater columns")
                        + ". Check the table definition's columns and the endpoint settings (TimestampColumnName,"
                        + " AddColumnName); a column the source gained later is declared with \"addedLater\": true."));
    }

    private FileLayout fromHeader(DmsFile file, String[] header, int rowWidth) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        if (header.length > 0 && "op".equalsIgnoreCase(header[0]) && table.columnIgnoringCase(header[0]).isEmpty()) {
            fields.add(FileLayout.OP);
            start = 1;
        } else if (rowWidth == header.length + 1) {
            fields.add(FileLayout.OP); // the header leaves the operation column unnamed
        }
        Set<String> seen = new HashSet<>();
        for (int i = start; i < header.length; i++) {
            Optional<String> field = fieldNamed(file, header[i]);
            if (field.isEmpty()) {
                fields.add(FileLayout.IGNORED + i);
                continue;
            }
            if (!seen.add(field.get())) {
                throw headerError(file, header[i], "is named twice in the " + names(file));
            }
            fields.add(field.get());
        }
        for (String key : table.primaryKey()) {
            if (!seen.contains(key)) {
                throw headerError(file, key, "primary key column is missing from the " + names(file));
            }
        }
        return new FileLayout(true, fields);
    }

    /** The field a header name maps to; empty for a column to skip. */
    private Optional<String> fieldNamed(DmsFile file, String name) {
        Optional<String> timestamp = settings.timestampColumnName().filter(t -> t.equalsIgnoreCase(name));
        if (timestamp.isPresent()) {
            return timestamp;
        }
        Optional<String> column = table.columnIgnoringCase(name).map(ColumnDefinition::name);
        if (column.isPresent()) {
            return column;
        }
        Optional<String> imageOf = table.beforeImageOf(name);
        if (imageOf.isPresent()) {
            // Only the key's before-image matters: it tells which row a key-changing update moves.
            return imageOf.filter(table::isKey).map(TableDefinition::beforeImageField);
        }
        if (table.ignoreUnknownColumns()) {
            ignoredColumns.putIfAbsent(name, file.path());
            return Optional.empty();
        }
        throw headerError(file, name, "the " + names(file) + " names a column that table " + table.qualifiedName()
                + " does not define; add it to the table definition (or set \"ignoreUnknownColumns\": true)");
    }

    /** What names a file's columns, for messages. */
    private static String names(DmsFile file) {
        return file.isParquet() ? "Parquet schema" : "header";
    }

    private BadInputException headerError(DmsFile file, String column, String problem) {
        return new BadInputException(table.qualifiedName(), new InputError(file.path(), 1, column, null, problem));
    }
}
