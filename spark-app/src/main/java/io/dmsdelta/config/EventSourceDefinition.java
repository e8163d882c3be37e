package io.dmsdelta.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A source that delivers changes at least once and in no total order across its files (Debezium, wal2json, row
 * triggers): each
 * change carries a per-key sequence, which the table keeps in {@link #sequenceColumnName()}; deleted keys are
 * remembered as tombstones for {@link #tombstoneRetention()}; files are picked by arrival, listed again for
 * {@link #lateArrival()}.
 */
public sealed interface EventSourceDefinition extends SourceDefinition permits DebeziumSource, Wal2JsonSource, TriggerSource,
        DynamoDbSource {

    /** The settings every at-least-once source takes. */
    EventSettings settings();

    /** The Delta table's column holding each row's change sequence. */
    default String sequenceColumnName() {
        return settings().sequenceColumnName();
    }

    /**
     * How long a deleted key's tombstone is kept (pruned by {@code optimize}): a duplicate or late change of the key
     * older than the tombstone is dropped for that long.
     */
    default Duration tombstoneRetention() {
        return settings().tombstoneRetention();
    }

    /**
     * How long after a file's modification time a file stored before it may still appear in a listing: files that
     * recent are listed again each run, and those not applied yet are applied.
     */
    default Duration lateArrival() {
        return settings().lateArrival();
    }

    @Override
    default Optional<String> sequenceColumn() {
        return Optional.of(sequenceColumnName());
    }
}
