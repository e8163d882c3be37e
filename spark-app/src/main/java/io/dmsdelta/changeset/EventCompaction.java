package io.dmsdelta.changeset;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Reduces a batch of {@link ChangeRows} to each key's last change by its sequence (then file and line), in one
 * pass, as {@link ChangeSet#compact} does for DMS files. Events may repeat and arrive in any order, so what is kept
 * is decided by sequence alone: an event the batch holds twice counts once, and an event older than the key's
 * tombstone (the key was deleted later), or than a truncate, is dropped. A column a change leaves out (an unchanged
 * TOAST value) takes the key's latest value the batch does carry, and stays absent when none does: the table's
 * stored value is kept for it ({@link io.dmsdelta.merge.SequenceGuard}).
 */
public final class EventCompaction {

    private static final int ERRORS_SHOWN = 20;
    private static final String LAST = "__last";
    private static final String READ = "__read";
    private static final String BAD = "__bad";
    private static final String TOMBSTONE = "__tombstone_seq";
    private static final String VALUE = "__value_";
    private static final String PRESENT = "__present_";

    private final TableDefinition table;
    private final String sequence;

    public EventCompaction(TableDefinition table) {
        this.table = table;
        this.sequence = table.source().sequenceColumn().orElseThrow(() -> new IllegalArgumentException(
                table.qualifiedName() + " has no sequence column: its source applies files once each"));
    }

    /**
     * What the pass found besides the changes.
     *
     * @param rows           records read, tombstone records and messages included
     * @param badRows        of those, rows that are not valid changes
     * @param skipped        tombstone records (a delete's null value) and messages, which change nothing
     * @param truncatedAt    the sequence of the batch's newest truncate, if it has one
     * @param superseded     changes dropped because the key's tombstone or a truncate is newer
     * @param duplicates     changes whose key and sequence another change of the batch has too
     * @param deletes        kept changes that delete their key: each leaves a tombstone
     * @param withLeftOut    kept inserts and updates whose batch values leave a column out: only then does
     *                       the guard read those columns' stored values
     */
    public record Counts(long rows, long badRows, long skipped, Optional<BigDecimal> truncatedAt, long superseded,
                         long duplicates, long deletes, long withLeftOut) {
    }

    /** The batch's kept changes and what the pass counted. */
    public record Compacted(CompactedChanges changes, Counts counts) implements AutoCloseable {
        @Override
        public void close() {
            changes.close();
        }
    }

    /**
     * @param tombstones   the table's tombstones as {@link io.dmsdelta.merge.Tombstones#read} gives them (a deleted
     *                     key with the delete's sequence; a truncate without a key), empty for a table that has none:
     *                     older changes are dropped. They are grouped with the changes in the same pass, so reading
     *                     them costs no join and no job of its own.
     * @param setAsideBadRows false: a bad row fails the batch, naming file, line, field and value
     */
    public Compacted compact(Dataset<Row> changes, Optional<Dataset<Row>> tombstones, boolean setAsideBadRows) {
        Column bad = size(col(ChangeRows.ERRORS)).gt(0);
        Column isTruncate = col(FileLayout.OP).equalTo(ChangeRows.TRUNCATE);
        Column counted = not(bad).and(not(col(ChangeRows.SKIPPED)));
        Dataset<Row> rows = changes.withColumn(READ, lit(1L))
                .withColumn(BAD, when(bad, 1L).otherwise(0L))
                // Truncates have no key: they group together, away from every key's changes.
                .withColumn(ChangeRows.ORDER, when(counted, col(ChangeRows.ORDER)))
                .withColumn("__truncate", when(counted.and(isTruncate), col(sequence)));
        if (tombstones.isPresent()) {
            // A tombstone row carries only its key and sequence: every aggregate of the changes passes it by.
            rows = rows.unionByName(tombstones.get().withColumnRenamed(io.dmsdelta.merge.Tombstones.SEQUENCE, TOMBSTONE),
                    true);
        } else {
            rows = rows.withColumn(TOMBSTONE, lit(null).cast(TableDefinition.SEQUENCE_TYPE));
        }
        List<Column> aggregates = new ArrayList<>();
        aggregates.add(max_by(struct(payload().stream().map(SqlNames::column).toArray(Column[]::new)),
                col(ChangeRows.ORDER)).as(LAST));
        for (ColumnDefinition column : partialColumns()) {
            // A delete carries no values: the latest value before it stays, for a key change's new key (SequenceGuard).
            Column present = col(ChangeRows.ORDER).isNotNull().and(col(FileLayout.OP).notEqual(Operation.DELETE.code()))
                    .and(not(col(ChangeRows.absentFlag(column.name()))));
            aggregates.add(max_by(SqlNames.column(column.name()), when(present, col(ChangeRows.ORDER))).as(VALUE + column.name()));
            aggregates.add(max(when(present, lit(true))).as(PRESENT + column.name()));
            aggregates.add(max(when(present, col(sequence))).as(ChangeRows.presentSequence(column.name())));
        }
        aggregates.add(sum(col(READ)).as(READ));
        aggregates.add(sum(col(BAD)).as(BAD));
        aggregates.add(sum(when(col(ChangeRows.SKIPPED), 1L).otherwise(0L)).as("__skipped_count"));
        aggregates.add(sum(when(col(ChangeRows.ORDER).isNotNull(), 1L).otherwise(0L)).as("__changes"));
        aggregates.add(max(col("__truncate")).as("__truncate"));
        if (!partialColumns().isEmpty()) {
            // The key's latest create that left a column out: the second half of a key change (see SequenceGuard).
            Column leftOut = lit(false);
            for (ColumnDefinition column : partialColumns()) {
                leftOut = leftOut.or(col(ChangeRows.absentFlag(column.name())));
            }
            aggregates.add(max(when(col(ChangeRows.ORDER).isNotNull().and(col(FileLayout.OP)
                    .equalTo(Operation.INSERT.code())).and(leftOut), col(sequence))).as(ChangeRows.MOVED_IN));
        }
        // Distinct sequences without count_distinct, whose plan shuffles the rows a second time.
        aggregates.add(size(collect_set(col(ChangeRows.ORDER + ".seq"))).cast("long").as("__sequences"));
        // The key's newest tombstone; of the keyless group, the newest truncate recorded before.
        aggregates.add(max(col(TOMBSTONE)).as(TOMBSTONE));
        Dataset<Row> grouped = rows.groupBy(keyColumns())
                .agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new));
        // Keys the batch does not change leave only their tombstones: they go before anything is kept.
        Dataset<Row> lastChanges = grouped.filter(col(READ).isNotNull().or(col(SqlNames.quote(table.primaryKey().get(0)))
                .isNull())).select(lastChangeColumns(grouped)).localCheckpoint(true);
        RDD<?> materialized = ((LogicalRDD) lastChanges.queryExecution().analyzed()).rdd();
        try {
            return summarize(lastChanges, materialized, setAsideBadRows, changes);
        } catch (RuntimeException e) {
            materialized.unpersist(false);
            throw e;
        }
    }

    private Compacted summarize(Dataset<Row> lastChanges, RDD<?> materialized, boolean setAsideBadRows,
                                Dataset<Row> changes) {
        Column noKey = col(SqlNames.quote(table.primaryKey().get(0))).isNull();
        List<Column> totalColumns = new ArrayList<>(List.of(sum(col(READ)), sum(col(BAD)), sum(col("__skipped_count")),
                max(col("__truncate")), sum(when(not(noKey), col("__changes").minus(col("__sequences"))).otherwise(0L)),
                max(when(noKey, col(TOMBSTONE)))));
        // One pass over the groups (in memory) for the totals and what the apply needs (the kept keys, upserts and
        // deletes), counted as if nothing were truncated; a second one only when a truncate turns out to be in play.
        totalColumns.addAll(stats(Optional.empty()));
        Row totals = lastChanges.agg(totalColumns.get(0), totalColumns.subList(1, totalColumns.size())
                .toArray(Column[]::new)).first();
        long read = totals.isNullAt(0) ? 0 : totals.getLong(0);
        long badRows = totals.isNullAt(1) ? 0 : totals.getLong(1);
        if (badRows > 0 && !setAsideBadRows) {
            throw new BadInputException(table.qualifiedName(), firstErrors(changes), badRows);
        }
        Optional<BigDecimal> batchTruncate = Optional.ofNullable(totals.getDecimal(3));
        Optional<BigDecimal> cutoff = newest(Optional.ofNullable(totals.getDecimal(5)), batchTruncate);
        int at = 6;
        Row row = totals;
        if (cutoff.isPresent()) {
            List<Column> stats = stats(cutoff);
            row = lastChanges.agg(stats.get(0), stats.subList(1, stats.size()).toArray(Column[]::new)).first();
            at = 0;
        }
        long droppedBySequence = row.isNullAt(at) ? 0 : row.getLong(at);
        long keys = row.getLong(at + 1) - droppedBySequence;
        long upserts = row.isNullAt(at + 2) ? 0 : row.getLong(at + 2);
        long deletes = row.isNullAt(at + 3) ? 0 : row.getLong(at + 3);
        int leftOutAt = at + 4 + 2 * table.primaryKey().size();
        long withLeftOut = row.isNullAt(leftOutAt) ? 0 : row.getLong(leftOutAt);
        List<KeyRanges.Range> ranges = new ArrayList<>();
        for (int i = 0; i < table.primaryKey().size(); i++) {
            if (!row.isNullAt(at + 4 + 2 * i)) {
                ranges.add(new KeyRanges.Range(table.primaryKey().get(i), row.get(at + 4 + 2 * i),
                        row.get(at + 5 + 2 * i)));
            }
        }
        long duplicates = totals.isNullAt(4) ? 0 : totals.getLong(4);
        Counts counts = new Counts(read, badRows, totals.isNullAt(2) ? 0 : totals.getLong(2), batchTruncate,
                droppedBySequence, duplicates, deletes, withLeftOut);
        Dataset<Row> keptChanges = lastChanges.filter(isChange().and(not(superseded(cutoff)))).select(col(LAST + ".*"));
        CompactedChanges compacted = new CompactedChanges(keptChanges, materialized,
                new ChangeSet.Counts(read, badRows), new KeyRanges(ranges), keys, upserts);
        return new Compacted(compacted, counts);
    }

    /** A group that holds a change of a key (not the truncates', nor one of bad rows or tombstones alone). */
    private Column isChange() {
        return not(col(SqlNames.quote(table.primaryKey().get(0))).isNull()).and(col(LAST).isNotNull());
    }

    /** Whether a key's last change is older than its tombstone or than the newest truncate ({@code cutoff}). */
    private Column superseded(Optional<BigDecimal> cutoff) {
        Column seq = col(LAST + "." + SqlNames.quote(sequence));
        Column isDelete = col(LAST + "." + FileLayout.OP).equalTo(Operation.DELETE.code());
        // The delete a tombstone records is not older than it: read again (its commit did not happen, or a replay), it
        // still applies, and the sequence guard drops it where the table already has it.
        Column superseded = col(TOMBSTONE).isNotNull().and(seq.lt(col(TOMBSTONE))
                .or(seq.equalTo(col(TOMBSTONE)).and(not(isDelete))));
        // A change older than a truncate was undone by it (the truncate removes the stored rows as well).
        return cutoff.map(c -> superseded.or(seq.leq(lit(c)))).orElse(superseded);
    }

    /**
     * Of the key's last changes: those superseded, all, the kept upserts and deletes, each key column's range, and the
     * kept upserts whose value of a column is not their own (left out: the batch's is older, or there is none).
     */
    private List<Column> stats(Optional<BigDecimal> cutoff) {
        Column change = isChange();
        Column superseded = change.and(superseded(cutoff));
        Column kept = change.and(not(superseded));
        Column isDelete = col(LAST + "." + FileLayout.OP).equalTo(Operation.DELETE.code());
        List<Column> stats = new ArrayList<>(List.of(sum(when(superseded, 1L).otherwise(0L)),
                sum(when(change, 1L).otherwise(0L)), sum(when(kept.and(not(isDelete)), 1L).otherwise(0L)),
                sum(when(kept.and(isDelete), 1L).otherwise(0L))));
        for (String key : table.primaryKey()) {
            stats.add(min(when(change, col(LAST + "." + SqlNames.quote(key)))));
            stats.add(max(when(change, col(LAST + "." + SqlNames.quote(key)))));
        }
        Column seq = col(LAST + "." + SqlNames.quote(sequence));
        Column leftOut = lit(false);
        for (ColumnDefinition column : partialColumns()) {
            Column presentAt = col(LAST + "." + SqlNames.quote(ChangeRows.presentSequence(column.name())));
            leftOut = leftOut.or(presentAt.isNull()).or(presentAt.lt(seq));
        }
        stats.add(sum(when(kept.and(not(isDelete)).and(leftOut), 1L).otherwise(0L)));
        return stats;
    }

    private static Optional<BigDecimal> newest(Optional<BigDecimal> a, Optional<BigDecimal> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() || a.get().compareTo(b.get()) >= 0 ? a : b;
    }

    /**
     * The grouped row with the key's last change: for each column a change may leave out, the latest value the
     * batch carries, absent when it carries none.
     */
    private Column[] lastChangeColumns(Dataset<Row> grouped) {
        List<Column> fields = new ArrayList<>();
        for (String column : payload()) {
            Optional<ColumnDefinition> partial = partialColumns().stream().filter(c -> c.name().equals(column)).findFirst();
            if (partial.isPresent()) {
                fields.add(col(VALUE + column).as(column));
            } else if (!column.startsWith(ChangeRows.absentFlag(""))) {
                fields.add(col(LAST + "." + SqlNames.quote(column)).as(column));
            }
        }
        for (ColumnDefinition column : partialColumns()) {
            fields.add(col(PRESENT + column.name()).isNull().as(ChangeRows.absentFlag(column.name())));
            fields.add(col(ChangeRows.presentSequence(column.name())));
        }
        if (!partialColumns().isEmpty()) {
            fields.add(col(ChangeRows.MOVED_IN));
        }
        List<Column> out = new ArrayList<>(keyColumnsAs());
        out.add(when(col(LAST).isNotNull(), struct(fields.toArray(Column[]::new))).as(LAST));
        for (String column : List.of(READ, BAD, "__skipped_count", "__changes", "__truncate", "__sequences", TOMBSTONE)) {
            out.add(col(column));
        }
        return out.toArray(Column[]::new);
    }

    /** What each change carries into the kept row: the operation, the stored columns, the absent flags. */
    private List<String> payload() {
        List<String> payload = new ArrayList<>();
        payload.add(FileLayout.OP);
        payload.addAll(table.storedColumns(Optional.empty()));
        partialColumns().forEach(c -> payload.add(ChangeRows.absentFlag(c.name())));
        return payload;
    }

    private List<ColumnDefinition> partialColumns() {
        return table.nonKeyColumns().stream().filter(ChangeRows::canBeAbsent).toList();
    }

    private List<Column> keyColumnsAs() {
        return table.primaryKey().stream().map(k -> SqlNames.column(k).as(k)).toList();
    }

    private Column[] keyColumns() {
        return table.primaryKey().stream().map(SqlNames::column).toArray(Column[]::new);
    }

    /** The first bad rows by file and line, with field and value. */
    private List<InputError> firstErrors(Dataset<Row> changes) {
        List<Row> found = changes.filter(size(col(ChangeRows.ERRORS)).gt(0))
                .select(col(ChangeRows.FILE), col(ChangeRows.FILE_INDEX), col(ChangeRows.LINE),
                        explode(col(ChangeRows.ERRORS)).as("e"))
                .orderBy(col(ChangeRows.FILE_INDEX), col(ChangeRows.LINE))
                .limit(ERRORS_SHOWN)
                .select(col(ChangeRows.FILE), col(ChangeRows.LINE), col("e.column"),
                        substring(col("e.value"), 1, io.dmsdelta.report.Failures.VALUE_SHOWN + 1), col("e.problem"))
                .collectAsList();
        List<InputError> errors = new ArrayList<>();
        for (Row row : found) {
            String column = row.getString(2);
            errors.add(new InputError(row.getString(0), row.getLong(1), "*".equals(column) ? null : column,
                    row.getString(3), row.getString(4)));
        }
        return errors;
    }
}
