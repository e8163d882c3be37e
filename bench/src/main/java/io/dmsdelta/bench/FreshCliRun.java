package io.dmsdelta.bench;

import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;

import java.nio.file.Path;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * {@code dms-delta run} as a user runs it, in a fresh process ({@link FreshJvm#dmsDelta}): the same arguments as
 * {@link CliRun}'s in-process runs, each process's output in a log file of its own, the figures from its
 * {@code --report}.
 */
final class FreshCliRun {

    /** The run's report, and how its process went. */
    record Result(RunReport report, FreshJvm.Result process) {

        /** The report of the run's only table. */
        TableReport table() {
            return report.tables().get(0);
        }
    }

    private final FreshJvm jvm;
    private final Path logs;
    private final Progress progress;
    private int started;

    /** @param logs an existing folder for the processes' logs, numbered in the order they start */
    FreshCliRun(FreshJvm jvm, Path logs, Progress progress) {
        this.jvm = requireNonNull(jvm, "jvm");
        this.logs = requireNonNull(logs, "logs");
        this.progress = requireNonNull(progress, "progress");
    }

    /**
     * @param step named in the progress lines, the log file's name and the error; says "fresh process"
     * @throws BenchmarkFailure when the process exits with anything but 0
     */
    Result run(String step, Path source, Path warehouse, Path tables, Path endpointSettings, Path report,
               String... options) {
        started++;
        Path log = logs.resolve(String.format(Locale.ROOT, "%03d-%s.log", started,
                step.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "")));
        progress.table("bench", step + " ...");
        FreshJvm.Result process = jvm.dmsDelta(CliRun.arguments(source, warehouse, tables, endpointSettings, report,
                options), log);
        if (process.exitCode() != 0) {
            throw new BenchmarkFailure("dms-delta run for \"" + step + "\" in a fresh process exited with "
                    + process.exitCode() + "; its output, in " + log + ", says why.");
        }
        progress.table("bench", String.format(Locale.ROOT, "%s: %.1f s, the whole process", step,
                process.wallMs() / 1000.0));
        return new Result(CliRun.readReport(report), process);
    }
}
