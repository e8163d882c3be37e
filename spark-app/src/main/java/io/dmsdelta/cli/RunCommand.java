package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.faults.CrashPoints;
import io.dmsdelta.pipeline.Deadline;
import io.dmsdelta.pipeline.RunService;
import io.dmsdelta.pipeline.SourceSelection;
import io.dmsdelta.pipeline.Watch;
import io.dmsdelta.quarantine.OnBadRows;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Supplier;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Brings Delta tables up to date with the files AWS DMS wrote: a full load from the LOAD files when a"
                        + " table does not exist yet, then every pending CDC file in one commit per table (a long backlog"
                        + " in batches, one commit each). Tables are synced in parallel (--parallelism).",
                "Each table lands at <target>/<schema>/<table>. Every commit records what it applied, so reruns,"
                        + " duplicate triggers and crashes never apply a file twice or skip one.",
                "Progress goes to standard error, the summary to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every table succeeded or was up to date",
                "1:a table failed; the others were applied (see the summary)",
                "2:wrong options or configuration; nothing was written",
                "3:other runs kept committing to a table at the same time; this run wrote nothing to it",
                "4:every table was applied, but bad rows were quarantined (--on-bad-rows quarantine)",
                "5:every table was applied, but registering a table in the catalog failed (--catalog-database)",
                "70:unexpected error"})
final class RunCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    BatchOptions batchOptions;

    @Mixin
    CatalogOptions catalogOptions;

    @Option(names = "--target", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>",
            description = "Warehouse root: each table is the Delta table <target>/<schema>/<table>.")
    String target;

    @Option(names = "--report", converter = UriWithoutCredentials.class, paramLabel = "<uri>", description = "Also write the run summary as JSON here.")
    String report;

    @Option(names = "--strict", description = "Fail (exit code 1) when the source holds a <schema>/<table>/ folder"
            + " that --tables does not define. Default: list it in the summary as SKIPPED.")
    boolean strict;

    @Option(names = "--on-bad-rows", paramLabel = "<fail|quarantine>", defaultValue = "fail",
            description = "What a bad input row (unknown operation, wrong field count, a value that does not parse,"
                    + " a missing key) does. fail (default): the table fails, naming file, line, column and value,"
                    + " and nothing of its batch is written. quarantine: bad rows are recorded in a quarantine Delta"
                    + " table with their file, line, problems and text, the other rows are applied, and the exit"
                    + " code is 4. Problems with a whole file (unreadable, late, wrong layout) always fail the table.")
    OnBadRows onBadRows;

    @Option(names = "--quarantine", converter = UriWithoutCredentials.class, paramLabel = "<uri>",
            description = "Folder of the quarantine tables, one per table at <uri>/<schema>/<table>."
                    + " Default: <target>/_quarantine.")
    String quarantineRoot;

    @Option(names = "--watch", description = "Keep going: a pass over every table each --interval seconds, in the same"
            + " Spark application, until --max-minutes is up or nothing was applied for --idle-minutes. The summary"
            + " is printed and --report written after each pass; the exit code is that of the last pass.")
    boolean watch;

    private static final long DEFAULT_INTERVAL_SECONDS = 60;

    // No picocli defaults: null says the option was not given, which matters without --watch.
    @Option(names = "--interval", paramLabel = "<seconds>",
            description = "With --watch: from the start of one pass to the start of the next (default "
                    + DEFAULT_INTERVAL_SECONDS + ").")
    Long intervalSeconds;

    @Option(names = "--idle-minutes", paramLabel = "<minutes>",
            description = "With --watch: stop after this many minutes without a pass that applied anything"
                    + " (default 0: only --max-minutes stops it).")
    Long idleMinutes;

    @Override
    public Integer call() throws InterruptedException {
        if (!watch && (intervalSeconds != null || idleMinutes != null)) {
            throw new ConfigException("--interval and --idle-minutes are only used with --watch.");
        }
        long interval = intervalSeconds == null ? DEFAULT_INTERVAL_SECONDS : intervalSeconds;
        long idle = idleMinutes == null ? 0 : idleMinutes;
        if (watch && batchOptions.maxMinutes == null && idle == 0) {
            throw new ConfigException("--watch needs --max-minutes or --idle-minutes, so that it ends: on a job, set"
                    + " --max-minutes below the job's timeout.");
        }
        if (interval < 1 || idle < 0) {
            throw new ConfigException("--interval must be at least 1 second and --idle-minutes 0 or more.");
        }
        SparkSession spark = SparkSessions.getOrCreate();
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        TableDefinitions definitions = sourceOptions.tableDefinitions(storage);
        EndpointSettings settings = sourceOptions.endpointSettings(storage);
        settings.requireFitsTables(definitions);
        SourceSelection selection = sourceOptions.selection(storage, definitions, settings);
        boolean wholeFolder = sourceOptions.wholeFolder(storage);
        String targetRoot = storage.qualify(target).toString();
        Optional<Quarantine> quarantine = onBadRows == OnBadRows.QUARANTINE
                ? Optional.of(new Quarantine(quarantineRoot != null ? storage.qualify(quarantineRoot).toString()
                        : new org.apache.hadoop.fs.Path(targetRoot, "_quarantine").toString()))
                : Optional.empty();
        if (onBadRows == OnBadRows.FAIL && quarantineRoot != null) {
            throw new ConfigException("--quarantine is only used with --on-bad-rows quarantine.");
        }
        Deadline deadline = batchOptions.deadline();
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr());
        RunService service = new RunService(spark, settings, quarantine, progress,
                catalogOptions.registration(spark, selection.tables(), targetRoot, progress));
        RunService.Options options = new RunService.Options(batchOptions.maxBatchFiles(), batchOptions.maxBatchBytes(),
                batchOptions.reloadQuietPeriod(), deadline, wholeFolder, strict, batchOptions.parallelism());
        Supplier<RunReport> pass = () -> service.run(selection, targetRoot, definitions, options);
        boolean[] reportFailed = {false};
        Consumer<RunReport> publish = result -> {
            out.print(result.summary());
            out.flush();
            if (report != null && !writeReport(storage, result)) {
                reportFailed[0] = true;
            }
        };
        RunReport result;
        if (watch) {
            result = new Watch(Duration.ofSeconds(interval), Duration.ofMinutes(idle), deadline)
                    .run(pass, publish);
        } else {
            result = pass.get();
            publish.accept(result);
        }
        if (reportFailed[0]) {
            return ExitCodes.TABLE_FAILED;
        }
        return result.any(TableStatus.FAILED) ? ExitCodes.TABLE_FAILED
                : result.any(TableStatus.CONFLICT) ? ExitCodes.CONCURRENT_RUN
                : result.anyCatalogFailed() ? ExitCodes.CATALOG_FAILED
                : result.rowsQuarantined() > 0 ? ExitCodes.ROWS_QUARANTINED : ExitCodes.OK;
    }

    /** Writes {@code --report}; false, with a message, when it cannot be written. */
    private boolean writeReport(Storage storage, RunReport result) {
        CrashPoints.reach("before-writing-report");
        try {
            storage.writeText(report, result.toJson());
            return true;
        } catch (java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("dms-delta: the tables were applied as summarised, but the report"
                    + " could not be written: " + e.getMessage());
            return false;
        }
    }
}
