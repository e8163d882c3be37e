package io.dmsdelta.dms;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.Failures;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides each file's {@link FileLayout}: what the settings say first, then the file's content, and the width of
 * its rows last.
 * <ol>
 *   <li>The operation column: a LOAD file has it when {@code IncludeOpForFullLoad} is set, a CDC file always
 *   (with {@code CdcInsertsOnly} or {@code CdcInsertsAndUpdates}, whose documentation contradicts itself on
 *   it, the first field decides). Its first field must then be an operation code.</li>
 *   <li>The {@code TimestampColumnName} column, right after it, when the endpoint sets one.</li>
 *   <li>The table's columns, then the optional trailing groups ({@link TrailingGroups}): a prefix of the
 *   {@code addedLater} columns, then the before-image columns. The first record's width says which groups the
 *   file carries. When several combinations have that width, a file keeps the groups of the file before it
 *   (DMS appends groups, never drops them), an insert row never carries a before-image, and
 *   {@code beforeImagesFrom} decides where given; what remains ambiguous fails, naming the layouts.</li>
 * </ol>
 * With a header ({@code AddColumnName}) or in Parquet, columns are found by name instead.
 */
public final class FileLayouts {

    /** Records peeked per file: the first decides the width, the others help to tell before-images apart. */
    static final int PEEKED_RECORDS = 20;

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
     * @param previous the trailing groups of the file before this one in commit order (or what the table recorded
     *                 of the last file it applied); {@link TrailingGroups#NONE} when nothing is known
     * @return the file's layout, or empty when the file holds no rows (an empty file applies no change)
     * @throws BadInputException when the file cannot be read or its layout does not fit the table and settings
     */
    public Optional<FileLayout> of(DmsFile file, TrailingGroups previous) {
        if (file.isParquet()) {
            return parquetLayout(file);
        }
        List<String[]> records;
        try {
            records = file.isEmpty() ? List.of() : firstRecords.read(file, PEEKED_RECORDS);
        } catch (FirstRecords.ValueTooLongException e) {
            throw new BadInputException(table.qualifiedName(), new InputError(file.path(), e.record(), null, null,
                    e.getMessage()));
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
                : fromWidth(file, records, previous));
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
        return Optional.of(new FileLayout(false, byName.fields(), true, Optional.empty()));
    }

    /**
     * A CDC_TXN row is {@code op,table_name,schema_name,values...}; the first record may be any table's, so
     * this table's full width is assumed and rows of it that differ are reported as malformed. Where DMS puts
     * the {@code TimestampColumnName} column in these rows is not documented: it is taken to be right after
     * the operation when the file's first record has a timestamp there, else right before the values.
     */
    private FileLayout transactionLayout(String[] first) {
        List<String> fields = new ArrayList<>(List.of(FileLayout.OP, FileLayout.TXN_TABLE, FileLayout.TXN_SCHEMA));
        settings.timestampColumnName().ifPresent(fields::add);
        table.columns().forEach(c -> fields.add(c.name()));
        fields.addAll(table.beforeImageGroup(FileLayout.IGNORED));
        boolean timestampFirst = settings.timestampColumnName().isPresent() && first.length > 1
                && first[1].matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}.*");
        if (timestampFirst) {
            fields.add(1, fields.remove(3));
        }
        return new FileLayout(false, fields, false, Optional.empty());
    }

    /** One way a headerless file's fields can map to columns. */
    private record Candidate(FileLayout layout, boolean op, TrailingGroups groups) {
    }

    private FileLayout fromWidth(DmsFile file, List<String[]> records, TrailingGroups previous) {
        String[] first = records.get(0);
        List<Candidate> all = candidates(file);
        List<Candidate> fitting = all.stream().filter(c -> c.layout().fields().size() == first.length).toList();
        if (fitting.isEmpty()) {
            throw layoutError(file, first, all, "has " + first.length + " fields, which fits none of the layouts"
                    + " table " + table.qualifiedName() + " can have in this file" + widthHint(file, first.length));
        }
        List<Candidate> withOp = fitting.stream().filter(Candidate::op).toList();
        List<Candidate> withoutOp = fitting.stream().filter(c -> !c.op()).toList();
        boolean startsWithOp = first.length > 0 && operations(file).contains(first[0]);
        if (!withOp.isEmpty() && !withoutOp.isEmpty()) {
            fitting = startsWithOp ? withOp : withoutOp; // CdcInsertsOnly/CdcInsertsAndUpdates: detected
        } else if (!withOp.isEmpty() && !startsWithOp && !looksLikeAnOperationCode(first[0])) {
            // An unknown code such as X is a bad row, reported by the typing step; a value there is a wrong layout.
            throw layoutError(file, first, fitting, "starts with \"" + Failures.cut(first.length > 0 ? first[0] : "")
                    + "\", which is not " + String.join(" or ", operations(file)) + ", but " + opReason(file)
                    + " the operation column first. " + opFix(file));
        }
        return pick(file, records, fitting, previous).layout();
    }

