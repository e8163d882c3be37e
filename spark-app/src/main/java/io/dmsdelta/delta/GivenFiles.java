package io.dmsdelta.delta;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.SnapshotDescriptor;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.files.TahoeBatchFileIndex;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * Delta's index of a scan over given files, without the cost of filtering them by partition when there is nothing to
 * filter. Delta's answers each call by turning the files into a DataFrame, filtering and collecting it back: query
 * planning with the encoder of its file entries, done twice for every scan of a table with deletion vectors (once
 * to see whether any file has a vector, with a filter that is literally true, and once to list the scan's files,
 * with no filter on a table without partitions). Filters that are all true select every given file, which is what
 * this returns then; any other goes to Delta's filtering.
 */
final class GivenFiles extends TahoeBatchFileIndex {

    GivenFiles(SparkSession spark, String actionType, Seq<AddFile> files, DeltaLog log, Path path,
               SnapshotDescriptor snapshot) {
        super(spark, actionType, files, log, path, snapshot, false);
    }

    @Override
    public Seq<AddFile> matchingFiles(Seq<Expression> partitionFilters, Seq<Expression> dataFilters) {
        boolean allTrue = JavaConverters.seqAsJavaList(partitionFilters).stream()
                .allMatch(filter -> filter.foldable() && Boolean.TRUE.equals(filter.eval(null)));
        return allTrue ? addFiles() : super.matchingFiles(partitionFilters, dataFilters);
    }
}
