package io.dmsdelta.cli;

import io.dmsdelta.generate.DataSetWriter;
import io.dmsdelta.generate.GenerationSummary;
import io.dmsdelta.generate.KeyPattern;
import io.dmsdelta.generate.OperationMix;
import io.dmsdelta.generate.WorkloadSpec;
import io.dmsdelta.report.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Writes a DMS-shaped data set to a local folder, for sizing and benchmarks: a table of --rows orders"
                        + " (id bigint key, customer, note, amount decimal(12,2), status, updated_at timestamp) as LOAD"
                        + " files, then --changes changes spread over --files CDC files, one a minute from --start.",
                "Files: <output>/dms/<schema>/<table>/LOAD0000000N.csv and yyyyMMdd-HHmmssSSS.csv, plus"
                        + " <output>/tables.json and <output>/endpoint-settings.json for dms-delta run, and"
                        + " <output>/workload.json (options and figures). The same options give the same bytes.",
                "Inserts take new ids above all others; updates (full after-images) and deletes (key only) fall on"
                        + " keys that exist at that point. Progress goes to standard error, the summary to standard"
                        + " output. See docs/benchmarks.md."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the data set was written",
                "2:wrong options, the output's table folder is not empty, or a file could not be written",
                "70:unexpected error"})
final class GenerateCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Option(names = "--output", required = true, paramLabel = "<dir>",
            description = "Local folder to write to; its <schema>/<table> folder must be empty or absent.")
    Path output;

    @Option(names = "--schema", defaultValue = "bench", paramLabel = "<name>",
            description = "Schema folder name (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(names = "--table", defaultValue = "orders", paramLabel = "<name>",
            description = "Table folder name (default: ${DEFAULT-VALUE}).")
    String table;

    @Option(names = "--rows", defaultValue = "1000000", paramLabel = "N",
            description = "Rows of the full load, ids 1 to N (default: ${DEFAULT-VALUE}).")
    long rows;

    @Option(names = "--load-files", paramLabel = "K",
            description = "LOAD files the full load is split into, named LOAD00000001 ... LOAD0000000A ..."
                    + " (default: one per million rows, at least 1).")
    Integer loadFiles;

    @Option(names = "--changes", defaultValue = "100000", paramLabel = "M",
            description = "Changes (CDC rows) over all CDC files (default: ${DEFAULT-VALUE}).")
    long changes;

    @Option(names = "--files", defaultValue = "10", paramLabel = "F",
            description = "CDC files the changes are spread over evenly (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--mix", defaultValue = "50:30:20", paramLabel = "U:I:D",
            description = "Percent of updates, inserts and deletes, adding up to 100; met exactly"
                    + " (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "PERCENT",
            description = "Percent of the changed keys that are changed more than once, within a file and across"
                    + " files (default: ${DEFAULT-VALUE}). The summary gives the share reached.")
    int repeat;

    @Option(names = "--keys", defaultValue = "uniform", paramLabel = "uniform|recent",
            description = "Which keys updates and deletes fall on: uniform (any live key) or recent (the newest"
                    + " M ids of the snapshot and the rows inserted since, as with auto-increment ids)"
                    + " (default: ${DEFAULT-VALUE}).")
    KeyPattern keys;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Random seed; the same seed and options give the same bytes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--start", defaultValue = WorkloadSpec.DEFAULT_START, paramLabel = "<timestamp>",
            description = "Name time (UTC) of the first CDC file, yyyy-MM-ddTHH:mm:ss; the others follow a minute"
                    + " apart (default: ${DEFAULT-VALUE}).")
    String start;

    @Override
    public Integer call() {
        WorkloadSpec workload = new WorkloadSpec(schema, table, rows,
                loadFiles != null ? loadFiles : WorkloadSpec.defaultLoadFiles(rows), changes, files,
                OperationMix.parse(mix), repeat, keys, seed, WorkloadSpec.parseStart(start));
        GenerationSummary summary = new DataSetWriter(new Progress(spec.commandLine().getErr()))
                .write(workload, output.toAbsolutePath());
        PrintWriter out = spec.commandLine().getOut();
        out.print(summary.describe());
        out.flush();
        return ExitCodes.OK;
    }
}
