package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** What the run reports for the table. */
    record Figures(long loadRows, long changeRows, long inserted, long updated, long deleted) {
    }

    private CliRun() {
    }

    /**
     * @param step named in the error
     * @throws BenchmarkFailure when the run exits with anything but 0
     */
    static Figures run(String step, Path source, Path warehouse, GeneratedDataSet data, Path report) {
        PrintStream out = System.out;
        int code;
        try {
            System.setOut(System.err);
            code = DmsDeltaMain.execute("run", "--source", source.toString(), "--target", warehouse.toString(),
                    "--tables", data.tables().toString(), "--endpoint-settings", data.endpointSettings().toString(),
                    "--report", report.toString());
        } finally {
            System.setOut(out);
        }
        if (code != 0) {
            throw new BenchmarkFailure("dms-delta run for \"" + step + "\" exited with " + code
                    + "; its output above says why.");
        }
        try {
            JsonNode table = new ObjectMapper().readTree(report.toFile()).path("tables").path(0);
            return new Figures(table.path("loadRows").asLong(), table.path("changeRowsRead").asLong(),
                    table.path("rowsInserted").asLong(), table.path("rowsUpdated").asLong(),
                    table.path("rowsDeleted").asLong());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the run report " + report + ": " + e.getMessage(), e);
        }
    }
}
