package io.dmsdelta.merge;

import io.dmsdelta.delta.DeltaTransaction;
import io.dmsdelta.delta.MarkedRows;
import io.dmsdelta.delta.TableFile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * A targeted apply's matched rows with their files ({@link CandidateFiles#attachTo}), counted, and kept until they are
 * marked: in the driver for a small batch, whose matched rows are at most its keys, so counting, finding the stale
 * ones and building the vectors cost no Spark job beyond the one that found them; in the executors' storage for a
 * large one.
 */
sealed interface MatchedRows permits MatchedRows.Collected, MatchedRows.Distributed {

    /**
     * @param attached the rows, read once here
     * @param collect  whether to keep them in the driver
     */
    static MatchedRows of(SparkSession spark, Dataset<Row> attached, boolean collect) {
        if (collect) {
            List<Row> rows = attached.collectAsList();
            return new Collected(spark, attached, rows, MatchCounts.of(rows.iterator()));
        }
        Dataset<Row> kept = attached.persist(StorageLevel.MEMORY_AND_DISK());
        try {
            return new Distributed(kept, MatchCounts.of(kept));
        } catch (RuntimeException e) {
            kept.unpersist(false);
            throw e;
        }
    }

    MatchCounts counts();

    /** The path of a matched row that found no file; there must be one ({@link MatchCounts#withoutFile}). */
    String pathWithoutFile();

    /** The keys of the rows whose change is {@link MatchCounts#STALE}, in {@code keys}' columns. */
    Dataset<Row> staleKeys(List<Column> keys);

    /** Marks the rows that go into deletion vectors ({@link CandidateFiles#inVectors}) in their files' vectors. */
    MarkedRows markDeleted(DeltaTransaction txn, Map<String, TableFile> files);

    /** Releases what was kept. */
    void release();

    /** Rows in the driver: {@code attached} is their plan, for its schema. */
    record Collected(SparkSession spark, Dataset<Row> attached, List<Row> rows, MatchCounts counts)
            implements MatchedRows {

        public Collected {
            requireNonNull(spark, "spark");
            rows = List.copyOf(rows);
        }

        @Override
        public String pathWithoutFile() {
            return rows.stream().filter(r -> r.getAs(CandidateFiles.REWRITTEN) == null).findFirst()
                    .map(r -> r.<String>getAs(CandidateFiles.FILE)).orElseThrow();
        }

        @Override
        public Dataset<Row> staleKeys(List<Column> keys) {
            List<Row> stale = rows.stream().filter(r -> Boolean.TRUE.equals(r.getAs(MatchCounts.STALE))).toList();
            return spark.createDataFrame(stale, attached.schema()).select(keys.toArray(Column[]::new));
        }

        @Override
        public MarkedRows markDeleted(DeltaTransaction txn, Map<String, TableFile> files) {
            return txn.markDeleted(rows.stream().filter(r -> Boolean.FALSE.equals(r.getAs(CandidateFiles.REWRITTEN))
                    && Boolean.FALSE.equals(r.getAs(MatchCounts.STALE))).toList(), files);
        }

        @Override
        public void release() {
            // Nothing kept outside the driver's heap.
        }
    }

    /** Rows persisted where Spark computed them. */
    record Distributed(Dataset<Row> rows, MatchCounts counts) implements MatchedRows {

        @Override
        public String pathWithoutFile() {
            return rows.filter(col(CandidateFiles.REWRITTEN).isNull()).select(col(CandidateFiles.FILE)).first()
                    .getString(0);
        }

        @Override
        public Dataset<Row> staleKeys(List<Column> keys) {
            return rows.filter(col(MatchCounts.STALE)).select(keys.toArray(Column[]::new));
        }

        @Override
        public MarkedRows markDeleted(DeltaTransaction txn, Map<String, TableFile> files) {
            return txn.markDeleted(CandidateFiles.inVectors(rows), files);
        }

        @Override
        public void release() {
            rows.unpersist(false);
        }
    }
}
