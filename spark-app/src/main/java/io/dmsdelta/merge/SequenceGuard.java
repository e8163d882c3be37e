package io.dmsdelta.merge;

import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Keeps of a batch's changes those newer than what the table holds for their key, before either apply path sees
 * them: a change whose sequence is not above the stored row's (an event delivered again, or late) is dropped, so a
 * row never moves backwards, and the apply paths stay as they are. A kept change that leaves a column out takes the
 * stored row's value for it, or, when the change moved the row to a new key, the old key's. Only the key, sequence and
 * such columns of the files whose key statistics overlap the batch are read, at the table version the commit is built
 * on; the watermark check of the commit makes sure no other run changed the rows meanwhile. The targeted apply does
 * the comparison in its own scan when no change leaves a column out ({@link Resolved#byTheApply}).
 */
public final class SequenceGuard {

    /** Up to this many keys the batch's keys are broadcast to the scan, as in {@link DeletionVectorApply}. */
    private static final long BROADCAST_KEYS = 100_000;
    private static final String STORED_SEQUENCE = "__stored_sequence";
    private static final String STORED = "__stored_";
    private static final String MOVE_SEQUENCE = "__move_sequence";
    private static final String MOVED = "__moved_";
    private static final String MOVED_KNOWN = "__moved_known_";
    private static final String MOVE_LINK = "__move_link";
    /** Rounds of pointer jumping: chains of key changes in one batch up to 2^8 long are followed. */
    private static final int MAX_JUMPS = 8;

    /**
     * @param changes             the changes to apply: newer than the stored rows, columns left out filled in
     * @param stale               changes dropped because the table holds the key at the same or a newer sequence
     * @param placeholdersKept    column values left out by a change and kept from the stored row
     * @param placeholdersMissing column values left out by a change of a key the table does not hold: stored as NULL
     */
    public record Resolved(CompactedChanges changes, long stale, long placeholdersKept, long placeholdersMissing)
            implements AutoCloseable {

        /**
         * The changes as they are, for the targeted apply, which drops stale changes in its own scan of the stored keys
         * and sequences (when no change leaves a column out, that scan is all the guard would do).
         */
        public static Resolved byTheApply(CompactedChanges changes) {
            return new Resolved(changes, 0, 0, 0);
        }

        @Override
        public void close() {
            changes.close();
        }
    }

    private SequenceGuard() {
    }

    /**
     * @param target   the table at the version the commit will be built on; it may not exist yet
     * @param leftOut  whether any change leaves a column out: only then are those columns' stored values read
     */
    public static Resolved resolve(DeltaTableHandle target, CompactedChanges changes, TableDefinition table,
                                   boolean leftOut) {
        String sequence = table.source().sequenceColumn().orElseThrow();
        List<ColumnDefinition> partial = leftOut
                ? table.nonKeyColumns().stream().filter(ChangeRows::canBeAbsent).toList() : List.of();
        Dataset<Row> batch = changes.lastChangePerKey();
        Dataset<Row> resolved;
        if (target.exists() && changes.keys() > 0) {
            List<Column> storedColumns = new ArrayList<>(keys(table));
            storedColumns.add(SqlNames.column(sequence).as(STORED_SEQUENCE));
            partial.forEach(c -> storedColumns.add(SqlNames.column(c.name()).as(STORED + c.name())));
            Dataset<Row> batchKeys = batch.select(keys(table).toArray(Column[]::new));
            Dataset<Row> stored = target.rows().filter(changes.keyRanges().within())
                    .select(storedColumns.toArray(Column[]::new))
                    .join(changes.keys() <= BROADCAST_KEYS ? broadcast(batchKeys) : batchKeys, seq(table.primaryKey()));
            resolved = batch.join(stored, seq(table.primaryKey()), "left");
        } else {
            resolved = batch.withColumn(STORED_SEQUENCE, lit(null).cast(TableDefinition.SEQUENCE_TYPE));
            for (ColumnDefinition c : partial) {
                resolved = resolved.withColumn(STORED + c.name(), lit(null).cast(c.type()));
            }
        }
        if (!partial.isEmpty()) {
            resolved = withMovedFrom(resolved, sequence, partial);
        }
        Column stale = col(STORED_SEQUENCE).isNotNull().and(SqlNames.column(sequence).leq(col(STORED_SEQUENCE)));
        List<Column> out = new ArrayList<>();
        out.add(col(FileLayout.OP));
        Column kept = lit(0L);
        Column missing = lit(0L);
        Column isUpsert = col(FileLayout.OP).notEqual(Operation.DELETE.code());
        for (String column : table.storedColumns(java.util.Optional.empty())) {
            boolean isPartial = partial.stream().anyMatch(c -> c.name().equals(column));
            if (!isPartial) {
                out.add(SqlNames.column(column));
                continue;
            }
            // The change's own value, else the newest of the batch's, the stored row's and, after a key change into
            // the key, the old key's.
            Column presentAt = col(ChangeRows.presentSequence(column));
            Column own = presentAt.isNotNull().and(presentAt.equalTo(SqlNames.column(sequence)));
            Column notOwn = isUpsert.and(own.equalTo(lit(false)));
            Column linked = linked(column);
            Column fromMove = linked.and(col(MOVED_KNOWN + column));
            Column newest = newestKnown(column);
            out.add(when(notOwn.and(linked), when(fromMove, col(MOVED + column)))
                    .when(notOwn, newest).otherwise(SqlNames.column(column)).as(column));
            Column found = when(linked, fromMove).otherwise(presentAt.isNotNull().or(col(STORED_SEQUENCE).isNotNull()));
            Column fromOutside = when(linked, fromMove).otherwise(col(STORED_SEQUENCE).isNotNull()
                    .and(presentAt.isNull().or(presentAt.lt(col(STORED_SEQUENCE)))));
            kept = kept.plus(when(notOwn.and(fromOutside), 1L).otherwise(0L));
            missing = missing.plus(when(notOwn.and(found.equalTo(lit(false))), 1L).otherwise(0L));
        }
        out.add(kept.as("__kept"));
        out.add(missing.as("__missing"));
        Dataset<Row> fresh = resolved.filter(stale.equalTo(lit(false)))
                .select(out.toArray(Column[]::new))
                .localCheckpoint(true);
        RDD<?> materialized = ((LogicalRDD) fresh.queryExecution().analyzed()).rdd();
        Row totals = fresh.agg(count(lit(1)), sum(when(col(FileLayout.OP).notEqual(Operation.DELETE.code()), 1L)
                .otherwise(0L)), sum(col("__kept")), sum(col("__missing"))).first();
        long keys = totals.getLong(0);
        CompactedChanges guarded = changes.withChanges(fresh.drop("__kept", "__missing"), materialized, keys,
                totals.isNullAt(1) ? 0 : totals.getLong(1));
        return new Resolved(guarded, changes.keys() - keys, totals.isNullAt(2) ? 0 : totals.getLong(2),
                totals.isNullAt(3) ? 0 : totals.getLong(3));
    }

    /**
     * A key change arrives as a delete of the old key and a create of the new one, with the same sequence (one change
     * of the source); the create leaves out what did not change (unchanged TOAST), whose value only the old key holds,
     * and the old key may itself have got it from a key change earlier in the batch. Each delete's values just before
     * it are known from the batch or the stored row, or follow the old key's own key change ({@link ChangeRows#MOVED_IN});
     * following those links by pointer jumping (each round halves the chains) gives every delete its values, and each
     * create that left columns out takes its delete half's ({@value #MOVED} columns, {@value #MOVED_KNOWN} when known).
     */
    private static Dataset<Row> withMovedFrom(Dataset<Row> resolved, String sequence, List<ColumnDefinition> partial) {
        Column isDelete = col(FileLayout.OP).equalTo(Operation.DELETE.code());
        Column link = when(col(ChangeRows.MOVED_IN).isNotNull(), col(ChangeRows.MOVED_IN));
        List<Column> state = new ArrayList<>();
        state.add(SqlNames.column(sequence).as(MOVE_SEQUENCE));
        Column followsLink = lit(false);
        for (ColumnDefinition c : partial) {
            Column linked = linked(c.name());
            followsLink = followsLink.or(linked);
            state.add(when(linked, lit(null)).otherwise(newestKnown(c.name())).as(MOVED + c.name()));
            state.add(linked.equalTo(lit(false)).as(MOVED_KNOWN + c.name()));
        }
        state.add(when(followsLink, link).as(MOVE_LINK));
        Dataset<Row> deletes = resolved.filter(isDelete).select(state.toArray(Column[]::new)).dropDuplicates(MOVE_SEQUENCE);
        for (int round = 0; round < MAX_JUMPS && !deletes.filter(col(MOVE_LINK).isNotNull()).isEmpty(); round++) {
            deletes = jump(deletes, partial).localCheckpoint(true);
        }
        Dataset<Row> joined = resolved.join(deletes.drop(MOVE_LINK), col(ChangeRows.MOVED_IN).equalTo(col(MOVE_SEQUENCE))
                .and(isDelete.equalTo(lit(false))), "left");
        for (ColumnDefinition c : partial) {
            joined = joined.withColumn(MOVED_KNOWN + c.name(), org.apache.spark.sql.functions.coalesce(
                    col(MOVED_KNOWN + c.name()), lit(false)));
        }
        return joined.drop(MOVE_SEQUENCE);
    }

    /** One round of pointer jumping: each delete still following a link takes what its link's delete knows. */
    private static Dataset<Row> jump(Dataset<Row> deletes, List<ColumnDefinition> partial) {
        Dataset<Row> next = deletes.select(deletes.columns().length == 0 ? new Column[0] : java.util.Arrays.stream(
                deletes.columns()).map(name -> col(name).as("next" + name)).toArray(Column[]::new));
        Dataset<Row> joined = deletes.join(next, col(MOVE_LINK).equalTo(col("next" + MOVE_SEQUENCE)), "left");
        List<Column> out = new ArrayList<>();
        out.add(col(MOVE_SEQUENCE));
        for (ColumnDefinition c : partial) {
            Column known = col(MOVED_KNOWN + c.name());
            Column found = col("next" + MOVE_SEQUENCE).isNotNull();
            out.add(when(known, col(MOVED + c.name())).otherwise(col("next" + MOVED + c.name())).as(MOVED + c.name()));
            // A link to a delete the batch does not hold cannot be followed: the value stays unknown (NULL).
            out.add(known.or(found.and(col("next" + MOVED_KNOWN + c.name()))).as(MOVED_KNOWN + c.name()));
        }
        out.add(when(col(MOVE_LINK).isNotNull().and(col("next" + MOVE_SEQUENCE).isNotNull()), col("next" + MOVE_LINK))
                .as(MOVE_LINK));
        return joined.select(out.toArray(Column[]::new));
    }

    /**
     * Whether the key's value of {@code column} comes from a key change into it: its latest create that left columns
     * out is newer than both the batch's value and the stored row.
     */
    private static Column linked(String column) {
        Column movedIn = col(ChangeRows.MOVED_IN);
        Column presentAt = col(ChangeRows.presentSequence(column));
        return movedIn.isNotNull()
                .and(presentAt.isNull().or(movedIn.gt(presentAt)))
                .and(col(STORED_SEQUENCE).isNull().or(movedIn.gt(col(STORED_SEQUENCE))));
    }

    /** The newer of the batch's latest value of {@code column} and the stored row's, by sequence. */
    private static Column newestKnown(String column) {
        Column presentAt = col(ChangeRows.presentSequence(column));
        Column batch = when(presentAt.isNotNull(), struct(presentAt.as("seq"), col(SqlNames.quote(column)).as("value")));
        Column stored = when(col(STORED_SEQUENCE).isNotNull(), struct(col(STORED_SEQUENCE).as("seq"),
                col(STORED + column).as("value")));
        return greatest(batch, stored).getField("value");
    }

    private static List<Column> keys(TableDefinition table) {
        return table.primaryKey().stream().map(k -> SqlNames.column(k).as(k)).toList();
    }

    private static scala.collection.immutable.Seq<String> seq(List<String> columns) {
        return scala.collection.JavaConverters.asScalaBuffer(columns).toList();
    }
}
