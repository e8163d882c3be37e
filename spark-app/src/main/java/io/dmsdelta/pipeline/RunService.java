package io.dmsdelta.pipeline;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code run}: every selected table is synced in turn, each in its own Spark session (commits set
 * session configuration), and one table's failure does not stop the others.
 */
public final class RunService {

    private final SparkSession spark;
    private final Storage storage;
    private final EndpointSettings settings;
    private final Progress progress;

    public RunService(SparkSession spark, EndpointSettings settings, Progress progress) {
        this.spark = spark;
        this.storage = new Storage(spark.sparkContext().hadoopConfiguration());
        this.settings = settings;
        this.progress = progress;
    }

    public RunReport run(SourceSelection source, String targetRoot) {
        long started = System.currentTimeMillis();
        List<TableReport> reports = new ArrayList<>();
        for (TableDefinition table : source.tables()) {
            TableSync sync = new TableSync(spark.newSession(), storage, settings, source, targetRoot, progress);
            reports.add(sync.sync(table));
        }
        return new RunReport(reports, System.currentTimeMillis() - started);
    }
}
