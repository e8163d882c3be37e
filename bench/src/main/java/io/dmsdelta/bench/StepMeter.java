package io.dmsdelta.bench;

import io.dmsdelta.report.Progress;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * Times a step by the wall clock ({@link System#nanoTime}) after collecting garbage, and measures its heap and the
 * task results sent to the driver. Progress lines name each step as it starts and ends.
 */
final class StepMeter {

    /** The work of a step: returns the rows or changes it handled, and may describe how its time splits. */
    interface Step {
        long run(StringBuilder detail);
    }

    private final HeapMeter heap = new HeapMeter();
    private final DriverResultsMeter results;
    private final Progress progress;

    StepMeter(SparkSession spark, Progress progress) {
        this.results = new DriverResultsMeter(spark.sparkContext());
        this.progress = progress;
    }

    Measurement measure(String name, String keys, Step step) {
        progress.table("bench", name + " (" + keys + ") ...");
        heap.reset();
        results.reset();
        StringBuilder detail = new StringBuilder();
        long started = System.nanoTime();
        long units = step.run(detail);
        double seconds = (System.nanoTime() - started) / 1e9;
        Measurement measurement = new Measurement(name, keys, units, seconds, heap.peakUsed(), heap.peakAfterGc(),
                results.bytes(), detail.toString());
        progress.table("bench", String.format(Locale.ROOT, "%s (%s): %,d in %.1f s", name, keys, units, seconds));
        return measurement;
    }
}
