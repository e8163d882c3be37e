package io.dmsdelta.dms;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.Failures;

import java.io.IOException;
import java.util.ArrayList;
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
        return Optional.of(settings.addColumnName()
                ? fromHeader(file, records.get(0), records.get(1).length)
                : fromWidth(file, records.get(0).length));
    }

    private List<String> valueFields() {
        List<String> fields = new ArrayList<>();
        settings.timestampColumnName().ifPresent(fields::add);
        table.columns().forEach(c -> fields.add(c.name()));
        return fields;
    }

    private FileLayout fromWidth(DmsFile file, int width) {
        List<String> fields = valueFields();
        if (width == fields.size() + 1) {
            fields.add(0, FileLayout.OP);
        } else if (width != fields.size()) {
            throw new BadInputException(table.qualifiedName(), new InputError(file.path(), 1, null, null,
                    "has " + width + " fields, but table " + table.qualifiedName() + " expects "
                            + (fields.size() + 1) + " (I/U/D, " + String.join(", ", fields) + ") or "
                            + fields.size() + " without the operation column. Check the table definition's"
                            + " columns and the endpoint settings (TimestampColumnName, AddColumnName)."));
        }
        return new FileLayout(false, fields);
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
            String column = columnNamed(file, header[i]);
            if (!seen.add(column)) {
                throw headerError(file, header[i], "is named twice in the header");
            }
            fields.add(column);
        }
        for (String key : table.primaryKey()) {
            if (!seen.contains(key)) {
                throw headerError(file, key, "primary key column is missing from the header");
            }
        }
        return new FileLayout(true, fields);
    }

    private String columnNamed(DmsFile file, String name) {
        Optional<String> timestamp = settings.timestampColumnName().filter(t -> t.equalsIgnoreCase(name));
        return timestamp.or(() -> table.columnIgnoringCase(name).map(ColumnDefinition::name))
                .orElseThrow(() -> headerError(file, name, "the header names a column that table "
                        + table.qualifiedName() + " does not define; add it to the table definition"));
    }

    private BadInputException headerError(DmsFile file, String column, String problem) {
        return new BadInputException(table.qualifiedName(), new InputError(file.path(), 1, column, null, problem));
    }
}
