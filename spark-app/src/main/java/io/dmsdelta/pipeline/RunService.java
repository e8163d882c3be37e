package io.dmsdelta.pipeline;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.quarantine.Quarantine;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One {@code run}: every selected table is synced in turn, each in its own Spark session (commits set
 * session configuration), and one table's failure does not stop the others.
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
     * @param undefinedFolders whether to report the table folders no definition covers (a run over a whole
     *                         bucket folder); {@code strict} makes each of them a failure instead of a skip
     */
    public RunReport run(SourceSelection source, String targetRoot, TableDefinitions definitions,
                         boolean undefinedFolders, boolean strict) {
        long started = System.currentTimeMillis();
        List<TableReport> reports = new ArrayList<>();
        DmsDeltaSettings limits = DmsDeltaSettings.from(spark.conf());
        for (TableDefinition table : source.tables()) {
            TableSync sync = new TableSync(spark.newSession(), storage, settings, source, targetRoot, quarantine, limits, progress);
            reports.add(sync.sync(table));
        }
        if (undefinedFolders) {
            for (String name : UndefinedTables.in(storage, source.sourceRoot(), definitions, settings)) {
                TableReport report = new TableReport(name);
                report.status = strict ? TableStatus.FAILED : TableStatus.SKIPPED;
                report.message = "DMS writes this table, but --tables does not define it; add its definition to"
                        + " replicate it" + (strict ? " (failed because of --strict)" : "");
                progress.table(name, report.status + ": no table definition");
                reports.add(report);
            }
        }
        return new RunReport(reports, System.currentTimeMillis() - started);
    }
}
