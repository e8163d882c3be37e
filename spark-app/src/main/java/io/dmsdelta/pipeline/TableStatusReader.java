package io.dmsdelta.pipeline;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Optional;

/** Describes, without changing anything, where each table stands: what is applied and what is pending. */
public final class TableStatusReader {

    private final SparkSession spark;
    private final Storage storage;
    private final EndpointSettings settings;

    public TableStatusReader(SparkSession spark, EndpointSettings settings) {
        this.spark = spark;
        this.settings = settings;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
    }

    public String describe(SourceSelection source, String targetRoot) {
        StringBuilder text = new StringBuilder();
        for (TableDefinition table : source.tables()) {
            text.append(table.qualifiedName()).append(System.lineSeparator());
            String folder = source.tableFolder(table);
            String target = table.pathUnder(targetRoot);
            TableState state = TableState.read(spark, target);
            line(text, "target", target + (state.exists() ? " (Delta version " + state.version() + ")" : " (not loaded yet)"));
            Optional<TableFiles> found = SourceFiles.of(storage, settings, source, table);
            if (found.isEmpty()) {
                line(text, "source", folder + " does not exist (DMS writes no folder for an empty table)");
                continue;
            }
            TableFiles files = found.get();
            List<DmsFile> applied = state.exists() ? files.cdcUpTo(state.watermarkNanos()) : List.of();
            List<DmsFile> pending = state.exists() ? files.cdcAfter(state.watermarkNanos()) : files.cdcFiles();
            line(text, "source", folder + ": " + files.loadFiles().size() + " LOAD, " + files.cdcFiles().size() + " CDC files");
            state.lastCommit().ifPresent(c -> line(text, "last commit", c.metadata().kind() + " at " + c.timestamp()
                    + " (Delta version " + c.version() + ", " + c.metadata().files() + " files)"));
            line(text, "last applied", applied.isEmpty() ? "no CDC file yet" : applied.get(applied.size() - 1).name());
            String cdc = pending.isEmpty() ? "no CDC files" : pending.size() + " CDC files, " + pending.get(0).name()
                    + " to " + pending.get(pending.size() - 1).name();
            line(text, "pending", state.exists()
                    ? (pending.isEmpty() ? "nothing" : cdc)
                    : "a full load of " + files.loadFiles().size() + " LOAD files, then " + cdc);
            if (!files.ignored().isEmpty()) {
                line(text, "ignored", files.ignored().size() + " files that are not DMS data files");
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-13s %s%n", label + ":", value));
    }
}
