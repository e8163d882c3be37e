package io.dmsdelta.changeset;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.dms.RawColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * The typed rows of a batch of files, validated once and kept (memory, spilling to disk) so the files are
 * read a single time however many steps use them. Close it to release the cached rows.
 */
public final class ChangeSet implements AutoCloseable {

    private static final int ERRORS_SHOWN = 20;
    private static final String LINE = "__line_in_file";

    private final TableDefinition table;
    private final Optional<String> timestampColumn;
    private final Dataset<Row> rows;
    private boolean badRowsSetAside;

    /** @param kind what the rows were read from: decides which operations and columns are required */
    public ChangeSet(Dataset<Row> raw, TableDefinition table, Optional<String> timestampColumn, DmsFileKind kind) {
        this.table = table;
        this.timestampColumn = timestampColumn;
        this.rows = TypedRows.type(raw, table, timestampColumn, kind).persist(StorageLevel.MEMORY_AND_DISK());
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
     * The bad rows, with {@code file} (URI), {@code line} (as in error messages), {@code errors}
     * ({@code array<struct<column, value, problem>>}) and {@code raw_text} (see {@link TypedRows#RAW}).
     */
    public Dataset<Row> badRows() {
        return withLines().filter(isBad())
                .select(col(RawColumns.FILE).as("file"), col(LINE).cast(DataTypes.LongType).as("line"),
                        col(TypedRows.ERRORS).as("errors"), col(TypedRows.RAW).as("raw_text"));
    }

    /** One row per key, the key's last change in commit order, with its operation in {@link FileLayout#OP}. */
    public Dataset<Row> lastChangePerKey() {
        Column[] keys = table.primaryKey().stream().map(k -> col(k)).toArray(Column[]::new);
        List<String> payload = payload();
        return withKeyMoves(payload).groupBy(keys)
                .agg(max_by(struct(payload.stream().map(c -> col(c)).toArray(Column[]::new)), col(TypedRows.ORDER)).as("__last"))
                .select(col("__last.*"));
    }

    /**
     * The smallest and largest value of each key column among the batch's changes (old keys of moved rows
     * included): every row the batch can touch lies within them. One aggregate over the kept rows.
     */
    public KeyRanges keyRanges() {
        List<Column> bounds = new ArrayList<>();
        for (String key : table.primaryKey()) {
            bounds.add(min(col(key)));
            bounds.add(max(col(key)));
        }
        Row row = withKeyMoves(payload()).agg(bounds.get(0), bounds.subList(1, bounds.size()).toArray(Column[]::new)).first();
        List<KeyRanges.Range> ranges = new ArrayList<>();
        for (int i = 0; i < table.primaryKey().size(); i++) {
            if (!row.isNullAt(2 * i)) {
                ranges.add(new KeyRanges.Range(table.primaryKey().get(i), row.get(2 * i), row.get(2 * i + 1)));
            }
        }
        return new KeyRanges(ranges);
    }

    private List<String> payload() {
        List<String> payload = new ArrayList<>();
        payload.add(FileLayout.OP);
        payload.addAll(valueColumns());
        return payload;
    }

    /**
     * The changes with their order; an update whose before-image key differs from its key moved the row, so it
     * also deletes the old key, at the update's place in commit order (rows of different keys never compete).
     */
    private Dataset<Row> withKeyMoves(List<String> payload) {
        List<Column> plain = new ArrayList<>();
        List<Column> deleteOldKey = new ArrayList<>();
        for (String column : payload) {
            plain.add(col(column));
            if (column.equals(FileLayout.OP)) {
                deleteOldKey.add(lit("D").as(column));
            } else if (table.isKey(column)) {
                deleteOldKey.add(col(TableDefinition.beforeImageField(column)).as(column));
            } else {
                deleteOldKey.add(lit(null).cast(rows.schema().apply(column).dataType()).as(column));
            }
        }
        plain.add(col(TypedRows.ORDER));
        deleteOldKey.add(col(TypedRows.ORDER));
        Dataset<Row> changes = usable().select(plain.toArray(Column[]::new));
        return table.beforeImageFields().isEmpty() ? changes
                : changes.union(usable().filter(col(TypedRows.KEY_MOVED)).select(deleteOldKey.toArray(Column[]::new)));
    }

    /** The rows as the table stores them: the timestamp column (if any) and the defined columns. */
    public Dataset<Row> tableRows() {
        return usable().select(valueColumns().stream().map(c -> col(c)).toArray(Column[]::new));
    }

    /**
     * A key that appears twice in a snapshot would give the table two rows for one key.
     *
     * @throws BadInputException naming up to {@value #ERRORS_SHOWN} duplicated keys and a file of each
     */
    public void requireUniqueKeys() {
        Column[] keys = table.primaryKey().stream().map(k -> col(k)).toArray(Column[]::new);
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
                .select(col(RawColumns.FILE), col(LINE), col("e.column"), col("e.value"), col("e.problem"))
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
        rows.unpersist();
    }
}
