package io.dmsdelta.changeset;

import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A CDC batch reduced to one change per key, the key's last in commit order, together with what the same pass
 * counted: the rows read, the bad rows among them, and the key ranges of the kept changes. The changes are
 * materialized once (a local checkpoint, memory spilling to disk) and cannot be recomputed: every later read,
 * the MERGE's two included, sees the same rows. If a block of them is lost (an executor dies on a cluster), a
 * read fails rather than reading the files again, so nothing is committed and a rerun starts over. Close it to
 * release them.
 */
public final class CompactedChanges implements AutoCloseable {

    private final Dataset<Row> lastChangePerKey;
    private final RDD<?> materialized;
    private final ChangeSet.Counts counts;
    private final KeyRanges keyRanges;
    private final long keys;
    private final long upserts;

    CompactedChanges(Dataset<Row> lastChangePerKey, RDD<?> materialized, ChangeSet.Counts counts, KeyRanges keyRanges,
                     long keys, long upserts) {
        this.lastChangePerKey = lastChangePerKey;
        this.materialized = materialized;
        this.counts = counts;
        this.keyRanges = keyRanges;
        this.keys = keys;
        this.upserts = upserts;
    }

    /**
     * The same batch with its changes narrowed (and completed) by a later step: the counts and key ranges stay, as
     * a bound, the kept changes and their numbers are new. Closing the result releases only the new rows.
     */
    public CompactedChanges withChanges(Dataset<Row> changes, RDD<?> materialized, long keys, long upserts) {
        return new CompactedChanges(changes, materialized, counts, keyRanges, keys, upserts);
    }

    /** How many keys the batch changes: the rows of {@link #lastChangePerKey}. */
    public long keys() {
        return keys;
    }

    /** How many of those keys' last change puts a row (an insert or update, not a delete). */
    public long upserts() {
        return upserts;
    }

    /** One row per key with {@link io.dmsdelta.dms.FileLayout#OP} and the table's stored columns. */
    public Dataset<Row> lastChangePerKey() {
        return lastChangePerKey;
    }

    /** The rows the batch's files hold, and how many of them are bad (set aside, or the batch would have failed). */
    public ChangeSet.Counts counts() {
        return counts;
    }

    /** The smallest and largest value of each key column among the kept changes, old keys of moved rows included. */
    public KeyRanges keyRanges() {
        return keyRanges;
    }

    @Override
    public void close() {
        materialized.unpersist(false);
    }
}
