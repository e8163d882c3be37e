package io.dmsdelta.testing;

import org.apache.spark.sql.SparkSession;

/** The one SparkSession of a test JVM: small, local and quiet. The app's code picks it up as the active session. */
public final class TestSpark {

    private static SparkSession spark;

    private TestSpark() {
    }

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .appName("dms-delta-tests")
                    .master("local[2]")
                    .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
                    .config("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
                    .config("spark.sql.session.timeZone", "UTC")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.default.parallelism", "2")
                    .config("spark.databricks.delta.snapshotPartitions", "1")
                    .config("spark.ui.enabled", "false")
                    .config("spark.scheduler.mode", "FAIR")
                    .config("spark.driver.host", "127.0.0.1")
                    // Databases that catalog registration creates go under target/, not into the module's folder.
                    .config("spark.sql.warehouse.dir", java.nio.file.Path.of("target", "spark-warehouse")
                            .toAbsolutePath().toString())
                    .getOrCreate();
        }
        return spark;
    }

    /**
     * Runs {@code work} with a setting of the Spark context (which each table's own session starts from), removed
     * afterwards even if it fails.
     */
    public static void withContextSetting(String key, String value, Runnable work) {
        get().sparkContext().conf().set(key, value);
        try {
            work.run();
        } finally {
            get().sparkContext().conf().remove(key);
        }
    }
}
