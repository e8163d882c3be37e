package io.dmsdelta.bench;

/**
 * One timed step of the benchmark.
 *
 * @param step          what was measured
 * @param keys          the key pattern of its changes, or {@code -} for the full load
 * @param units         rows or changes the step handled
 * @param seconds       wall-clock time of the step
 * @param peakHeap      sum of the heap pools' peaks during the step, bytes ({@link HeapMeter})
 * @param retainedHeap  most heap in use right after a garbage collection during the step, bytes
 * @param driverResults bytes of task results sent to the driver ({@link DriverResultsMeter})
 * @param detail        how the time splits, or what was scaled; empty when nothing to add
 */
record Measurement(String step, String keys, long units, double seconds, long peakHeap, long retainedHeap,
                   long driverResults, String detail) {

    double perSecond() {
        return seconds == 0 ? 0 : units / seconds;
    }
}
