package io.dmsdelta.bench;

import org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One run of the Iceberg peer in a JVM of its own, as {@link FreshJvm#java} starts it: a local Spark for Iceberg,
 * then one {@link IcebergMerge}. Its work time, from before loading the table to after the MERGE's commit (Spark's
 * start left out, as a dms-delta run's table sync leaves it out), goes to the result file in milliseconds.
 *
 * <p>Arguments: {@code WAREHOUSE TABLE KEYS FILE RESULT SHUFFLE_PARTITIONS}, KEYS comma-separated.
 */
public final class IcebergMergeMain {

    private IcebergMergeMain() {
    }

    public static void main(String[] args) {
        if (args.length != 6) {
            System.err.println("usage: IcebergMergeMain WAREHOUSE TABLE KEYS FILE RESULT SHUFFLE_PARTITIONS (given "
                    + List.of(args) + ")");
            System.exit(2);
        }
        try {
            SparkSession.Builder builder = SparkSession.builder().appName("iceberg-peer").master("local[*]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.session.timeZone", "UTC") // as dms-delta's session: DMS timestamps as written
                    .config("spark.sql.shuffle.partitions", args[5])
                    .config("spark.sql.extensions", IcebergSparkSessionExtensions.class.getName());
            IcebergMerge.catalogSettings(Path.of(args[0])).forEach(builder::config);
            SparkSession spark = builder.getOrCreate();
            long started = System.nanoTime();
            new IcebergMerge(spark, args[1], List.of(args[2].split(","))).apply(Path.of(args[3]));
            long workMs = (System.nanoTime() - started) / 1_000_000;
            Files.writeString(Path.of(args[4]), Long.toString(workMs));
            spark.stop();
            System.exit(0);
        } catch (Throwable e) { // the harness reads the exit code, and this log for why
            e.printStackTrace();
            System.exit(1);
        }
    }
}
