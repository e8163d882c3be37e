package io.dmsdelta.delta;

import io.delta.sql.DeltaSparkSessionExtension;
import org.apache.spark.sql.delta.catalog.DeltaCatalog;

/** What a Spark session needs to run Delta Lake, by Delta's own class names. */
public final class DeltaSession {

    /** {@code spark.sql.extensions} must include it. */
    public static final String EXTENSION = DeltaSparkSessionExtension.class.getName();
    /** {@code spark.sql.catalog.spark_catalog}, for Delta's DDL on path tables. */
    public static final String CATALOG = DeltaCatalog.class.getName();

    private DeltaSession() {
    }
}
