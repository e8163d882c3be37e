package io.dmsdelta.cli;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.maintenance.TableOptimizer;
import io.dmsdelta.report.Failures;
import io.dmsdelta.report.Progress;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "optimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Rewrites the tables as a full load lays them out, in files that each hold one range of primary keys,"
                        + " and with --vacuum-retain-hours then deletes the files they stopped using.",
                "Run it now and then, daily say: each MERGE writes the rows it rewrote spread over the key range and"
                        + " frequent runs leave small files, so later runs can skip fewer files. It changes no row and"
                        + " keeps what has been applied; a run committing at the same time makes one of the two fail"
                        + " with nothing written (a run retries by itself).",
                "Progress goes to standard error, a line per table to standard output."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every table was optimized, or is not loaded yet",
                "1:a table failed (see its line); the others were optimized",
                "2:wrong options or configuration",
                "70:unexpected error"})
final class OptimizeCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Mixin
    TablesOptions tablesOptions;

    @Option(names = "--target", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>", description = "Warehouse root, as given to run.")
    String target;

    @Option(names = "--vacuum-retain-hours", paramLabel = "<hours>",
            description = "Afterwards VACUUM each table, deleting data files it stopped using more than this many"
                    + " hours ago. Delta refuses less than 168 (7 days) unless"
                    + " spark.databricks.delta.retentionDurationCheck.enabled=false: readers and time travel may"
                    + " still need younger files. Default: no VACUUM.")
    Integer retainHours;

    @Override
    public Integer call() {
        if (retainHours != null && retainHours < 0) {
            throw new ConfigException("--vacuum-retain-hours must be 0 or more, not " + retainHours + ".");
        }
        SparkSession spark = SparkSessions.getOrCreate();
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        String targetRoot = storage.qualify(target).toString();
        PrintWriter out = spec.commandLine().getOut();
        Progress progress = new Progress(spec.commandLine().getErr());
        TableOptimizer optimizer = new TableOptimizer(spark, io.dmsdelta.config.DmsDeltaSettings.from(spark));
        boolean failed = false;
        for (TableDefinition table : tablesOptions.selected(tablesOptions.definitions(storage))) {
            String path = table.pathUnder(targetRoot);
            long started = System.currentTimeMillis();
            progress.table(table.qualifiedName(), "optimizing " + path + ": rewriting it in ranges of "
                    + String.join(", ", table.primaryKey()));
            String outcome;
            try {
                outcome = optimizer.optimize(path, table, Optional.ofNullable(retainHours))
                        .map(r -> String.format("OPTIMIZED  %d file(s) rewritten into %d%s, in %.1f s", r.filesBefore(),
                                r.filesAfter(), r.vacuumed() ? ", vacuumed" : "", (System.currentTimeMillis() - started) / 1000.0))
                        .orElse("SKIPPED    not loaded yet");
            } catch (Exception e) { // Spark's exceptions are checked ones that Scala does not declare
                failed = true;
                outcome = "FAILED     " + (e instanceof java.util.ConcurrentModificationException
                        ? "a run committed to the table at the same time; nothing of the optimization was committed."
                        + " Run optimize again." : Failures.rootCause(e));
            }
            out.printf("%-32s %s%n", table.qualifiedName(), outcome);
            out.flush();
        }
        return failed ? ExitCodes.TABLE_FAILED : ExitCodes.OK;
    }
}
