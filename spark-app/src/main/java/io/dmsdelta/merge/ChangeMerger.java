package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.spark.SessionSettings;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Applies a change set that holds at most one change per key with a single Delta MERGE, so the table is
 * rewritten once per batch however many files and changes it holds. Upsert semantics, as DMS output needs
 * them (changes made during the full load can appear in both LOAD and CDC files):
 * <ul>
 *   <li>{@code D}: deletes the key if present, else does nothing;</li>
 *   <li>{@code I} or {@code U} on an existing key: replaces the row;</li>
 *   <li>{@code I} or {@code U} on a missing key: inserts the row.</li>
 * </ul>
 */
public final class ChangeMerger {

    private ChangeMerger() {
    }

    private static final String HASH_JOIN_THRESHOLD = "spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold";

    /**
     * Session settings for the MERGE alone. Delta copies a MERGE's source before reading it twice (once to find
     * the files it touches, once to rewrite them) so both reads see the same rows: the compacted changes are such a
     * copy already. No broadcast joins, so no change data passes through the driver; the joins with the table
     * build hash tables of the changes' side instead of sorting both sides (adaptive execution picks that when each
     * partition of the changes is below the threshold, 64 MB unless the session sets one).
     */
    private static Map<String, String> mergeSettings(SparkSession spark) {
        return Map.of(
                io.dmsdelta.delta.DeltaSession.MERGE_MATERIALIZE_SOURCE, "none",
                "spark.sql.autoBroadcastJoinThreshold", "-1",
                "spark.sql.adaptive.autoBroadcastJoinThreshold", "-1",
                HASH_JOIN_THRESHOLD, spark.conf().get(HASH_JOIN_THRESHOLD, "64m"));
    }

    /**
     * @param changes one row per key with {@link FileLayout#OP} and the table's columns, materialized already: the
     *                MERGE reads them as they are instead of copying them once more (see {@link #mergeSettings})
     * @param ranges  the key ranges of {@code changes}: the condition also bounds the target's keys by them, which
     *                lets Delta skip every target file whose key statistics lie outside, so a batch of recent keys
     *                reads and rewrites a sliver of a large table rather than all of it. Matches are the same,
     *                since every change's key lies within the ranges.
     * @param columns the table's columns in table order
     */
    public static void merge(DeltaTable target, CompactedChanges changes, KeyRanges ranges, TableDefinition table,
                             List<String> columns) {
        Column on = condition(table, ranges);
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String column : columns) {
            assignments.put(SqlNames.quote(column), "s." + SqlNames.quote(column));
        }
        String isDelete = "s." + FileLayout.OP + " = '" + Operation.DELETE.code() + "'";
        SparkSession spark = changes.lastChangePerKey().sparkSession();
        SessionSettings.with(spark, mergeSettings(spark), () -> target.as("t")
                .merge(changes.lastChangePerKey().as("s"), on)
                .whenMatched(isDelete).delete()
                .whenMatched().updateExpr(assignments)
                .whenNotMatched("NOT (" + isDelete + ")").insertExpr(assignments)
                .execute());
    }

    /** Every key column equal, and the target's key within the batch's key ranges. */
    private static Column condition(TableDefinition table, KeyRanges ranges) {
        Column on = lit(true);
        for (String key : table.primaryKey()) {
            on = on.and(col("t." + SqlNames.quote(key)).equalTo(col("s." + SqlNames.quote(key))));
        }
        for (KeyRanges.Range range : ranges.ranges()) {
            on = on.and(col("t." + SqlNames.quote(range.column())).between(lit(range.min()), lit(range.max())));
        }
        return on;
    }

}
