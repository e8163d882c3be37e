package io.dmsdelta.delta;

import io.dmsdelta.changeset.KeyRanges;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What dms-delta relies on in Delta's internals, each behaviour in a test of its own, so that a Delta upgrade that
 * changes one fails here by name rather than somewhere in the differential test.
 */
class DeltaInternalsContractTest {

    @TempDir
    Path dir;

    private final SparkSession spark = TestSpark.get();

    /** A table with deletion vectors: ids 0 to 9 in one file, 10 to 19 in another, a value each. */
    private DeltaTableHandle table(String name) {
        String path = dir.resolve(name).toString();
        spark.sql("CREATE TABLE delta.`" + path + "` (id INT, v STRING) USING delta"
                + " TBLPROPERTIES ('" + DeltaTableHandle.DELETION_VECTORS + "' = 'true')");
        for (int from : new int[]{0, 10}) {
            spark.range(from, from + 10).selectExpr("cast(id as int) as id", "cast(id as string) as v").coalesce(1)
                    .write().format("delta").mode("append").save(path);
        }
        return DeltaTableHandle.open(spark, path);
    }

    /** Marks the rows with these ids deleted, in one commit, the vectors built by Spark's executors. */
    private MarkedRows markDeleted(DeltaTableHandle table, String ids) {
        return markDeleted(table, ids, false);
    }

    /** Marks the rows with these ids deleted, in one commit, the vectors built in the driver or by the executors. */
    private MarkedRows markDeleted(DeltaTableHandle table, String ids, boolean inDriver) {
        MarkedRows[] marked = new MarkedRows[1];
        DeltaCommitter.commit(table, new WatermarkChange.Keep(), "test", txn -> {
            List<TableFile> files = txn.allFiles();
            Map<String, TableFile> byPath = DeltaTransaction.byScanPath(files);
            Dataset<Row> rows = txn.scan(files).filter("id in (" + ids + ")").select(col(DeltaTransaction.FILE),
                    col(DeltaTransaction.ROW_INDEX));
            Dataset<Row> vectors = spark.createDataFrame(files.stream().map(f -> RowFactory.create(f.scanPath(),
                    f.vectorId())).toList(), new StructType().add("path", "string").add(DeltaTransaction.VECTOR_ID, "string"));
            Dataset<Row> withVectors = rows.join(vectors, rows.col(DeltaTransaction.FILE).equalTo(vectors.col("path")))
                    .select(DeltaTransaction.FILE, DeltaTransaction.VECTOR_ID, DeltaTransaction.ROW_INDEX);
            marked[0] = inDriver ? txn.markDeleted(withVectors.collectAsList(), byPath)
                    : txn.markDeleted(withVectors, byPath);
            return TableChange.of(new CommitOperation.TargetedMerge()).marking(marked[0]);
        });
        return marked[0];
    }

    private List<Integer> ids(DeltaTableHandle table) {
        return table.rows().orderBy("id").collectAsList().stream().map(r -> r.getInt(0)).toList();
    }

    @Test
    void aRowPositionScanHonoursExistingDeletionVectorsAndReportsPositionsInTheFile() {
        DeltaTableHandle table = table("scan");
        assertEquals(2, markDeleted(table, "2, 5").rows());
        DeltaTableHandle after = DeltaTableHandle.open(spark, table.path());
        DeltaCommitter.commit(after, new WatermarkChange.Keep(), "test", txn -> {
            List<Row> rows = txn.scan(txn.allFiles()).filter("id < 10").orderBy("id").collectAsList();
            assertEquals(List.of(0, 1, 3, 4, 6, 7, 8, 9), rows.stream().map(r -> r.getInt(0)).toList());
            // Positions are the rows' places in the file, deleted rows counted: id n is row n of the first file.
            rows.forEach(r -> assertEquals((long) r.getInt(0), r.getLong(r.fieldIndex(DeltaTransaction.ROW_INDEX))));
            TableFile first = txn.allFiles().stream().filter(f -> f.liveRows().orElse(0) == 8).findFirst().orElseThrow();
            assertEquals(first.scanPath(), rows.get(0).getString(rows.get(0).fieldIndex(DeltaTransaction.FILE)));
            return TableChange.of(new CommitOperation.TargetedMerge());
        });
    }

    @Test
    void newVectorsMergeWithAFilesExistingOneAndCountOnlyRowsLiveBefore() {
        DeltaTableHandle table = table("merge-vectors");
        markDeleted(table, "2, 5");
        MarkedRows again = markDeleted(DeltaTableHandle.open(spark, table.path()), "5, 7");
        assertEquals(1, again.rows(), "row 5 was marked already");
        assertEquals(1, again.files());
        assertEquals(List.of(0, 1, 3, 4, 6, 8, 9), ids(DeltaTableHandle.open(spark, table.path())).subList(0, 7));
    }

