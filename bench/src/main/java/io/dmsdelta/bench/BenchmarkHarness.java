package io.dmsdelta.bench;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.report.Progress;
import io.dmsdelta.spark.SparkSessions;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark harness that {@code bench/run} starts: generates (or reuses) DMS-shaped data sets, measures
 * dms-delta against a one-MERGE-per-file baseline and an I/O floor in one JVM, and prints the figures and their
 * ratios (see docs/benchmarks.md).
 */
@Command(name = "bench/run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Measures dms-delta on generated DMS data in one run: the full load (rows/s); applying all F CDC"
                        + " files in one dms-delta run (changes/s); the per-file baseline (one MERGE per file, measured"
                        + " on the first B files and scaled to F); the I/O floor (the CDC files read and written as"
                        + " Parquet, plus a join of their keys against the table); how apply time grows with the table"
                        + " (M/10 changes into N and N/10 rows) and with the changes (M vs M/10); the heap of each step."
                        + " With --process fresh, dms-delta's runs are also (or only) measured as fresh processes"
                        + " started by bin/dms-delta, as a user runs them; their logs go to <work>/logs.",
                "Figures and ratios go to standard output (and, with --output, as Markdown to a file), progress to"
                        + " standard error. Workload W1: --rows 10000000 --changes 1000000 --files 100 --mix 50:30:20"
                        + " --repeat 5 --keys both."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:a step failed (its message says which)", "2:wrong options",
                "70:unexpected error"})
public final class BenchmarkHarness implements Callable<Integer> {

    @Mixin
    BenchmarkOptions options;

    private final String command;

    BenchmarkHarness(String command) {
        this.command = command;
    }

    public static void main(String[] args) {
        int code = commandLine(new BenchmarkHarness("bench/run " + String.join(" ", args))).execute(args);
        SparkSessions.stop();
        System.exit(code);
    }

    static CommandLine commandLine(BenchmarkHarness harness) {
        return new CommandLine(harness)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    if (e instanceof ConfigException) {
                        commandLine.getErr().println("bench: " + e.getMessage());
                        return 2;
                    }
                    if (e instanceof BenchmarkFailure || e instanceof UncheckedIOException) {
                        commandLine.getErr().println("bench: " + e.getMessage());
                        return 1;
                    }
                    commandLine.getErr().println("bench: unexpected error: " + e);
                    e.printStackTrace(commandLine.getErr());
                    return 70;
                });
    }

    @Override
    public Integer call() {
        options.validate();
        String loadAtStart = MachineFacts.loadAverage();
        try {
            Files.createDirectories(options.work);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the work folder " + options.work + ": " + e.getMessage(), e);
        }
        // SparkSessions builds the same local session bin/dms-delta runs in; the CLI then finds and uses it.
        System.setProperty("spark.sql.shuffle.partitions", Integer.toString(options.shufflePartitions));
        SparkSession spark = SparkSessions.getOrCreate();
        Map<String, String> machine = MachineFacts.collect(spark, options.work.toAbsolutePath());
        Progress progress = new Progress(System.err);
        Benchmark.Results results = switch (options.workload) {
            case MANY_TABLES -> new ManyTablesBenchmark(spark, options, progress).run();
            case MINUTE_FILES -> new MinuteFilesBenchmark(spark, options, progress).run();
            case BACKLOG -> new Benchmark(spark, options, progress).run();
        };
        ResultsReport report = new ResultsReport(command, Instant.now(), machine,
                loadAtStart + " / " + MachineFacts.loadAverage(), settings(spark), results);
        System.out.print(report.text());
        System.out.flush();
        if (options.output != null) {
            append(options.output, report.markdown());
        }
        return 0;
    }

    private Map<String, String> settings(SparkSession spark) {
        Map<String, String> settings = new LinkedHashMap<>(options.describe());
        for (String key : new String[]{"spark.master", "spark.sql.shuffle.partitions",
                "spark.databricks.delta.snapshotPartitions", "spark.sql.adaptive.enabled", "spark.sql.session.timeZone"}) {
            try {
                settings.put(key, spark.conf().get(key)); // a setting Spark knows gives its default when not set
            } catch (java.util.NoSuchElementException e) {
                settings.put(key, "not set");
            }
        }
        return settings;
    }

    private static void append(Path file, String markdown) {
        try {
            Files.writeString(file, "\n" + markdown, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("The results were printed, but cannot be appended to " + file + ": "
                    + e.getMessage(), e);
        }
    }
}
