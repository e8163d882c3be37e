package io.dmsdelta.changeset;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.dms.RawColumns;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The typed rows of a batch of files. A full load's rows are validated, checked for duplicate keys and written:
 * they are kept (memory, spilling to disk) so the files are read once however many steps use them. A CDC batch is
 * read once, by {@link #compact}, which keeps only its result. Close it to release what was kept.
 */
public final class ChangeSet implements AutoCloseable {

    private static final int ERRORS_SHOWN = 20;
    private static final String LINE = "__line_in_file";
    private static final String LAST = "__last";
    private static final String READ = "__read";
    private static final String BAD = "__bad";

    private final TableDefinition table;
    private final Optional<String> timestampColumn;
    private final Dataset<Row> rows;
    private boolean badRowsSetAside;

    /** @param kind what the rows were read from: decides which operations and columns are required */
    public ChangeSet(Dataset<Row> raw, TableDefinition table, Optional<String> timestampColumn, DmsFileKind kind) {
        this.table = table;
        this.timestampColumn = timestampColumn;
        Dataset<Row> typed = TypedRows.type(raw, table, timestampColumn, kind);
        this.rows = kind == DmsFileKind.LOAD ? typed.persist(StorageLevel.MEMORY_AND_DISK()) : typed;
    }

    /** How many rows a batch holds, and how many of them are bad. */
    public record Counts(long rows, long badRows) {
    }

    /**
     * Reads every row once and checks it.
     *
     * @return the number of rows
     * @throws BadInputException listing the first bad rows with file, line, column and value
     */
    public long validate() {
        Counts counts = countRows();
        if (counts.badRows() > 0) {
            throw new BadInputException(table.qualifiedName(), firstErrors(), counts.badRows());
        }
        return counts.rows();
    }

    /**
     * Reads every row once and checks it, setting bad rows aside instead of failing: from then on every view of
     * the change set leaves them out, and {@link #badRows} holds them.
     */
    public Counts setAsideBadRows() {
        Counts counts = countRows();
        badRowsSetAside = true;
        return counts;
    }

    private Counts countRows() {
        Row totals = rows.agg(count(lit(1)), sum(when(isBad(), 1).otherwise(0))).first();
        return new Counts(totals.getLong(0), totals.isNullAt(1) ? 0 : totals.getLong(1));
    }

    private static Column isBad() {
        return size(col(TypedRows.ERRORS)).gt(0);
    }

    /** The rows later steps use: all of them, or the good ones once bad rows were set aside. */
    private Dataset<Row> usable() {
        return badRowsSetAside ? rows.filter(not(isBad())) : rows;
    }

    /**
     * The bad rows, with {@code file} (URI), {@code file_modified} (which version of the file), {@code line} (as in error messages), {@code errors}
     * ({@code array<struct<column, value, problem>>}) and {@code raw_text} (see {@link TypedRows#RAW}).
     */
    public Dataset<Row> badRows() {
        return withLines().filter(isBad())
                .select(col(RawColumns.FILE).as("file"), col(RawColumns.FILE_MODIFIED).as("file_modified"),
                        col(LINE).cast(DataTypes.LongType).as("line"),
                        col(TypedRows.ERRORS).as("errors"), col(TypedRows.RAW).as("raw_text"));
    }

    /**
     * Reads every row once, checks it and keeps each key's last change in commit order, in a single pass: the
     * rows are grouped by key as they are read, counting rows and bad rows on the way, and only the result is
     * materialized. A bad row is never a key's last change.
     *
     * @param setAsideBadRows true: bad rows are left out, and {@link #badRows} gives them (reading the files
     *                        again); false: a bad row fails the batch
     * @throws BadInputException when {@code setAsideBadRows} is false and a row is bad, listing the first bad rows
     *                           with file, line, column and value (found by reading the files again)
     */
    public CompactedChanges compact(boolean setAsideBadRows) {
        Column[] keys = keyColumns();
        List<String> payload = payload();
        Dataset<Row> lastChanges = withKeyMoves(payload).groupBy(keys)
                .agg(max_by(struct(payload.stream().map(SqlNames::column).toArray(Column[]::new)), col(TypedRows.ORDER)).as(LAST),
                        sum(col(READ)).as(READ), sum(col(BAD)).as(BAD))
                .localCheckpoint(true);
        RDD<?> materialized = ((LogicalRDD) lastChanges.queryExecution().analyzed()).rdd();
        List<Column> totals = new ArrayList<>(List.of(sum(col(READ)), sum(col(BAD))));
        for (String key : table.primaryKey()) {
            totals.add(min(col(LAST + "." + SqlNames.quote(key))));
            totals.add(max(col(LAST + "." + SqlNames.quote(key))));
        }
        // The batch's keys, and those whose last change puts a row (not a delete): counted in the same pass.
        totals.add(count(col(LAST)));
        totals.add(sum(when(col(LAST + "." + FileLayout.OP).notEqual(Operation.DELETE.code()), 1).otherwise(0)));
        Row row = lastChanges.agg(totals.get(0), totals.subList(1, totals.size()).toArray(Column[]::new)).first();
        Counts counts = new Counts(row.isNullAt(0) ? 0 : row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1));
        int keysAt = 2 + 2 * table.primaryKey().size();
        long changedKeys = row.getLong(keysAt);
        long upserts = row.isNullAt(keysAt + 1) ? 0 : row.getLong(keysAt + 1);
        if (counts.badRows() > 0 && !setAsideBadRows) {
            materialized.unpersist(false);
            throw new BadInputException(table.qualifiedName(), firstErrors(), counts.badRows());
        }
        List<KeyRanges.Range> ranges = new ArrayList<>();
        for (int i = 0; i < table.primaryKey().size(); i++) {
            if (!row.isNullAt(2 + 2 * i)) {
                ranges.add(new KeyRanges.Range(table.primaryKey().get(i), row.get(2 + 2 * i), row.get(3 + 2 * i)));
            }
        }
        Dataset<Row> kept = lastChanges.filter(col(LAST).isNotNull()).select(col(LAST + ".*"));
        return new CompactedChanges(kept, materialized, counts, new KeyRanges(ranges), changedKeys, upserts);
    }

    private List<String> payload() {
        List<String> payload = new ArrayList<>();
        payload.add(FileLayout.OP);
        payload.addAll(valueColumns());
        return payload;
    }

    /**
     * The changes with their order, each counted in {@value #READ} and, if bad, in {@value #BAD}; a bad row's
     * order is null, so it is never a key's last change. An update whose before-image key differs from its key
     * moved the row, so it also deletes the old key, at the update's place in commit order (rows of different
     * keys never compete).
     */
    private Dataset<Row> withKeyMoves(List<String> payload) {
        List<Column> plain = new ArrayList<>();
        List<Column> deleteOldKey = new ArrayList<>();
        for (String column : payload) {
            plain.add(SqlNames.column(column));
            if (column.equals(FileLayout.OP)) {
                deleteOldKey.add(lit(Operation.DELETE.code()).as(column));
            } else if (table.isKey(column)) {
                deleteOldKey.add(SqlNames.column(TableDefinition.beforeImageField(column)).as(column));
            } else {
                deleteOldKey.add(lit(null).cast(rows.schema().apply(column).dataType()).as(column));
            }
        }
        plain.add(when(not(isBad()), col(TypedRows.ORDER)).as(TypedRows.ORDER));
        plain.add(lit(1L).as(READ));
        plain.add(when(isBad(), 1L).otherwise(0L).as(BAD));
        deleteOldKey.add(col(TypedRows.ORDER));
        deleteOldKey.add(lit(0L).as(READ));
        deleteOldKey.add(lit(0L).as(BAD));
        Dataset<Row> changes = rows.select(plain.toArray(Column[]::new));
        return table.beforeImageFields().isEmpty() ? changes
                : changes.union(rows.filter(col(TypedRows.KEY_MOVED).and(not(isBad()))).select(deleteOldKey.toArray(Column[]::new)));
    }

    /** The rows as the table stores them: the timestamp column (if any) and the defined columns. */
    public Dataset<Row> tableRows() {
        return usable().select(valueColumns().stream().map(SqlNames::column).toArray(Column[]::new));
    }

    /**
     * A key that appears twice in a snapshot would give the table two rows for one key.
     *
     * @throws BadInputException naming up to {@value #ERRORS_SHOWN} duplicated keys and a file of each
     */
    public void requireUniqueKeys() {
        Column[] keys = keyColumns();
        List<Row> duplicates = usable().groupBy(keys)
                .agg(count(lit(1)).as("__count"), first(col(RawColumns.FILE)).as("__first_file"))
                .filter(col("__count").gt(1)).limit(ERRORS_SHOWN).collectAsList();
        if (!duplicates.isEmpty()) {
            List<InputError> errors = new ArrayList<>();
            for (Row row : duplicates) {
                StringBuilder key = new StringBuilder();
                for (int i = 0; i < keys.length; i++) {
                    key.append(i == 0 ? "" : ", ").append(table.primaryKey().get(i)).append('=').append(row.get(i));
                }
                errors.add(new InputError(row.getString(keys.length + 1), 0, String.join(", ", table.primaryKey()),
                        key.toString(), "the key appears " + row.getLong(keys.length) + " times in the full load"));
            }
            throw new BadInputException(table.qualifiedName(), errors, errors.size());
        }
    }

    private Column[] keyColumns() {
        return table.primaryKey().stream().map(SqlNames::column).toArray(Column[]::new);
    }

    private List<String> valueColumns() {
        return table.storedColumns(timestampColumn);
    }

    /** The rows with {@value #LINE}, their line in their file; only computed when bad rows need it. */
    private Dataset<Row> withLines() {
        Column line = coalesce(col(RawColumns.LINE),
                row_number().over(Window.partitionBy(RawColumns.FILE).orderBy(RawColumns.BLOCK, RawColumns.ROW_ID)))
                .plus(col(RawColumns.HEADER_LINES));
        return rows.withColumn(LINE, line);
    }

    /** The first bad rows in commit order. */
    private List<InputError> firstErrors() {
        List<Row> found = withLines()
                .filter(isBad())
                .select(col(RawColumns.FILE), col(RawColumns.FILE_INDEX), col(LINE), explode(col(TypedRows.ERRORS)).as("e"))
                .orderBy(col(RawColumns.FILE_INDEX), col(LINE))
                .limit(ERRORS_SHOWN)
                // A value can be a whole file (a quote not closed): only what a message shows reaches the driver.
                .select(col(RawColumns.FILE), col(LINE), col("e.column"),
                        substring(col("e.value"), 1, io.dmsdelta.report.Failures.VALUE_SHOWN + 1), col("e.problem"))
                .collectAsList();
        List<InputError> errors = new ArrayList<>();
        for (Row row : found) {
            String column = row.getString(2);
            errors.add(new InputError(row.getString(0), row.getInt(1), "*".equals(column) ? null : column,
                    row.getString(3), row.getString(4)));
        }
        return errors;
    }

    @Override
    public void close() {
        rows.unpersist(); // a no-op for rows that were not kept
    }
}
