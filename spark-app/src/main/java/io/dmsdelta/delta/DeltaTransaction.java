package io.dmsdelta.delta;

import io.dmsdelta.changeset.KeyRanges;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.delta.DeltaParquetFileFormat;
import org.apache.spark.sql.delta.OptimisticTransaction;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.FileAction;
import org.apache.spark.sql.delta.actions.RemoveFile;
import org.apache.spark.sql.delta.commands.DMLWithDeletionVectorsHelper;
import org.apache.spark.sql.delta.commands.DeletionVectorBitmapGenerator;
import org.apache.spark.sql.delta.commands.DeletionVectorData;
import org.apache.spark.sql.delta.commands.DeletionVectorResult;
import org.apache.spark.sql.delta.commands.DeletionVectorWriter;
import org.apache.spark.sql.delta.commands.TouchedFileWithDV;
import org.apache.spark.sql.delta.deletionvectors.RoaringBitmapArray;
import org.apache.spark.sql.delta.deletionvectors.RoaringBitmapArrayFormat;
import org.apache.spark.sql.delta.files.TahoeBatchFileIndex;
import org.apache.spark.sql.delta.sources.DeltaSQLConf;
import org.apache.spark.sql.delta.util.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.collection.JavaConverters;
import scala.collection.Seq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * One attempt's Delta transaction on a pinned table version, as {@link DeltaCommitter} hands it to a step: what the
 * step reads through it (files by their key statistics, rows with their positions) is recorded as read, so another
 * run's commit to those files makes this commit fail instead of overwriting it; what the step writes through it
 * (data files, deletion vectors) is tracked, so the committer can delete it when the commit does not happen.
 */
