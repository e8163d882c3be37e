package io.dmsdelta.config;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * The settings every at-least-once source takes (see {@link EventSourceDefinition}).
 *
 * @param sequenceColumnName the Delta table's column holding each row's change sequence
 * @param tombstoneRetention how long a deleted key's tombstone is kept
 * @param lateArrival        how long before the newest applied file a file may still appear in a listing
 */
public record EventSettings(String sequenceColumnName, Duration tombstoneRetention, Duration lateArrival) {

    public static final String DEFAULT_SEQUENCE_COLUMN = "_change_seq";
    public static final Duration DEFAULT_TOMBSTONE_RETENTION = Duration.ofDays(7);
    public static final Duration DEFAULT_LATE_ARRIVAL = Duration.ofMinutes(10);

    public EventSettings {
        requireNonNull(sequenceColumnName, "sequenceColumnName");
        requireNonNull(tombstoneRetention, "tombstoneRetention");
        requireNonNull(lateArrival, "lateArrival");
    }
}