    /**
     * A small batch's vectors are built in the driver, and the entries of files listed from the checksum are made
     * without Delta's join with the table's state: both must give what Delta's own builder and entries give, which the
     * same marks on a table without checksums (whose file listing drops statistics) go through.
     */
    @Test
    void vectorsBuiltInTheDriverAndEntriesFromTheChecksumAreDeltasOwn() throws IOException {
        DeltaTableHandle delta = table("by-delta");
        DeltaTableHandle driver = table("in-driver");
        for (String ids : List.of("2, 5", "5, 7, 12", "10, 11, 13, 14, 15, 16, 17, 18, 19")) {
            deleteChecksums(delta);
            MarkedRows byDelta = markDeleted(DeltaTableHandle.open(spark, delta.path()), ids, false);
            MarkedRows inDriver = markDeleted(DeltaTableHandle.open(spark, driver.path()), ids, true);
            assertTrue(DeltaTableHandle.open(spark, driver.path()).checksumFiles().isPresent());
            assertEquals(byDelta.rows(), inDriver.rows(), ids);
            assertEquals(byDelta.files(), inDriver.files(), ids);
            assertEquals(entries(byDelta), entries(inDriver), ids);
        }
        // Files with vectors keep their key bounds, so data skipping still passes them by.
        assertTrue(DeltaTableHandle.open(spark, driver.path()).checksumFiles().orElseThrow().stream()
                .allMatch(f -> f.stats().contains("\"minValues\":{\"id\"")));
        assertEquals(ids(DeltaTableHandle.open(spark, delta.path())), ids(DeltaTableHandle.open(spark, driver.path())));
        assertEquals(List.of(0, 1, 3, 4, 6, 8, 9), ids(DeltaTableHandle.open(spark, driver.path())));
    }

