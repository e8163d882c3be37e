package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.CrashPoints;
import io.dmsdelta.pipeline.RunService;
import io.dmsdelta.quarantine.OnBadRows;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.pipeline.SourceSelection;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Brings Delta tables up to date with the files AWS DMS wrote: a full load from the LOAD files when a"
                        + " table does not exist yet, then every pending CDC file in one MERGE per table.",
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
                "70:unexpected error"})
final class RunCommand implements Callable<Integer> {

    @Mixin
    SourceOptions sourceOptions;

    @Mixin
    BatchOptions batchOptions;

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

    @Override
    public Integer call() {
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
        RunReport result = new RunService(spark, settings, quarantine, new Progress(System.err))
                .run(selection, targetRoot, definitions, new RunService.Options(batchOptions.maxBatchFiles(),
                        batchOptions.maxBatchBytes(), batchOptions.reloadQuietPeriod(), batchOptions.deadline(),
                        wholeFolder, strict));
        System.out.print(result.summary());
        System.out.flush();
        if (report != null) {
            CrashPoints.reach("before-writing-report");
            try {
                storage.writeText(report, result.toJson());
            } catch (java.io.UncheckedIOException e) {
                System.err.println("dms-delta: the tables were applied as summarised, but the report could not be"
                        + " written: " + e.getMessage());
                return ExitCodes.TABLE_FAILED;
            }
        }
        return result.any(TableStatus.FAILED) ? ExitCodes.TABLE_FAILED
                : result.any(TableStatus.CONFLICT) ? ExitCodes.CONCURRENT_RUN
                : result.rowsQuarantined() > 0 ? ExitCodes.ROWS_QUARANTINED : ExitCodes.OK;
    }
}