    /** Every layout the table can have in this file, given what the settings fix. */
    private List<Candidate> candidates(DmsFile file) {
        List<String> optional = table.columns().stream().filter(ColumnDefinition::addedLater).map(ColumnDefinition::name).toList();
        List<String> base = new ArrayList<>();
        settings.timestampColumnName().ifPresent(base::add);
        table.columns().stream().filter(c -> !c.addedLater()).forEach(c -> base.add(c.name()));
        List<String> images = table.beforeImageGroup(FileLayout.IGNORED);
        List<Candidate> candidates = new ArrayList<>();
        for (boolean op : opChoices(file)) {
            for (int present = 0; present <= optional.size(); present++) {
                for (boolean withImages : imageChoices(file, images)) {
                    List<String> fields = new ArrayList<>();
                    if (op) {
                        fields.add(FileLayout.OP);
                    }
                    fields.addAll(base);
                    fields.addAll(optional.subList(0, present));
                    if (withImages) {
                        fields.addAll(images);
                    }
                    TrailingGroups groups = new TrailingGroups(present, withImages);
                    candidates.add(new Candidate(FileLayout.positional(fields, groups), op, groups));
                }
            }
        }
        return candidates;
    }

    private List<Boolean> opChoices(DmsFile file) {
        if (file.kind() == DmsFileKind.LOAD) {
            return List.of(settings.includeOpForFullLoad());
        }
        return settings.cdcOperationColumnMayBeMissing() ? List.of(true, false) : List.of(true);
    }

    /** With {@code beforeImagesFrom}, a CDC file's name says whether it has before-images; else both are tried. */
    private List<Boolean> imageChoices(DmsFile file, List<String> images) {
        if (images.isEmpty()) {
            return List.of(false);
        }
        Optional<Long> from = table.beforeImages().orElseThrow().fromNanos();
        if (from.isPresent() && file.kind() == DmsFileKind.CDC) {
            return List.of(file.cdcTimestampNanos() >= from.get());
        }
        return List.of(false, true);
    }

    /** One or two letters: what an operation code looks like, even an unknown one. */
    private static boolean looksLikeAnOperationCode(String field) {
        return field != null && field.matches("[A-Za-z]{1,2}");
    }

    private static List<String> operations(DmsFile file) {
        return Operation.codesAllowedIn(file.kind());
    }

    /**
     * Several layouts fit the width: each test below leaves out candidates, unless it would leave none. A file keeps
     * the groups of the file before it; an insert has no before-image, so a candidate that reads filled
     * before-image fields on an {@code I} row is out. Of what remains, the previous file's groups win.
     */
    private Candidate pick(DmsFile file, List<String[]> records, List<Candidate> fitting, TrailingGroups previous) {
        List<Candidate> left = narrow(fitting, c -> c.groups().keeps(previous));
        left = narrow(left, c -> !beforeImageOnInsert(c, records));
        if (left.size() == 1) {
            return left.get(0);
        }
        Optional<Candidate> unchanged = left.stream().filter(c -> c.groups().equals(previous)).findFirst();
        if (unchanged.isPresent()) {
            return unchanged.get();
        }
        throw layoutError(file, records.get(0), left, "has " + records.get(0).length + " fields, which fits "
                + left.size() + " layouts, and neither the file before it (" + previous.describe() + ") nor the rows"
                + " tell which one DMS wrote. Set \"beforeImagesFrom\" in the table definition to the first CDC file"
                + " written with before-image columns, so each file's name decides");
    }

    private static List<Candidate> narrow(List<Candidate> candidates, java.util.function.Predicate<Candidate> test) {
        List<Candidate> kept = candidates.stream().filter(test).toList();
        return kept.isEmpty() ? candidates : kept;
    }

    private static boolean beforeImageOnInsert(Candidate candidate, List<String[]> records) {
        if (!candidate.groups().beforeImages() || !candidate.op()) {
            return false;
        }
        List<String> fields = candidate.layout().fields();
        for (String[] record : records) {
            if (record.length != fields.size() || !Operation.INSERT.code().equals(record[0])) {
                continue;
            }
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).startsWith(TableDefinition.BEFORE_IMAGE_FIELD) && record[i] != null && !record[i].isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Why the file is expected to start with the operation column. */
    private String opReason(DmsFile file) {
        return file.kind() == DmsFileKind.LOAD ? "IncludeOpForFullLoad=true says a LOAD file has"
                : "a CDC file always has";
    }

    private String opFix(DmsFile file) {
        return file.kind() == DmsFileKind.LOAD
                ? "If DMS wrote the full load without it, set IncludeOpForFullLoad to false in --endpoint-settings"
                : "Check that the file is a DMS CDC file of this table and that --endpoint-settings are the ones it was"
                + " written with (TimestampColumnName, CsvDelimiter)";
    }

    /** What a width that fits nothing suggests: a different operation column setting, usually. */
    private String widthHint(DmsFile file, int width) {
        if (file.kind() != DmsFileKind.LOAD) {
            return "";
        }
        boolean other = !settings.includeOpForFullLoad();
        int oneMoreOrLess = other ? width - 1 : width + 1;
        boolean fitsOther = candidates(file).stream().anyMatch(c -> c.layout().fields().size() == oneMoreOrLess);
        return !fitsOther ? "" : ". It would fit with" + (other ? "" : "out") + " the operation column: set"
                + " IncludeOpForFullLoad to " + other + " in --endpoint-settings if DMS wrote the full load that way";
    }

    private BadInputException layoutError(DmsFile file, String[] first, List<Candidate> tried, String problem) {
        StringBuilder text = new StringBuilder(problem).append(". Layouts tried:");
        tried.forEach(c -> text.append("\n      ").append(c.layout().describe()));
        text.append("\n    Check the table definition's columns (a column the source gained later is declared with"
                + " \"addedLater\": true, last), beforeImagePrefix and beforeImageColumns, and the endpoint settings"
                + " (IncludeOpForFullLoad, TimestampColumnName, CsvDelimiter).");
        return new BadInputException(table.qualifiedName(), new InputError(file.path(), 1, null, null, text.toString()));
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
        return FileLayout.named(fields);
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
