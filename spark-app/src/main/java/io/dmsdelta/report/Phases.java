package io.dmsdelta.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The named phases of a table's work and the time each took, as Delta's MERGE times its own: which one a slow table
 * spends its time in. A phase run more than once (one per batch) adds up.
 */
public final class Phases {

    private final Map<String, Long> millis = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> work) {
        long started = System.nanoTime();
        try {
            return work.get();
        } finally {
            add(phase, (System.nanoTime() - started) / 1_000_000);
        }
    }

    public synchronized void add(String phase, long ms) {
        millis.merge(phase, ms, Long::sum);
    }

    /** Milliseconds of all phases together. */
    public synchronized long totalMs() {
        return millis.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Milliseconds by phase, in the order the phases first ran. */
    public synchronized Map<String, Long> millis() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
    }
}
