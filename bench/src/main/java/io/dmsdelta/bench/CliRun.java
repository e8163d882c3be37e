package io.dmsdelta.bench;

import io.dmsdelta.cli.DmsDeltaMain;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * {@code dms-delta run} called in-process through its real entry point, {@link DmsDeltaMain#execute}, in the
 * harness's Spark session. Its summary goes to standard error with its progress lines, so standard output keeps
 * only the harness's results; the figures come from its {@code --report}.
 */
final class CliRun {

    /** What the run reports, added up over its tables; {@code applied} counts the tables that applied something. */
    record Figures(long loadRows, long changeRows, long inserted, long updated, long deleted, int applied) {
    }

    private CliRun() {
    }

    /**
     * @param step named in the error
     * @throws BenchmarkFailure when the run exits with anything but 0
     */
    static Figures run(String step, Path source, Path warehouse, GeneratedDataSet data, Path report) {
        return run(step, source, warehouse, data.tables(), data.endpointSettings(), report);
    }

    /** @param options more options of {@code run}, such as {@code --parallelism 4} */
    static Figures run(String step, Path source, Path warehouse, Path tables, Path endpointSettings, Path report,
                       String... options) {
        return figures(report(step, source, warehouse, tables, endpointSettings, report, options));
    }

    /** The report's figures, added up over its tables. */
    static Figures figures(io.dmsdelta.report.RunReport report) {
        long[] sums = new long[5];
        int applied = 0;
        for (io.dmsdelta.report.TableReport table : report.tables()) {
            sums[0] += table.loadRows();
            sums[1] += table.changeRowsRead();
            sums[2] += table.rowsInserted();
            sums[3] += table.rowsUpdated();
            sums[4] += table.rowsDeleted();
            applied += table.status() == io.dmsdelta.report.TableStatus.APPLIED ? 1 : 0;
        }
        return new Figures(sums[0], sums[1], sums[2], sums[3], sums[4], applied);
    }

    /** The run's whole report. */
    static io.dmsdelta.report.RunReport report(String step, Path source, Path warehouse, Path tables,
                                               Path endpointSettings, Path report, String... options) {
        PrintStream out = System.out;
        int code;
        try {
            System.setOut(System.err);
            code = DmsDeltaMain.execute(arguments(source, warehouse, tables, endpointSettings, report, options)
                    .toArray(String[]::new));
        } finally {
            System.setOut(out);
        }
        if (code != 0) {
            throw new BenchmarkFailure("dms-delta run for \"" + step + "\" exited with " + code
                    + "; its output above says why.");
        }
        return readReport(report);
    }

    /** The arguments of {@code dms-delta run}, the same in-process and in a fresh process. */
    static java.util.List<String> arguments(Path source, Path warehouse, Path tables, Path endpointSettings, Path report,
                                            String... options) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", "--source", source.toString(),
                "--target", warehouse.toString(), "--tables", tables.toString(),
                "--endpoint-settings", endpointSettings.toString(), "--report", report.toString()));
        args.addAll(java.util.List.of(options));
        return args;
    }

    static io.dmsdelta.report.RunReport readReport(Path report) {
        try {
            return io.dmsdelta.report.RunReport.fromJson(java.nio.file.Files.readString(report));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run report " + report + ": " + e.getMessage(), e);
        }
    }
}
