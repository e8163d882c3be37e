package io.dmsdelta.pipeline;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlanner;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code run}: every selected table is synced in turn, each in its own Spark session (commits set session
 * configuration), and one table's failure does not stop the others.
 */
public final class RunService {

    private final SparkSession spark;
    private final Storage storage;
    private final EndpointSettings settings;
    private final Optional<Quarantine> quarantine;
    private final Progress progress;

    /** @param quarantine where bad rows go; empty: a bad row fails its table */
    public RunService(SparkSession spark, EndpointSettings settings, Optional<Quarantine> quarantine, Progress progress) {
        this.spark = spark;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.settings = settings;
        this.quarantine = quarantine;
        this.progress = progress;
    }

    /**
     * How a run goes about its tables.
     *
     * @param maxBatchFiles    the most CDC files one commit applies
     * @param maxBatchBytes    the most bytes of CDC files one commit applies
     * @param reloadQuietPeriod how long a reload must be quiet to count as complete without a CDC file after it
     * @param deadline         when the run stops starting new work
     * @param undefinedFolders whether to report the table folders no definition covers (a run over a whole
     *                         bucket folder)
     * @param strict           make each undefined table a failure instead of a skip
     */
    public record Options(int maxBatchFiles, long maxBatchBytes, Duration reloadQuietPeriod, Deadline deadline,
                          boolean undefinedFolders, boolean strict) {
    }

    public RunReport run(SourceSelection source, String targetRoot, TableDefinitions definitions, Options options) {
        long started = System.currentTimeMillis();
        DmsDeltaSettings limits = DmsDeltaSettings.from(spark.conf());
        SyncPlanner planner = new SyncPlanner(new PlanningRules(options.maxBatchFiles(), options.maxBatchBytes(),
                options.reloadQuietPeriod(), Duration.ofMillis(limits.cdcNameAheadAllowanceMs()), PlanningRules.CLOCK_SKEW));
        List<TableReport> reports = new ArrayList<>();
        for (TableDefinition table : source.tables()) {
            if (!reports.isEmpty() && options.deadline().passed()) { // a run always takes its first table's first step
                reports.add(TableReport.without(table.qualifiedName(), TableStatus.DEFERRED, "the run's time"
                        + " (--max-minutes) was up before the table's turn; the next run takes it"));
                continue;
            }
            StepContext context = new StepContext(spark.newSession(), storage, settings, limits, table,
                    table.pathUnder(targetRoot), quarantine, progress);
            reports.add(new TableSync(context, source, planner, options.deadline()).sync());
        }
        List<String> undefined = new ArrayList<>(source.undefinedTable().stream().toList());
        if (options.undefinedFolders()) {
            undefined.addAll(UndefinedTables.in(storage, source.sourceRoot(), definitions, settings));
        }
        for (String name : undefined) {
            TableStatus status = options.strict() ? TableStatus.FAILED : TableStatus.SKIPPED;
            progress.table(name, status + ": no table definition");
            reports.add(TableReport.without(name, status, "DMS writes this table, but --tables does not define it;"
                    + " add its definition to replicate it" + (options.strict() ? " (failed because of --strict)" : "")));
        }
        return RunReport.of(reports, System.currentTimeMillis() - started, source.warnings());
    }
}
