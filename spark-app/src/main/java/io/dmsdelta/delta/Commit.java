package io.dmsdelta.delta;

import java.util.Map;

/**
 * A commit dms-delta made.
 *
 * @param version Delta version of the commit
 * @param metrics Delta's operation metrics (rows inserted, updated, deleted, written, ...) by Delta's names
 */
public record Commit(long version, Map<String, String> metrics) {

    public Commit {
        metrics = Map.copyOf(metrics);
    }

    public long metric(DeltaMetric metric) {
        String value = metrics.get(metric.deltaName());
        return value == null ? 0 : Long.parseLong(value);
    }
}
