package io.dmsdelta.merge;

import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.TableFile;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The targeted apply's join of matched rows to their files: a path as Delta's scan reports it finds its file (in a
 * folder whose name needs encoding), a row whose path finds none is counted and fails the batch instead of
 * dropping out of the deletion vectors, and a stale change's row stays out of them.
 */
class CandidateFilesTest {

    @TempDir
    Path dir;

    @Test
    void scanPathsFindTheirFileAndARowWithoutOneFailsTheBatch() {
        SparkSession spark = TestSpark.get();
        String table = dir.resolve("a table 100% #1 ü").toString();
        spark.range(3).selectExpr("cast(id as int) as id").coalesce(1).write().format("delta").save(table);
        List<TableFile> files = DeltaTableHandle.open(spark, table).files();
        String scanPath = spark.read().format("delta").load(table).select("_metadata.file_path").first().getString(0);

        Dataset<Row> matched = matched(spark, scanPath, "file:/elsewhere/part-0.parquet").unionByName(stale(spark, scanPath));
        Dataset<Row> attached = new CandidateFiles(files, Set.of()).attachTo(spark, matched);
        for (boolean inDriver : new boolean[]{true, false}) {
            MatchedRows rows = MatchedRows.of(spark, attached, inDriver);
            MatchCounts counts = rows.counts();
            assertEquals(new MatchCounts(3, 1, 1, 1, 1, 0), counts);
            assertEquals(2, counts.applied());
            assertEquals(List.of(RowFactory.create(2L)), rows.staleKeys(List.of(col(CandidateFiles.ROW_INDEX))).collectAsList());
            TableIntegrityException failed = assertThrows(TableIntegrityException.class,
                    () -> counts.requireEveryRowInAFile(table, rows::pathWithoutFile));
            assertEquals(TableIntegrityException.Reason.UNACCOUNTED_ROWS, failed.reason());
            rows.release();
        }
        assertEquals(1, CandidateFiles.inVectors(attached).count());

        Dataset<Row> rewritten = new CandidateFiles(files, Set.of(files.get(0).path())).attachTo(spark,
                matched(spark, scanPath));
        assertEquals(new MatchCounts(1, 0, 0, 0, 0, 1), MatchedRows.of(spark, rewritten, true).counts());
        assertEquals(new MatchCounts(1, 0, 0, 0, 0, 1), MatchedRows.of(spark, rewritten, false).counts());
        assertEquals(0, CandidateFiles.inVectors(rewritten).count());
    }

    /** Matched rows as the scan gives them: the first path an update of row 0, the others deletes of row 1. */
    private static Dataset<Row> matched(SparkSession spark, String... paths) {
        List<Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            rows.add(RowFactory.create(paths[i], (long) Math.min(i, 1), i == 0 ? "U" : "D", false));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** An update of row 2 the table holds at a newer sequence. */
    private static Dataset<Row> stale(SparkSession spark, String path) {
        return spark.createDataFrame(List.of(RowFactory.create(path, 2L, "U", true)), SCHEMA);
    }

    private static final StructType SCHEMA = new StructType().add(CandidateFiles.FILE, DataTypes.StringType)
            .add(CandidateFiles.ROW_INDEX, DataTypes.LongType).add(FileLayout.OP, DataTypes.StringType)
            .add(MatchCounts.STALE, DataTypes.BooleanType);
}
