package io.dmsdelta.report;

import java.util.Map;
import java.util.TreeMap;

/**
 * What applying the events of a source that delivers at least once (Debezium) found besides the changes, summed over
 * a table's batches: how much was a repeat, late or left out, so that a producer's behaviour shows in the report.
 *
 * @param filesByPartition        event files applied per Kafka partition ({@code "-1"}: a layout without partitions)
 * @param tombstoneRecords        records with a null value (the Kafka tombstone after a delete) and messages: skipped
 * @param duplicatesInBatch       events a batch held more than once (same key and sequence): applied once
 * @param alreadyApplied          changes dropped because the table held the key at the same or a newer sequence
 *                                (events delivered again, or late)
 * @param supersededByTombstones  changes dropped because the key was deleted, or the table truncated, later
 * @param placeholdersKept        column values a change left out (unchanged TOAST), kept from the stored row
 * @param truncates               batches that truncated the table
 */
public record EventFacts(Map<String, Integer> filesByPartition, long tombstoneRecords, long duplicatesInBatch,
                         long alreadyApplied, long supersededByTombstones, long placeholdersKept, int truncates) {

    public EventFacts {
        filesByPartition = java.util.Collections.unmodifiableMap(new TreeMap<>(filesByPartition));
    }

    public EventFacts plus(EventFacts other) {
        Map<String, Integer> files = new TreeMap<>(filesByPartition);
        other.filesByPartition.forEach((p, n) -> files.merge(p, n, Integer::sum));
        return new EventFacts(files, tombstoneRecords + other.tombstoneRecords, duplicatesInBatch + other.duplicatesInBatch,
                alreadyApplied + other.alreadyApplied, supersededByTombstones + other.supersededByTombstones,
                placeholdersKept + other.placeholdersKept, truncates + other.truncates);
    }
}