    /** The log entries of a mark, less what differs between two tables: paths, vector ids and times. */
    private static List<String> entries(MarkedRows marked) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        return marked.actions().stream().map(action -> {
            try {
                com.fasterxml.jackson.databind.node.ObjectNode entry = (com.fasterxml.jackson.databind.node.ObjectNode)
                        json.readTree(action.json()).elements().next();
                entry.remove(List.of("path", "modificationTime", "deletionTimestamp"));
                if (entry.has("deletionVector")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) entry.get("deletionVector"))
                            .remove(List.of("pathOrInlineDv", "offset"));
                }
                // Delta 3.3's own entries keep only the row count: its join meant to give the statistics back
                // resolves to the listing's. The checksum's entries keep the bounds, widened, as later Deltas do.
                com.fasterxml.jackson.databind.JsonNode stats = json.readTree(entry.remove("stats").asText());
                if (action instanceof org.apache.spark.sql.delta.actions.AddFile) {
                    entry.set("numRecords", stats.get("numRecords"));
                    entry.set("tightBounds", stats.get("tightBounds"));
                }
                return action.getClass().getSimpleName() + entry;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).sorted().toList();
    }

    @Test
    void aFileGivenAVectorReplaysAsOneEntryWithTheVectorAndAnEarlierVersionKeepsItsOwn() {
        DeltaTableHandle table = table("replay");
        List<TableFile> before = table.files();
        markDeleted(table, "3");
        DeltaTableHandle after = DeltaTableHandle.open(spark, table.path());
        List<TableFile> files = after.files();
        assertEquals(2, files.size(), "removed and re-added with its vector, the file is still one entry");
        TableFile marked = files.stream().filter(TableFile::hasVector).findFirst().orElseThrow();
        TableFile was = before.stream().filter(f -> f.path().equals(marked.path())).findFirst().orElseThrow();
        assertNotEquals(was.entry(), marked.entry(), "another vector is another entry");
        assertEquals(10, marked.physicalRows().orElseThrow());
        assertEquals(9, marked.liveRows().orElseThrow());
        assertTrue(after.filesAt(table.version()).stream().noneMatch(TableFile::hasVector));
    }

    @Test
    void theWatermarkIsRecordedWithTheCommitSurvivesACheckpointAndCanBePutBack() {
        DeltaTableHandle table = table("watermark");
        assertEquals(-1, table.transactionVersion(DeltaCommitter.APP_ID));
        Optional<Commit> advanced = DeltaCommitter.commit(table, new WatermarkChange.Advance(0, 500), "test",
                txn -> TableChange.of(new CommitOperation.TargetedMerge()));
        assertTrue(advanced.isPresent());
        DeltaLog.forTable(spark, table.path()).checkpoint();
        DeltaTableHandle after = DeltaTableHandle.open(spark, table.path());
        assertEquals(500, after.transactionVersion(DeltaCommitter.APP_ID));

        assertTrue(DeltaCommitter.commit(after, new WatermarkChange.Advance(0, 500), "test",
                txn -> TableChange.of(new CommitOperation.TargetedMerge())).isEmpty(), "applied already: nothing written");
        assertThrows(ConcurrentRunException.class, () -> DeltaCommitter.commit(after,
                new WatermarkChange.Advance(300, 700), "test", txn -> TableChange.of(new CommitOperation.TargetedMerge())));
        assertEquals(after.version(), DeltaTableHandle.open(spark, table.path()).version());

        DeltaCommitter.commit(after, new WatermarkChange.Reset(500, 200), "test",
                txn -> TableChange.of(new CommitOperation.Restore(0)));
        DeltaTableHandle reset = DeltaTableHandle.open(spark, table.path());
        assertEquals(200, reset.transactionVersion(DeltaCommitter.APP_ID), "a SetTransaction may go down");
        assertEquals(500, reset.transactionVersionAt(advanced.get().version(), DeltaCommitter.APP_ID));
    }

    @Test
    void aCommandCommitRecordsTheWatermarkAndIsFoundByItsUserMetadata() {
        DeltaTableHandle table = table("command");
        Optional<Commit> commit = DeltaCommitter.run(table, new WatermarkChange.Advance(0, 42), "command-commit-1",
                () -> spark.range(1).selectExpr("cast(id as int) as id", "'x' as v").write().format("delta")
                        .mode("append").save(table.path()));
        DeltaTableHandle after = DeltaTableHandle.open(spark, table.path());
        assertEquals(Optional.of(after.version()), commit.map(Commit::version));
        assertEquals(42, after.transactionVersion(DeltaCommitter.APP_ID));
        assertEquals("command-commit-1", after.history(1).get(0).userMetadata());
        assertTrue(DeltaCommitter.run(after, new WatermarkChange.Advance(0, 42), "command-commit-2",
                () -> {
                    throw new AssertionError("an applied batch must not run");
                }).isEmpty());
    }

    @Test
    void registeredMetricsAreTheCommitsOperationMetricsInTheHistory() {
        DeltaTableHandle table = table("metrics");
        DeltaCommitter.commit(table, new WatermarkChange.Keep(), "test", txn -> TableChange.of(
                new CommitOperation.TargetedMerge()).withMetrics(Map.of(DeltaMetric.SOURCE_ROWS, 7L,
                DeltaMetric.TARGET_ROWS_DELETED, 3L)));
        DeltaTableHandle.HistoryEntry newest = DeltaTableHandle.open(spark, table.path()).history(1).get(0);
        assertEquals("7", newest.metrics().get(DeltaMetric.SOURCE_ROWS.deltaName()), newest.metrics().toString());
        assertEquals("3", newest.metrics().get(DeltaMetric.TARGET_ROWS_DELETED.deltaName()));
    }

    @Test
    void filesAreSkippedByTheirKeyStatisticsWithTheChecksumsFileListAsWithDeltasDataSkipping() throws IOException {
        DeltaTableHandle table = table("skipping");
        assertTrue(table.checksumFiles().isPresent(), "Delta 3.3 lists a small table's files in its checksum");
        List<String> fromChecksum = candidates(table, 12, 14);
        assertEquals(1, fromChecksum.size());
        assertEquals(2, candidates(table, 9, 10).size());
        assertEquals(0, candidates(table, 30, 40).size());

        deleteChecksums(table);
        DeltaTableHandle replayed = DeltaTableHandle.open(spark, table.path());
        assertTrue(replayed.checksumFiles().isEmpty());
        assertEquals(fromChecksum, candidates(replayed, 12, 14), "Delta's own data skipping chooses the same file");
    }

    /** The files {@link DeltaTransaction#filesWithKeysIn} gives for ids from..to, checked to hold the range's rows. */
    private List<String> candidates(DeltaTableHandle table, int from, int to) {
        List<String> paths = new java.util.ArrayList<>();
        DeltaCommitter.commit(table, new WatermarkChange.Keep(), "test", txn -> {
            List<TableFile> files = txn.filesWithKeysIn(new KeyRanges(List.of(new KeyRanges.Range("id", from, to))));
            long inRange = Math.max(0, Math.min(to, 19) - Math.max(from, 0) + 1);
            assertEquals(inRange, files.isEmpty() ? 0 : txn.scan(files).filter(col("id").between(from, to)).count());
            files.forEach(f -> paths.add(f.path()));
            return TableChange.of(new CommitOperation.TargetedMerge());
        });
        return paths;
    }

    /** Deletes the table's checksum files, and Delta's cached log, which holds the newest checksum too. */
    private void deleteChecksums(DeltaTableHandle table) throws IOException {
        try (Stream<Path> log = Files.list(Path.of(table.path(), "_delta_log"))) {
            for (Path file : log.filter(f -> f.getFileName().toString().endsWith(".crc")).toList()) {
                Files.delete(file);
            }
        }
        DeltaLog.invalidateCache(spark, new org.apache.hadoop.fs.Path(table.path()));
    }

    @Test
    void theTablesStateIsReadWithoutASparkJobAndTheSameWithoutChecksums() throws Exception {
        DeltaTableHandle table = table("state");
        DeltaCommitter.commit(table, new WatermarkChange.Advance(0, 500), "state-commit",
                txn -> TableChange.of(new CommitOperation.TargetedMerge()));
        int[] jobs = new int[1];
        org.apache.spark.scheduler.SparkListener counter = new org.apache.spark.scheduler.SparkListener() {
            @Override
            public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
                jobs[0]++;
            }
        };
        spark.sparkContext().addSparkListener(counter);
        DeltaTableHandle opened;
        try {
            opened = DeltaTableHandle.open(spark, table.path());
            assertEquals(500, opened.transactionVersion(DeltaCommitter.APP_ID));
            assertEquals(2, opened.numberOfFiles());
            assertEquals("state-commit", opened.pinnedCommit().orElseThrow().userMetadata());
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.sparkContext().removeSparkListener(counter);
        }
        assertEquals(0, jobs[0], "no Spark job for the state of a table whose checksum holds it");

        deleteChecksums(table);
        DeltaTableHandle replayed = DeltaTableHandle.open(spark, table.path());
        assertTrue(replayed.checksumFiles().isEmpty());
        assertEquals(500, replayed.transactionVersion(DeltaCommitter.APP_ID));
        assertEquals(2, replayed.numberOfFiles());
        DeltaTableHandle.HistoryEntry commit = replayed.pinnedCommit().orElseThrow();
        assertEquals(opened.version(), commit.version());
        assertEquals("state-commit", commit.userMetadata());
        assertEquals(replayed.history(1).get(0).timestamp(), commit.timestamp(), "the time the history gives");
    }

    @Test
    void aFileReadThroughTheChecksumsListConflictsWithAnotherWritersChangeToIt() throws IOException {
        DeltaTableHandle table = table("read-files");
        long before = dataFiles(table);
        assertThrows(ConcurrentRunException.class, () -> DeltaCommitter.commit(table, new WatermarkChange.Keep(),
                "test", txn -> {
                    List<TableFile> files = txn.filesWithKeysIn(new KeyRanges(List.of(new KeyRanges.Range("id", 1, 2))));
                    assertEquals(1, files.size());
                    WrittenFiles written = txn.write(spark.range(3).selectExpr("cast(id + 100 as int) as id", "'n' as v"));
                    // Another writer deletes a row of the file this attempt read.
                    spark.sql("DELETE FROM delta.`" + table.path() + "` WHERE id = 3");
                    return TableChange.of(new CommitOperation.TargetedMerge()).adding(written);
                }));
        assertEquals(before, dataFiles(table), "the attempt's files are gone");
    }

    @Test
    void aConflictingCommitIsAConcurrentRunAndTheFilesTheAttemptWroteAreDeleted() throws IOException {
        DeltaTableHandle table = table("conflict");
        long before = dataFiles(table);
        assertThrows(ConcurrentRunException.class, () -> DeltaCommitter.commit(table, new WatermarkChange.Keep(),
                "test", txn -> {
                    txn.readWholeTable();
                    WrittenFiles written = txn.write(spark.range(3).selectExpr("cast(id as int) as id", "'n' as v"));
                    // Another writer commits while this attempt is building its change.
                    spark.range(1).selectExpr("cast(id as int) as id", "'other' as v").coalesce(1).write().format("delta")
                            .mode("append").save(table.path());
                    return TableChange.of(new CommitOperation.TargetedMerge()).adding(written);
                }));
        assertEquals(before + 1, dataFiles(table), "the other writer's file stays; the attempt's are gone");
    }

    @Test
    void aScanPathIsTheFilesPathAsDeltasScanReportsItInAFolderThatNeedsEncoding() {
        String path = dir.resolve("a table 100% #1 ü").toString();
        spark.range(3).selectExpr("cast(id as int) as id").coalesce(1).write().format("delta").save(path);
        DeltaTableHandle table = DeltaTableHandle.open(spark, path);
        String scanned = spark.read().format("delta").load(path).select("_metadata.file_path").first().getString(0);
        assertEquals(scanned, table.files().get(0).scanPath());
        assertFalse(table.deletionVectorsEnabled());
    }

    private static long dataFiles(DeltaTableHandle table) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(table.path()))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".parquet")).count();
        }
    }
}
