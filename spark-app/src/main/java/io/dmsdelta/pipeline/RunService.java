package io.dmsdelta.pipeline;

import io.dmsdelta.catalog.CatalogRegistration;
import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlanner;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.Phases;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.SyncPhase;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.spark.SparkJobs;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.dmsdelta.config.EventSourceDefinition;
import io.dmsdelta.source.ChangeSource;
import io.dmsdelta.source.DmsChangeSource;
import io.dmsdelta.source.EventSources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One {@code run}: the selected tables are synced by a bounded pool of threads in one Spark application, each table
 * in its own Spark session (commits set session configuration), each thread in its own FAIR scheduler pool, so small
 * tables are not stuck behind a large one, which still gets the whole cluster when the others are done. Pools are
 * named after the threads, not the tables: Spark creates (and warns about) each unconfigured pool once, so a
 * 200-table run makes as many pools as it has threads. One table's failure
 * does not stop the others; reports come in definition order whatever order the tables finish in. Each report says
 * how many Spark jobs the table's work started ({@link SparkJobs}) and, with its sync's phases, how long its catalog
 * registration took.
 */
public final class RunService {

    private static final Logger LOG = LoggerFactory.getLogger(RunService.class);

    private final SparkSession spark;
    private final Storage storage;
    private final EndpointSettings settings;
    private final Optional<Quarantine> quarantine;
    private final Progress progress;
    private final Optional<CatalogRegistration> catalog;

    /** @param quarantine where bad rows go; empty: a bad row fails its table */
    public RunService(SparkSession spark, EndpointSettings settings, Optional<Quarantine> quarantine, Progress progress) {
        this(spark, settings, quarantine, progress, Optional.empty());
    }

