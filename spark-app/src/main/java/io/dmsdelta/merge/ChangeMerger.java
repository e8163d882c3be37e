package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.changeset.CompactedChanges;
import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.SqlNames;
import io.dmsdelta.dms.FileLayout;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RuntimeConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /**
     * Delta's own setting that makes a MERGE copy its source before reading it twice (once to find the files it
     * touches, once to rewrite them), so both reads see the same rows.
     */
    private static final String MATERIALIZE_SOURCE = "spark.databricks.delta.merge.materializeSource";

    /**
     * @param changes one row per key with {@link FileLayout#OP} and the table's columns, materialized already: the
     *                MERGE reads them as they are instead of copying them once more
     * @param ranges  the key ranges of {@code changes}: the condition also bounds the target's keys by them, which
     *                lets Delta skip every target file whose key statistics lie outside, so a batch of recent keys
     *                reads and rewrites a sliver of a large table rather than all of it. Matches are the same,
     *                since every change's key lies within the ranges.
     * @param columns the table's columns in table order
     */
    public static void merge(DeltaTable target, CompactedChanges changes, KeyRanges ranges, TableDefinition table,
                             List<String> columns) {
        Column on = lit(true);
        for (String key : table.primaryKey()) {
            on = on.and(col("t." + SqlNames.quote(key)).equalTo(col("s." + SqlNames.quote(key))));
        }
        for (KeyRanges.Range range : ranges.ranges()) {
            on = on.and(col("t." + SqlNames.quote(range.column())).between(lit(range.min()), lit(range.max())));
        }
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String column : columns) {
            assignments.put(SqlNames.quote(column), "s." + SqlNames.quote(column));
        }
        String op = "s." + FileLayout.OP;
        RuntimeConfig conf = changes.lastChangePerKey().sparkSession().conf();
        Optional<String> materialize = Optional.ofNullable(conf.get(MATERIALIZE_SOURCE, null));
        conf.set(MATERIALIZE_SOURCE, "none");
        try {
            target.as("t")
                    .merge(changes.lastChangePerKey().as("s"), on)
                    .whenMatched(op + " = 'D'").delete()
                    .whenMatched().updateExpr(assignments)
                    .whenNotMatched(op + " <> 'D'").insertExpr(assignments)
                    .execute();
        } finally {
            materialize.ifPresentOrElse(value -> conf.set(MATERIALIZE_SOURCE, value), () -> conf.unset(MATERIALIZE_SOURCE));
        }
    }

}
