package io.dmsdelta.source.events;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/** What a format of an at-least-once source implements: its files read into {@link io.dmsdelta.source.ChangeRows}. */
@FunctionalInterface
public interface ChangeEventReader {

    /** The change rows of a batch's files, in one Spark plan (nothing is computed yet). */
    Dataset<Row> read(SparkSession spark, List<EventFile> files);
}
