package io.dmsdelta.pipeline.plan;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The limits and allowances the planner applies.
 *
 * @param maxBatchFiles        the most CDC files one commit applies; a backlog is applied in several commits
 * @param maxBatchBytes        the most bytes of CDC files one commit applies (a single larger file still gets a
 *                             commit of its own)
 * @param reloadQuietPeriod    how long after DMS stored the newest LOAD file of a reload, with no CDC file written
 *                             after it, the reload counts as complete
 * @param cdcNameAhead         how much later than its storage modification time a CDC file may be named
 * @param clockSkew            how much earlier than a reload's first LOAD file was stored a CDC file may be named
 *                             and still follow the reload (DMS's clock and storage's may differ)
 */
public record PlanningRules(int maxBatchFiles, long maxBatchBytes, Duration reloadQuietPeriod, Duration cdcNameAhead,
                            Duration clockSkew) {

    public static final int DEFAULT_MAX_BATCH_FILES = 2_000;
    public static final long DEFAULT_MAX_BATCH_BYTES = 8L << 30;
    public static final Duration DEFAULT_RELOAD_QUIET_PERIOD = Duration.ofMinutes(15);
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    public PlanningRules {
        if (maxBatchFiles < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("batch limits must be positive: " + maxBatchFiles + " files, "
                    + maxBatchBytes + " bytes");
        }
        requireNonNull(reloadQuietPeriod, "reloadQuietPeriod");
        requireNonNull(cdcNameAhead, "cdcNameAhead");
        requireNonNull(clockSkew, "clockSkew");
    }

    /**
     * Consecutive runs of files, in the order given, within the batch limits; a file larger than the byte limit is a
     * batch alone.
     */
    public <T> java.util.List<java.util.List<T>> batches(java.util.List<T> files, java.util.function.ToLongFunction<T> size) {
        java.util.List<java.util.List<T>> batches = new java.util.ArrayList<>();
        java.util.List<T> batch = new java.util.ArrayList<>();
        long bytes = 0;
        for (T file : files) {
            if (!batch.isEmpty() && (batch.size() == maxBatchFiles || bytes + size.applyAsLong(file) > maxBatchBytes)) {
                batches.add(batch);
                batch = new java.util.ArrayList<>();
                bytes = 0;
            }
            batch.add(file);
            bytes += size.applyAsLong(file);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }
}
