package io.dmsdelta.bench;

import io.dmsdelta.report.Progress;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What every workload of the harness has: the work folder and its data sets, the meter, and the steps and ratios
 * measured so far, which {@link #results()} hands over once the workload has run.
 */
abstract class Workload {

    protected final SparkSession spark;
    protected final BenchmarkOptions options;
    protected final Workspace workspace;
    protected final DataSets dataSets;
    protected final StepMeter meter;
    protected final Progress progress;
    protected final List<Measurement> steps = new ArrayList<>();
    protected final List<Ratio> ratios = new ArrayList<>();
    private FreshCliRun fresh;
    private Path logs;

    Workload(SparkSession spark, BenchmarkOptions options, Progress progress) {
        this.spark = spark;
        this.options = options;
        this.workspace = new Workspace(options.work);
        this.dataSets = new DataSets(workspace, progress);
        this.meter = new StepMeter(spark, progress);
        this.progress = progress;
    }

    /** Measures the workload's steps; each workload's ratios come from those times. */
    abstract Benchmark.Results run();

    protected Benchmark.Results results() {
        return new Benchmark.Results(List.copyOf(steps), List.copyOf(ratios));
    }

    /**
     * dms-delta runs in fresh processes, for {@code --process fresh}; made on first use (it looks for
     * {@code bin/dms-delta}), with the logs of an earlier harness run deleted.
     */
    protected FreshCliRun fresh() {
        if (fresh == null) {
            fresh = new FreshCliRun(FreshJvm.ofThisRepository(), logs(), progress);
        }
        return fresh;
    }

    /** The folder of the fresh processes' logs; made on first use, with the logs of an earlier harness run deleted. */
    protected Path logs() {
        if (logs == null) {
            logs = workspace.newLogs();
        }
        return logs;
    }

    protected Measurement record(Measurement measurement) {
        steps.add(measurement);
        return measurement;
    }

    /**
     * A measured {@code dms-delta run} of the data set's LOAD files into an empty warehouse of its own, kept as the
     * later steps' starting point.
     */
    protected Path fullLoad(String step, GeneratedDataSet data, Path warehouse) {
        Workspace.delete(warehouse);
        Path run = workspace.newRun("load");
        Path source = workspace.source(run, data, data.loadFiles());
        record(meter.measure(step, "-", detail -> {
            detail.append(String.format(Locale.ROOT, "%,d LOAD file(s)", data.spec().loadFiles()));
            return CliRun.run(step, source, warehouse, data, run.resolve("report.json")).loadRows();
        }));
        Workspace.delete(run);
        return warehouse;
    }
}
