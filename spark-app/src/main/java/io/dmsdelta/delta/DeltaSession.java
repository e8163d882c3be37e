package io.dmsdelta.delta;

import io.delta.sql.DeltaSparkSessionExtension;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;

/** What a Spark session needs to run Delta Lake, by Delta's own class names. */
public final class DeltaSession {

    /** {@code spark.sql.extensions} must include it. */
    public static final String EXTENSION = DeltaSparkSessionExtension.class.getName();
    /** {@code spark.sql.catalog.spark_catalog}, for Delta's DDL on path tables. */
    public static final String CATALOG = DeltaCatalog.class.getName();
    /** Partitions of the Spark job that reads a table's log into a snapshot. */
    public static final String SNAPSHOT_PARTITIONS = DeltaSQLConf.DELTA_SNAPSHOT_PARTITIONS().key();
    /** Whether Delta's MERGE copies its source before reading it twice. */
    public static final String MERGE_MATERIALIZE_SOURCE = DeltaSQLConf.MERGE_MATERIALIZE_SOURCE().key();

    private DeltaSession() {
    }
}