public final class DeltaTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(DeltaTransaction.class);

    /** The column of a row's file in a {@link #scan} and in the rows given to {@link #markDeleted}. */
    public static final String FILE = DeletionVectorBitmapGenerator.FILE_NAME_COL();
    /** The column of the file's current deletion vector ({@link TableFile#vectorId}) in rows given to {@link #markDeleted}. */
    public static final String VECTOR_ID = DeletionVectorBitmapGenerator.FILE_DV_ID_COL();
    /** The column of a row's position in its file. */
    public static final String ROW_INDEX = DeletionVectorBitmapGenerator.ROW_INDEX_COL();

    private static final String USE_METADATA_ROW_INDEX = DeltaSQLConf.DELETION_VECTORS_USE_METADATA_ROW_INDEX().key();

    private final DeltaTableHandle table;
    private final OptimisticTransaction txn;
    private final List<Path> written = new ArrayList<>();
    /** The table as a query plan, for data skipping and scans: resolved once, as each resolution reads the log. */
    private Dataset<Row> target;

    DeltaTransaction(DeltaTableHandle table) {
        this.table = requireNonNull(table, "table");
        this.txn = table.log().startTransaction(scala.Option.empty(), scala.Option.apply(table.snapshot()));
    }

    public DeltaTableHandle table() {
        return table;
    }

    /**
     * The version {@code appId}'s transaction identifier records, read as Delta's {@code txnVersion} reads it (so
     * another run's commit of that identifier meanwhile conflicts with this transaction), from the table's checksum
     * where it holds the identifiers ({@link DeltaTableHandle#transactionVersion}) instead of a replay of the log.
     */
    long transactionVersion(String appId) {
        txn.readTxn().$plus$eq(appId);
        return table.transactionVersion(appId);
    }

    /**
     * The files whose statistics may hold a key within {@code ranges} (data skipping), recorded as read as Delta's
     * {@code filterFiles} records them: the ranges as the read predicate, the files as read files. For integer keys of a
     * table whose checksum lists its files (Delta does for fewer than 50) the statistics are checked here
     * ({@link KeyStatistics}), sparing the Spark jobs of a log replay; otherwise Delta's data skipping chooses.
     */
    public List<TableFile> filesWithKeysIn(KeyRanges ranges) {
        Seq<Expression> predicates = JavaConverters.asScalaBuffer(List.of(resolved(ranges.within()))).toSeq();
        Optional<List<AddFile>> listed = table.checksumFiles();
        if (listed.isEmpty() || !KeyStatistics.prunable(ranges, table.schema())) {
            return TableFile.of(table, seq(txn.filterFiles(predicates, true)));
        }
        return TableFile.of(table, tracked(predicates,
                listed.get().stream().filter(f -> KeyStatistics.mayHold(f.stats(), ranges)).toList()));
    }

    /** Every file of the version, each recorded as read (from the checksum's list where it has one). */
    public List<TableFile> allFiles() {
        Seq<Expression> none = JavaConverters.asScalaBuffer(new ArrayList<Expression>()).toSeq();
        Optional<List<AddFile>> listed = table.checksumFiles();
        return TableFile.of(table, listed.isPresent() ? tracked(none, listed.get()) : seq(txn.filterFiles(none, true)));
    }

    /** {@code files} recorded as read with {@code predicates}, exactly as Delta's {@code filterFiles} records its own. */
    private List<AddFile> tracked(Seq<Expression> predicates, List<AddFile> files) {
        txn.trackReadPredicates(predicates, txn.trackReadPredicates$default$2(), txn.trackReadPredicates$default$3());
        txn.trackFilesRead(JavaConverters.asScalaBuffer(files).toSeq());
        return files;
    }

    private Expression resolved(Column condition) {
        LogicalPlan filtered = target().filter(condition).queryExecution().analyzed();
        return ((Filter) filtered).condition();
    }

    /** Records the whole table as read: any other run's data commit meanwhile then conflicts with this one. */
    public void readWholeTable() {
        txn.readWholeTable();
    }

    /**
     * The live rows of {@code files} (their deletion vectors applied), with two more columns: {@link #FILE}, the
     * file's {@link TableFile#scanPath}, and {@link #ROW_INDEX}, the row's position in it.
     */
    public Dataset<Row> scan(List<TableFile> files) {
        SparkSession spark = table.spark();
        List<AddFile> adds = files.stream().map(TableFile::add).toList();
        TahoeBatchFileIndex index = new GivenFiles(spark, "merge", JavaConverters.asScalaBuffer(adds).toSeq(),
                table.log(), table.log().dataPath(), table.snapshot());
        Dataset<Row> rows = DMLWithDeletionVectorsHelper.createTargetDfForScanningForMatches(spark,
                target().queryExecution().analyzed(), index);
        boolean metadataRowIndex = Boolean.parseBoolean(spark.conf().get(USE_METADATA_ROW_INDEX, "true"));
        Column rowIndex = metadataRowIndex ? col("_metadata.row_index")
                : col(DeltaParquetFileFormat.ROW_INDEX_COLUMN_NAME());
        List<Column> columns = new ArrayList<>();
        for (String name : table.schema().fieldNames()) {
            columns.add(rows.col(io.dmsdelta.spark.SqlNames.quote(name)));
        }
        columns.add(col("_metadata.file_path").as(FILE));
        columns.add(rowIndex.as(ROW_INDEX));
        return rows.select(columns.toArray(Column[]::new));
    }

    /**
     * Marks rows deleted in their files' deletion vectors, merged with the vectors the files have, written as Delta's
     * DELETE writes them.
     *
     * @param rows  {@link #FILE}, {@link #VECTOR_ID} and {@link #ROW_INDEX} of each row to mark
     * @param files the files those rows are in, by {@link TableFile#scanPath}
     */
    public MarkedRows markDeleted(Dataset<Row> rows, Map<String, TableFile> files) {
        return marked(seq(DeletionVectorBitmapGenerator.buildDeletionVectors(table.spark(), rows, table.log(), txn)),
                files);
    }

    /**
     * {@link #markDeleted(Dataset, Map)} for rows already in the driver (a small batch's): each file's bitmap is built
     * here as Delta's aggregation builds it in a task, and stored by Delta's own vector writer, sparing a Spark job.
     */
    public MarkedRows markDeleted(List<Row> rows, Map<String, TableFile> files) {
        Map<String, RoaringBitmapArray> bitmaps = new LinkedHashMap<>();
        Map<String, String> vectorIds = new HashMap<>();
        for (Row row : rows) {
            String file = row.getAs(FILE);
            bitmaps.computeIfAbsent(file, f -> new RoaringBitmapArray()).add(row.<Long>getAs(ROW_INDEX));
            vectorIds.put(file, row.getAs(VECTOR_ID));
        }
        List<DeletionVectorData> data = new ArrayList<>();
        bitmaps.forEach((file, bitmap) -> {
            bitmap.runOptimize();
            data.add(DeletionVectorData.apply(file, scala.Option.apply(vectorIds.get(file)),
                    bitmap.serializeAsByteArray(RoaringBitmapArrayFormat.Portable()), bitmap.cardinality()));
        });
        Function1<scala.collection.Iterator<DeletionVectorData>, scala.collection.Iterator<DeletionVectorResult>> store =
                DeletionVectorWriter.createMapperToStoreDeletionVectors(table.spark(), table.log().newDeltaHadoopConf(),
                        table.log().dataPath(), Utils.getRandomPrefixLength(txn.metadata()));
        return marked(seq(store.apply(JavaConverters.asScalaIterator(data.iterator())).toSeq()), files);
    }

    private MarkedRows marked(List<DeletionVectorResult> results, Map<String, TableFile> files) {
        List<TouchedFileWithDV> touched = new ArrayList<>();
        long marked = 0;
        for (DeletionVectorResult result : results) {
            TableFile file = requireNonNull(files.get(result.filePath()), () -> "no file at " + result.filePath());
            TouchedFileWithDV one = new TouchedFileWithDV(result.filePath(), file.add(), result.deletionVector(),
                    result.matchedRowCount());
            if (!one.isUnchanged()) {
                touched.add(one);
                marked += one.numberOfModifiedRows();
            }
        }
        if (touched.isEmpty()) {
            return MarkedRows.NONE;
        }
        MarkedRows result = new MarkedRows(replacing(touched), marked);
        result.newVectorFiles(table.log().dataPath()).forEach(written::add);
        return result;
    }

    /**
     * The log entries that replace each touched file with itself and its new vector, or remove it when no row is left,
     * as Delta's {@code processUnmodifiedData} makes them. Delta joins the new entries with the table's whole state
     * (Spark jobs) to give them back the statistics its file listing dropped; files listed from the checksum still
     * carry theirs, so their entries are made here, with Delta's own {@code removeRows} widening the bounds.
     */
    private List<FileAction> replacing(List<TouchedFileWithDV> touched) {
        if (touched.stream().anyMatch(t -> t.fileLogEntry().stats() == null)) {
            return seq(DMLWithDeletionVectorsHelper.processUnmodifiedData(table.spark(),
                    JavaConverters.asScalaBuffer(touched).toSeq(), table.snapshot())._1());
        }
        long now = System.currentTimeMillis();
        List<FileAction> removedWhole = new ArrayList<>();
        List<FileAction> added = new ArrayList<>();
        List<FileAction> removed = new ArrayList<>();
        for (TouchedFileWithDV file : touched) {
            AddFile entry = file.fileLogEntry();
            if (file.isFullyReplaced()) {
                removedWhole.add(entry.removeWithTimestamp(now, entry.removeWithTimestamp$default$2()));
            } else {
                scala.Tuple2<AddFile, RemoveFile> replaced = entry.removeRows(file.newDeletionVector(), true,
                        entry.removeRows$default$3());
                added.add(replaced._1());
                removed.add(replaced._2());
            }
        }
        List<FileAction> actions = new ArrayList<>(removedWhole);
        actions.addAll(added);
        actions.addAll(removed);
        return actions;
    }

    /** Writes {@code rows} as new data files of the table (one per partition), to be added by the commit. */
    public WrittenFiles write(Dataset<Row> rows) {
        List<AddFile> files = new ArrayList<>();
        for (FileAction action : seq(txn.writeFiles(rows))) {
            AddFile file = (AddFile) action;
            files.add(file);
            written.add(TableFile.of(table, List.of(file)).get(0).absolutePath());
        }
        return new WrittenFiles(files);
    }

    private Dataset<Row> target() {
        if (target == null) {
            target = table.deltaTable().toDF();
        }
        return target;
    }

    OptimisticTransaction delta() {
        return txn;
    }

    /** Deletes what this transaction wrote: called when its commit did not happen. */
    void discardWritten() {
        for (Path path : written) {
            try {
                FileSystem fs = path.getFileSystem(table.spark().sparkContext().hadoopConfiguration());
                fs.delete(path, false);
            } catch (IOException e) {
                LOG.warn("could not delete {}, written by a commit that did not happen; VACUUM removes it", path, e);
            }
        }
        written.clear();
    }

    static <T> List<T> seq(scala.collection.Seq<? extends T> seq) {
        return new ArrayList<>(JavaConverters.seqAsJavaList(seq));
    }

    /** The scan paths of {@code files}, for {@link #markDeleted}. */
    public static Map<String, TableFile> byScanPath(List<TableFile> files) {
        Map<String, TableFile> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.scanPath(), f));
        return byPath;
    }
}
