package io.dmsdelta.cli;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.maintenance.TableRewind;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import io.dmsdelta.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "rewind", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Puts a table back to an earlier Delta version together with what it had applied then, in one commit, so"
                        + " the CDC files applied since are applied again by the next run. Use it to undo a bad batch"
                        + " once its files are fixed or removed. Files are compared by path and deletion vector, as Delta's"
                        + " RESTORE does: a file whose rows a later batch marked deleted gets back the vector it had.",
                "Do not use Delta's RESTORE for this: it keeps the newer watermark, and the undone files would never be"
                        + " applied again. Run it where no run writes the table at the same time (inside the one-writer"
                        + " job on AWS); a run committing meanwhile makes it fail with nothing written.",
                "Prints one line: the table, the version it was at and the version rewound to, the last CDC file it"
                        + " now reflects."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the table was rewound",
                "2:wrong options, a version that cannot be rewound to (not earlier, before dms-delta's first commit,"
                        + " data or deletion-vector files vacuumed), or no such table",
                "3:another run committed to the table meanwhile; nothing was written",
                "70:unexpected error"})
final class RewindCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Mixin
    TablesOptions tablesOptions;

    @Option(names = "--target", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>",
            description = "Warehouse root, as given to run.")
    String target;

    @Option(names = "--to-version", required = true, paramLabel = "<version>",
            description = "The Delta version whose contents and watermark the table gets back (DESCRIBE HISTORY, or"
                    + " dms-delta status, lists them).")
    long toVersion;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.getOrCreate();
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        java.util.List<TableDefinition> selected = tablesOptions.selected(tablesOptions.definitions(storage));
        if (!tablesOptions.narrowed() || selected.size() != 1) {
            throw new ConfigException("rewind works on one table: name it with --table <schema.table>.");
        }
        TableDefinition definition = selected.get(0);
        String path = definition.pathUnder(storage.qualify(target).toString());
        try {
            TableRewind.Result result = new TableRewind(spark).rewind(path, toVersion);
            spec.commandLine().getOut().printf("%-32s REWOUND    from version %d to the contents of version %d (as"
                            + " version %d); last CDC file applied: %s; the next run applies what came after%n",
                    definition.qualifiedName(), result.fromVersion(), result.toVersion(), result.version(),
                    result.lastFile() == null ? "none" : result.lastFile());
            return ExitCodes.OK;
        } catch (io.dmsdelta.delta.ConcurrentRunException e) {
            spec.commandLine().getErr().println("dms-delta: another run committed to " + path + " while it was being"
                    + " rewound; nothing was written. Run rewind again when no run writes the table.");
            return ExitCodes.CONCURRENT_RUN;
        }
    }
}