    /** @param catalog registers each table after its sync ({@code --catalog-database}); empty: no registration */
    public RunService(SparkSession spark, EndpointSettings settings, Optional<Quarantine> quarantine, Progress progress,
                      Optional<CatalogRegistration> catalog) {
        this.spark = spark;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.settings = settings;
        this.quarantine = quarantine;
        this.progress = progress;
        this.catalog = java.util.Objects.requireNonNull(catalog, "catalog");
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
     * @param parallelism      how many tables are synced at the same time, at least 1
     */
    public record Options(int maxBatchFiles, long maxBatchBytes, Duration reloadQuietPeriod, Deadline deadline,
                          boolean undefinedFolders, boolean strict, int parallelism) {
        public Options {
            if (parallelism < 1) {
                throw new IllegalArgumentException("parallelism must be at least 1, not " + parallelism);
            }
        }
    }

    /** Tables synced at the same time by default: twice the driver's cores (much of a small table's time is waiting). */
    public static int defaultParallelism() {
        return Math.max(2, Math.min(16, 2 * Runtime.getRuntime().availableProcessors()));
    }

    public RunReport run(SourceSelection source, String targetRoot, TableDefinitions definitions, Options options) {
        long started = System.currentTimeMillis();
        DmsDeltaSettings limits = DmsDeltaSettings.from(spark);
        SyncPlanner planner = new SyncPlanner(new PlanningRules(options.maxBatchFiles(), options.maxBatchBytes(),
                options.reloadQuietPeriod(), Duration.ofMillis(limits.cdcNameAheadAllowanceMs()), PlanningRules.CLOCK_SKEW));
        List<TableDefinition> tables = source.tables();
        List<TableReport> reports = new ArrayList<>(syncAll(tables, source, targetRoot, planner, limits, options));
        List<String> undefined = new ArrayList<>(source.undefinedTable().stream().toList());
        if (options.undefinedFolders()) {
            undefined.addAll(UndefinedTables.in(storage, source.sourceRoot(), definitions, settings));
        }
        for (String name : undefined) {
            TableStatus status = options.strict() ? TableStatus.FAILED : TableStatus.SKIPPED;
            progress.table(name, status + ": no table definition");
            reports.add(TableReport.without(name, status, Reason.NO_DEFINITION, "DMS writes this table, but --tables"
                    + " does not define it; add its definition to replicate it"
                    + (options.strict() ? " (failed because of --strict)" : "")));
        }
        return RunReport.of(reports, System.currentTimeMillis() - started, source.warnings());
    }

    /** Every table's report, in definition order; the pool's threads end with the run. */
    private List<TableReport> syncAll(List<TableDefinition> tables, SourceSelection source, String targetRoot,
                                      SyncPlanner planner, DmsDeltaSettings limits, Options options) {
        if (tables.isEmpty()) {
            return List.of();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.parallelism(), tables.size()), task -> {
            Thread thread = new Thread(task, "dms-delta-table-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger started = new AtomicInteger();
        try {
            List<Future<TableReport>> futures = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                TableDefinition table = tables.get(i);
                String label = table.qualifiedName() + (tables.size() > 1 ? ", table " + (i + 1) + " of " + tables.size() : "");
                futures.add(pool.submit(() -> {
                    // A run always takes its first table's first step, however short its time.
                    if (started.getAndIncrement() > 0 && options.deadline().passed()) {
                        return TableReport.without(table.qualifiedName(), TableStatus.DEFERRED,
                                Reason.DEADLINE_REACHED, "the run's time (--max-minutes) was up before the table's"
                                + " turn; the next run takes it");
                    }
                    return syncInItsOwnSession(table, label, source, targetRoot, planner, limits, options);
                }));
            }
            List<TableReport> reports = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                reports.add(reportOf(futures.get(i), tables.get(i)));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private TableReport syncInItsOwnSession(TableDefinition table, String label, SourceSelection source,
                                            String targetRoot, SyncPlanner planner, DmsDeltaSettings limits,
                                            Options options) {
        SparkSession session = io.dmsdelta.spark.SparkSessions.forOneTable(spark);
        SparkSession.setActiveSession(session); // Spark and Delta read settings from the thread's active session
        session.sparkContext().setLocalProperty("spark.scheduler.pool", Thread.currentThread().getName());
        try {
            StepContext context = new StepContext(session, storage, settings, limits, table,
                    table.pathUnder(targetRoot), quarantine, progress, label);
            Phases afterSync = new Phases();
            SparkJobs.Counted<TableReport> counted = SparkJobs.count(session.sparkContext(), table.qualifiedName(),
                    () -> {
                        TableReport report = new TableSync(context, changeSource(context, source, planner),
                                options.deadline()).sync();
                        // After the table's commits, never instead of them: a registration that fails is reported,
                        // not undone.
                        return catalog.map(c -> afterSync.time(SyncPhase.CATALOG, () -> c.after(session, table,
                                table.pathUnder(targetRoot), report))).orElse(report);
                    });
            return counted.result().completed(afterSync.millis(), counted.jobs());
        } finally {
            session.sparkContext().setLocalProperty("spark.scheduler.pool", null);
            SparkSession.clearActiveSession();
        }
    }

    /** The table's source: its definition says which (DMS unless it names another). */
    private static ChangeSource changeSource(StepContext context, SourceSelection source, SyncPlanner planner) {
        if (context.table().source() instanceof EventSourceDefinition events) {
            return EventSources.changeSource(context, source.sourceRoot(), events, planner.rules());
        }
        return new DmsChangeSource(context, source, planner);
    }

    /** The table's report; a sync that ended in an Error (TableSync catches every Exception) fails its table alone. */
    private TableReport reportOf(Future<TableReport> future, TableDefinition table) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return TableReport.without(table.qualifiedName(), TableStatus.FAILED, Reason.UNEXPECTED_FAILURE,
                    "the run was interrupted");
        } catch (ExecutionException e) {
            LOG.error("{} failed", table.qualifiedName(), e.getCause());
            return TableReport.without(table.qualifiedName(), TableStatus.FAILED, Reason.UNEXPECTED_FAILURE, "failed: "
                    + io.dmsdelta.report.Failures.rootCause(e.getCause()));
        }
    }
}
