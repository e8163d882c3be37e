package io.dmsdelta.delta;

/**
 * What a commit does to dms-delta's watermark, the version of its Delta transaction identifier
 * ({@link DeltaCommitter#APP_ID}). The committer checks it against what the table records before anything is
 * written, and records the new value in the same commit as the data, so both change together or not at all.
 */
public sealed interface WatermarkChange {

    /** What a table that does not exist records. */
    long NO_TABLE = -1;

    /** Maintenance that applies no change (optimize, a column added, a property set): the watermark stays. */
    record Keep() implements WatermarkChange {
    }

    /**
     * A batch moves the watermark up. The table must still record {@code from} ({@link #NO_TABLE} for a table the
     * commit creates): anything else means another run committed since the batch was planned. A table that already
     * records {@code to} or more has had the batch applied: nothing is written.
     */
    record Advance(long from, long to) implements WatermarkChange {
        public Advance {
            if (to <= from) {
                throw new IllegalArgumentException("a watermark advances from " + from + " to a later one, not " + to);
            }
        }
    }

    /** A rewind puts the watermark back to {@code to}; the table must still record {@code from}. */
    record Reset(long from, long to) implements WatermarkChange {
    }

}
