package io.dmsdelta.merge;

import io.dmsdelta.delta.DeltaTransaction;
import io.dmsdelta.delta.TableFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

/**
 * The files a targeted apply read its matched rows from, as a small table those rows join to: each file's path as
 * the scan reports it, its current deletion vector, and whether the batch rewrites it whole. The join is a left
 * outer one, as in Delta's own DML helper, so a row whose path finds no file (a path encoded differently, say) is
 * kept and counted by {@link MatchCounts}, and fails the batch, instead of vanishing from the deletion vectors.
 */
final class CandidateFiles {

    static final String FILE = DeltaTransaction.FILE;
    static final String VECTOR_ID = DeltaTransaction.VECTOR_ID;
    static final String ROW_INDEX = DeltaTransaction.ROW_INDEX;
    /** True for a row of a file the batch rewrites, false for one marked in a vector, null for one without a file. */
    static final String REWRITTEN = "rewritten";
    private static final String CANDIDATE_PATH = "candidatePath";

    private final Map<String, TableFile> byScanPath;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param candidates      the files whose rows were matched
     * @param rewrittenPaths  the log paths of those the batch rewrites whole (their rows need no vector)
     */
    CandidateFiles(List<TableFile> candidates, Set<String> rewrittenPaths) {
        byScanPath = DeltaTransaction.byScanPath(candidates);
        byScanPath.forEach((path, file) -> rows.add(RowFactory.create(path, file.vectorId(),
                rewrittenPaths.contains(file.path()))));
    }

    /** The files by the path a scan reports, for {@link DeltaTransaction#markDeleted}. */
    Map<String, TableFile> byScanPath() {
        return byScanPath;
    }

    /**
     * {@code matched} (the scan's path, row position, the change's operation and more) with each row's file: its
     * vector and {@link #REWRITTEN}.
     */
    Dataset<Row> attachTo(SparkSession spark, Dataset<Row> matched) {
        StructType schema = new StructType().add(CANDIDATE_PATH, DataTypes.StringType)
                .add(VECTOR_ID, DataTypes.StringType).add(REWRITTEN, DataTypes.BooleanType);
        Dataset<Row> files = broadcast(spark.createDataFrame(rows, schema));
        return matched.join(files, matched.col(FILE).equalTo(files.col(CANDIDATE_PATH)), "left_outer")
                .drop(CANDIDATE_PATH);
    }

    /**
     * The rows of {@link #attachTo} that go into deletion vectors (those whose change applies, in files not rewritten),
     * in the columns Delta's vector builder reads.
     */
    static Dataset<Row> inVectors(Dataset<Row> attached) {
        return attached.filter(col(REWRITTEN).equalTo(false).and(not(col(MatchCounts.STALE))))
                .select(col(FILE), col(VECTOR_ID), col(ROW_INDEX));
    }
}
