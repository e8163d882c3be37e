package io.dmsdelta.bench;

/**
 * One timed step of the benchmark.
 *
 * @param step          what was measured
 * @param keys          the key pattern of its changes, or {@code -} for the full load
 * @param units         rows or changes the step handled
 * @param seconds       wall-clock time of the step
 * @param peakHeap      sum of the heap pools' peaks during the step, bytes ({@link HeapMeter}); {@link #NOT_MEASURED}
 *                      for a step in a process of its own
 * @param retainedHeap  most heap in use right after a garbage collection during the step, bytes (or not measured)
 * @param driverResults bytes of task results sent to the driver ({@link DriverResultsMeter}), or not measured
 * @param detail        how the time splits, or what was scaled; empty when nothing to add
 */
record Measurement(String step, String keys, long units, double seconds, long peakHeap, long retainedHeap,
                   long driverResults, String detail) {

    /** A heap or driver figure of a step this JVM's meters cannot see: one in a fresh process. */
    static final long NOT_MEASURED = -1;

    /** A step that was a fresh process: its time is the process's whole life, from start to exit. */
    static Measurement ofFreshProcess(String step, String keys, long units, FreshJvm.Result process, String detail) {
        return new Measurement(step, keys, units, process.wallMs() / 1000.0, NOT_MEASURED, NOT_MEASURED, NOT_MEASURED,
                detail);
    }

    double perSecond() {
        return seconds == 0 ? 0 : units / seconds;
    }
}
