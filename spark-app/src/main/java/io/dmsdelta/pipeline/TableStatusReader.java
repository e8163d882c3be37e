package io.dmsdelta.pipeline;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.plan.SyncPlanner;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Describes, without changing anything, where each table stands: what is applied and what a run would do next,
 * as {@link SyncPlanner} plans it.
 */
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
        SyncPlanner planner = new SyncPlanner(new PlanningRules(PlanningRules.DEFAULT_MAX_BATCH_FILES,
                PlanningRules.DEFAULT_MAX_BATCH_BYTES, PlanningRules.DEFAULT_RELOAD_QUIET_PERIOD,
                Duration.ofMillis(DmsDeltaSettings.from(spark).cdcNameAheadAllowanceMs()), PlanningRules.CLOCK_SKEW));
        StringBuilder text = new StringBuilder();
        for (TableDefinition table : source.tables()) {
            text.append(table.qualifiedName()).append(System.lineSeparator());
            String folder = source.tableFolder(table);
            String target = table.pathUnder(targetRoot);
            TableState state = TableState.read(spark, target);
            line(text, "target", target + (state.exists() ? " (Delta version " + state.version() + ")" : " (not loaded yet)"));
            if (table.source() instanceof io.dmsdelta.config.EventSourceDefinition events) {
                describeEvents(text, source.sourceRoot(), events, state, planner.rules());
                continue;
            }
            Optional<TableFiles> found = SourceFiles.of(storage, settings, source, table);
            if (found.isEmpty()) {
                line(text, "source", folder + " does not exist (DMS writes no folder for an empty table)");
                continue;
            }
            TableFiles files = found.get();
            SyncPlan plan = planner.plan(state, found, folder, Instant.now());
            line(text, "source", folder + ": " + files.loadFiles().size() + " LOAD, " + files.cdcFiles().size() + " CDC files");
            state.lastCommit().ifPresent(c -> line(text, "last commit", c.metadata().kind().label() + " at " + c.timestamp()
                    + " (Delta version " + c.version() + ", " + c.metadata().files() + " files)"));
            List<DmsFile> applied = state.exists() ? files.cdcUpTo(state.watermarkNanos()) : List.of();
            line(text, "last applied", applied.isEmpty() ? "no CDC file yet" : applied.get(applied.size() - 1).name());
            if (!applied.isEmpty()) {
                line(text, "lag", TableReports.lagSeconds(applied.get(applied.size() - 1)) + " s behind the source (now less"
                        + " the write time of the last CDC file applied)");
            }
            line(text, "pending", pending(plan));
            plan.halt().ifPresent(halt -> line(text, "next run", halt instanceof SyncPlan.Wait wait ? "waits: " + wait.reason()
                    : halt instanceof SyncPlan.Refuse refuse ? "fails: " + refuse.errors().get(0)
                    : "skips: " + ((SyncPlan.Skip) halt).reason()));
            if (!files.ignored().isEmpty()) {
                line(text, "ignored", files.ignored().size() + " files that are not DMS data files");
            }
        }
        return text.toString();
    }

    /**
     * A table of an at-least-once source: its files (by partition where there are partitions), the newest applied,
     * and what the next run applies.
     */
    private void describeEvents(StringBuilder text, String sourceRoot, io.dmsdelta.config.EventSourceDefinition source,
                                TableState state, PlanningRules rules) {
        Optional<io.dmsdelta.source.events.EventFiles.Listing> listed =
                io.dmsdelta.source.EventSources.list(storage, sourceRoot, source);
        String folder = io.dmsdelta.source.EventSources.folder(sourceRoot, source);
        if (listed.isEmpty()) {
            line(text, "source", folder + " does not exist (no " + io.dmsdelta.source.EventSources.describe(source)
                    + " yet)");
            return;
        }
        java.util.Map<Integer, Long> byPartition = new java.util.TreeMap<>();
        listed.get().files().forEach(f -> byPartition.merge(f.partition(), 1L, Long::sum));
        line(text, "source", folder + ": " + listed.get().files().size() + " event files (" + source.format()
                + (byPartition.keySet().equals(java.util.Set.of(io.dmsdelta.source.events.EventFile.NO_PARTITION)) ? ""
                : ", by partition " + byPartition) + ")");
        state.lastCommit().ifPresent(c -> line(text, "last commit", c.metadata().kind().label() + " at " + c.timestamp()
                + " (Delta version " + c.version() + ", " + c.metadata().files() + " files, last " + c.metadata().lastFile()
                + ")"));
        if (state.exists() && state.watermarkNanos() > 0) {
            line(text, "applied up to", "files stored at " + Instant.ofEpochMilli(state.watermarkNanos())
                    + " and before, and those recorded within " + source.lateArrival().toMinutes() + " minutes of it");
        }
        io.dmsdelta.source.EventSources.notes(source).forEach(note -> line(text, "note", note));
        SyncPlan plan = new io.dmsdelta.source.events.EventPlanner(rules, source.lateArrival()).plan(state, listed);
        line(text, "pending", plan.pending().isEmpty() ? "nothing" : plan.pending().size() + " event files");
        plan.halt().ifPresent(halt -> line(text, "next run", "skips: " + ((SyncPlan.Skip) halt).reason()));
    }

    /** What the plan's steps apply: for a table not loaded yet, "a full load of N LOAD files, then ...". */
    private static String pending(SyncPlan plan) {
        List<DmsFile> cdc = plan.pending();
        long batches = plan.steps().stream().filter(s -> s instanceof SyncStep.Apply).count();
        String changes = cdc.isEmpty() ? "no CDC files" : cdc.size() + " CDC files, " + cdc.get(0).name() + " to "
                + cdc.get(cdc.size() - 1).name() + (batches > 1 ? ", in " + batches + " commits" : "");
        Optional<SyncStep.Load> load = plan.steps().stream().filter(s -> s instanceof SyncStep.Load)
                .map(s -> (SyncStep.Load) s).findFirst();
        if (load.isPresent()) {
            String what = !load.get().replace() ? "a full load" : load.get().kind() == CommitKind.RELOAD ? "a reload"
                    : "a full load again";
            return what + " of " + load.get().files().size() + " LOAD files, then " + changes;
        }
        return cdc.isEmpty() ? "nothing" : changes;
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append(String.format("  %-13s %s%n", label + ":", value));
    }
}
