package io.dmsdelta.spark;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.delta.DeltaSession;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark session dms-delta runs in. A session that already exists (Glue, an embedding program) is used
 * as it is and must have Delta configured. Otherwise one is created from the configuration spark-submit
 * passes, adding the Delta extension and catalog, a UTC session time zone (so DMS timestamps are stored as written)
 * and the FAIR scheduler (tables run in parallel) where they are not set; with no {@code spark.master} at all (the local launcher) it is an
 * embedded {@code local[*]} Spark sized for one machine.
 */
public final class SparkSessions {

    private static final String DELTA_EXTENSION = DeltaSession.EXTENSION;
    private static final String DELTA_CATALOG = DeltaSession.CATALOG;

    /** A static setting: given when the application starts (on Glue, in the job's --conf). */
    public static final String CODEGEN_CACHE = "spark.sql.codegen.cache.maxEntries";
    static final String CODEGEN_CACHE_ENTRIES = "2000";

    private SparkSessions() {
    }

    /**
     * A session for one table's work: its own settings (commits set some), and plan descriptions for Spark's UI
     * events in the cheap simple form, which every query pays for and a small table's many queries feel.
     */
    public static SparkSession forOneTable(SparkSession spark) {
        SparkSession session = spark.newSession();
        session.conf().set("spark.sql.ui.explainMode", "simple");
        return session;
    }

    public static SparkSession getOrCreate() {
        SparkSession existing = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession().getOrElse(() -> null));
        SparkSession spark = existing != null ? existing : create();
        String extensions = spark.conf().get("spark.sql.extensions", "");
        if (!extensions.contains(DELTA_EXTENSION)) {
            throw new ConfigException("Spark is not configured for Delta Lake. Start it with --conf"
                    + " spark.sql.extensions=" + DELTA_EXTENSION + " --conf spark.sql.catalog.spark_catalog="
                    + DELTA_CATALOG + " (on AWS Glue: --datalake-formats delta). See docs/configuration.md.");
        }
        mapS3ToS3a(spark.sparkContext().hadoopConfiguration());
        return spark;
    }

    /**
     * {@code s3://} is served by EMRFS on EMR and by Glue's own file system on Glue, both configured in
     * {@code fs.s3.impl}; anywhere else Hadoop has no {@code s3} scheme, so it is served by S3A. Credentials
     * are never set here: S3A takes them from Hadoop configuration or the standard AWS provider chain.
     */
    static void mapS3ToS3a(org.apache.hadoop.conf.Configuration hadoop) {
        if (hadoop.get("fs.s3.impl") == null) {
            hadoop.set("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        }
    }

    private static SparkSession create() {
        SparkConf conf = new SparkConf(); // picks up spark.* system properties set by spark-submit
        SparkSession.Builder builder = SparkSession.builder().appName("dms-delta");
        setIfAbsent(conf, builder, "spark.sql.extensions", DELTA_EXTENSION);
        setIfAbsent(conf, builder, "spark.sql.catalog.spark_catalog", DELTA_CATALOG);
        setIfAbsent(conf, builder, "spark.sql.session.timeZone", "UTC");
        // Tables are synced in parallel threads, each in a pool of its own: small tables are not queued behind a large one.
        setIfAbsent(conf, builder, "spark.scheduler.mode", "FAIR");
        // Each table's queries compile their own classes; with Spark's default of 100 cached classes a pass over many
        // tables evicts them before the next table of the same shape (or the next pass) could reuse them.
        setIfAbsent(conf, builder, CODEGEN_CACHE, CODEGEN_CACHE_ENTRIES);
        if (!conf.contains("spark.master")) {
            int cores = Runtime.getRuntime().availableProcessors();
            builder.master("local[*]");
            setIfAbsent(conf, builder, "spark.ui.enabled", "false");
            setIfAbsent(conf, builder, "spark.sql.shuffle.partitions", Integer.toString(Math.max(4, cores * 2)));
            setIfAbsent(conf, builder, DeltaSession.SNAPSHOT_PARTITIONS, Integer.toString(Math.max(2, cores)));
        }
        return builder.getOrCreate();
    }

    private static void setIfAbsent(SparkConf conf, SparkSession.Builder builder, String key, String value) {
        if (!conf.contains(key)) {
            builder.config(key, value);
        }
    }

    /** Stops the session if one was started: lets a local JVM exit promptly. */
    public static void stop() {
        SparkSession.getDefaultSession().foreach(s -> {
            s.stop();
            return null;
        });
    }
}
