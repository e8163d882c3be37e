package io.dmsdelta.bench;

import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of task results sent to the driver during a step (Spark's {@code resultSize} task metric). Collecting a
 * change set to the driver would show here as megabytes; counts, file statistics and commit metrics stay small.
 */
final class DriverResultsMeter extends SparkListener {

    private static final long DRAIN_TIMEOUT_MS = 30_000;

    private final SparkContext context;
    private final AtomicLong bytes = new AtomicLong();

    DriverResultsMeter(SparkContext context) {
        this.context = context;
        context.addSparkListener(this);
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        if (taskEnd.taskMetrics() != null) {
            bytes.addAndGet(taskEnd.taskMetrics().resultSize());
        }
    }

    void reset() {
        drain();
        bytes.set(0);
    }

    long bytes() {
        drain();
        return bytes.get();
    }

    /** Listener events arrive asynchronously: let the ones of the step's tasks through first. */
    private void drain() {
        try {
            context.listenerBus().waitUntilEmpty(DRAIN_TIMEOUT_MS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in " + DRAIN_TIMEOUT_MS + " ms", e);
        }
    }
}
