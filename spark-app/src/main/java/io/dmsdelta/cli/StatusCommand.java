package io.dmsdelta.cli;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.TableStatusReader;
import io.dmsdelta.spark.SparkSessions;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows, per table, what has been applied (last file, when, Delta version) and which files are"
                + " pending. Reads only; changes nothing.")
final class StatusCommand implements Callable<Integer> {

    /** Where it prints: standard output and error, or the writers a caller of {@link DmsDeltaMain#execute} gives. */
    @Spec
    CommandSpec spec;

    @Mixin
    SourceOptions sourceOptions;

    @Option(names = "--target", converter = UriWithoutCredentials.class, required = true, paramLabel = "<uri>", description = "Warehouse root, as given to run.")
    String target;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.getOrCreate();
        Storage storage = new Storage(spark.sparkContext().hadoopConfiguration());
        TableDefinitions definitions = sourceOptions.tableDefinitions(storage);
        EndpointSettings settings = sourceOptions.endpointSettings(storage);
        settings.requireFitsTables(definitions);
        PrintWriter out = spec.commandLine().getOut();
        out.print(new TableStatusReader(spark, settings)
                .describe(sourceOptions.selection(storage, definitions, settings), storage.qualify(target).toString()));
        out.flush();
        return ExitCodes.OK;
    }
}
