package io.dmsdelta.delta;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaConfigs;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.DeltaHistoryManager;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.delta.NoMapping$;
import org.apache.spark.sql.delta.actions.AddFile;
import org.apache.spark.sql.delta.actions.CommitInfo;
import org.apache.spark.sql.delta.actions.SetTransaction;
import org.apache.spark.sql.delta.util.DeltaCommitFileProvider;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

import java.sql.Timestamp;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

/**
 * One Delta table as one attempt sees it: opened once, its snapshot pinned, so everything the attempt reads (state,
 * files, rows) and the transaction it commits with start from the same version. Open another handle to see commits
 * made since. Everything dms-delta asks of a table's log goes through here; the log itself stays inside this package.
 */
public final class DeltaTableHandle {

    /** Delta's table property that makes its writers (and the targeted apply) use deletion vectors. */
    public static final String DELETION_VECTORS = DeltaConfigs.ENABLE_DELETION_VECTORS_CREATION().key();
    /** Delta's table property for the isolation level commits check conflicts at. */
    public static final String ISOLATION_LEVEL = DeltaConfigs.ISOLATION_LEVEL().key();
    /** Delta's table property after which transaction identifiers expire. */
    private static final String TRANSACTION_RETENTION = DeltaConfigs.TRANSACTION_ID_RETENTION_DURATION().key();

    private final SparkSession spark;
    private final String path;
    private final DeltaLog log;
    private final Snapshot snapshot;

    private DeltaTableHandle(SparkSession spark, String path, DeltaLog log, Snapshot snapshot) {
        this.spark = spark;
        this.path = path;
        this.log = log;
        this.snapshot = snapshot;
    }

    /** The table at {@code path} as of now; a handle of a table that does not exist yet when there is none. */
    public static DeltaTableHandle open(SparkSession spark, String path) {
        requireNonNull(spark, "spark");
        requireNonNull(path, "path");
        DeltaLog log = DeltaLog.forTable(spark, path);
        // Refreshed, not DeltaTable.isDeltaTable: that trusts Delta's cached log, which misses a table another run has
        // just created.
        return new DeltaTableHandle(spark, path, log, log.update(false, Option.empty(), Option.empty()));
    }

    public SparkSession spark() {
        return spark;
    }

    public String path() {
        return path;
    }

    public boolean exists() {
        return snapshot.version() >= 0;
    }

    /** The pinned version; -1 when there is no table. */
    public long version() {
        return snapshot.version();
    }

    /**
     * The version {@code appId}'s transaction identifier records (Delta's {@code SetTransaction}), kept in the log
     * and its checkpoints as long as the table lives; -1 when it records none.
     */
    public long transactionVersion(String appId) {
        Optional<Map<String, Long>> checksummed = checksumTransactions();
        if (checksummed.isPresent()) {
            return checksummed.get().getOrDefault(appId, -1L);
        }
        Option<Object> version = snapshot.transactions().get(appId);
        return version.isDefined() ? (Long) version.get() : -1L;
    }

    /**
     * The transaction identifiers the version's checksum file records, when it records them: Delta writes them there
     * with each commit it can account for incrementally, and reading them there spares the Spark jobs of replaying
     * the whole log, which a fresh process pays seconds for. Empty when there is no checksum, it holds no identifiers
     * (too many, or written by a writer that does not keep them), or identifiers expire on this table (only a log
     * replay applies the expiry).
     */
    private Optional<Map<String, Long>> checksumTransactions() {
        if (snapshot.checksumOpt().isEmpty() || property(TRANSACTION_RETENTION).isPresent()) {
            return Optional.empty();
        }
        Option<Seq<SetTransaction>> recorded = snapshot.checksumOpt().get().setTransactions();
        if (recorded.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Long> versions = new HashMap<>();
        JavaConverters.seqAsJavaList(recorded.get()).forEach(txn -> versions.merge(txn.appId(), txn.version(), Math::max));
        return Optional.of(versions);
    }

    /** {@link #transactionVersion} as an earlier version of the table recorded it. */
    public long transactionVersionAt(long version, String appId) {
        Option<Object> recorded = log.getSnapshotAt(version, Option.empty(), Option.empty()).transactions().get(appId);
        return recorded.isDefined() ? (Long) recorded.get() : -1L;
    }

    public Optional<String> property(String name) {
        Option<String> value = snapshot.metadata().configuration().get(name);
        return value.isDefined() ? Optional.of(value.get()) : Optional.empty();
    }

    public Map<String, String> properties() {
        return new HashMap<>(scala.collection.JavaConverters.mapAsJavaMap(snapshot.metadata().configuration()));
    }

    public StructType schema() {
        return snapshot.schema();
    }

    /** Whether the table's properties enable deletion vectors. */
    public boolean deletionVectorsEnabled() {
        return property(DELETION_VECTORS).map(v -> v.trim().equalsIgnoreCase("true")).orElse(false);
    }

    /** The number of files, from the version's checksum where it has one (a log replay otherwise). */
    public long numberOfFiles() {
        return snapshot.checksumOpt().isDefined() ? snapshot.checksumOpt().get().numFiles() : snapshot.numOfFiles();
    }

    /**
     * The pinned version's files as its checksum lists them (Delta lists them there for tables of fewer than 50 files,
     * without column mapping, whose statistics would be kept under physical names); empty when it does not.
     */
    Optional<List<AddFile>> checksumFiles() {
        if (snapshot.checksumOpt().isEmpty() || snapshot.metadata().columnMappingMode() != NoMapping$.MODULE$) {
            return Optional.empty();
        }
        Option<Seq<AddFile>> files = snapshot.checksumOpt().get().allFiles();
        return files.isDefined() ? Optional.of(JavaConverters.seqAsJavaList(files.get())) : Optional.empty();
    }

    /** The pinned version's files, with their statistics and deletion vectors. */
    public List<TableFile> files() {
        return TableFile.of(this, snapshot.allFiles().collectAsList());
    }

    /** The files of an earlier version, with the deletion vectors they had then. */
    public List<TableFile> filesAt(long version) {
        return TableFile.of(this, log.getSnapshotAt(version, Option.empty(), Option.empty()).allFiles().collectAsList());
    }

    /** The live rows of the pinned version. */
    public Dataset<Row> rows() {
        return spark.read().format("delta").option("versionAsOf", snapshot.version()).load(path);
    }

    /** Delta's public API on the table, for Delta's own commands (MERGE, VACUUM); they read the newest version. */
    public DeltaTable deltaTable() {
        return DeltaTable.forPath(spark, path);
    }

    /**
     * A commit in the table's history.
     *
     * @param userMetadata the commit's {@code commitInfo.userMetadata}, null when it has none
     * @param metrics      Delta's operation metrics of the commit
     */
    public record HistoryEntry(long version, Timestamp timestamp, String userMetadata, Map<String, String> metrics) {
        public HistoryEntry {
            metrics = Map.copyOf(metrics);
        }
    }

    /**
     * The pinned version's own commit, read from its one commit file without a Spark job (Delta's history runs one);
     * empty when there is no table. Its time is the commit's as the history gives it: the in-commit timestamp where
     * the table keeps one, else the commit file's modification time.
     */
    public Optional<HistoryEntry> pinnedCommit() {
        if (!exists()) {
            return Optional.empty();
        }
        Path file = DeltaCommitFileProvider.apply(snapshot).deltaFile(snapshot.version());
        Option<CommitInfo> info = DeltaHistoryManager.getCommitInfoOpt(log.store(), file, log.newDeltaHadoopConf());
        String userMetadata = info.isDefined() && info.get().userMetadata().isDefined()
                ? info.get().userMetadata().get() : null;
        Map<String, String> metrics = info.isDefined() && info.get().operationMetrics().isDefined()
                ? JavaConverters.mapAsJavaMap(info.get().operationMetrics().get()) : Map.of();
        return Optional.of(new HistoryEntry(snapshot.version(), new Timestamp(snapshot.timestamp()), userMetadata,
                metrics));
    }

    /** The newest {@code limit} commits, newest first. */
    public List<HistoryEntry> history(int limit) {
        return entries(deltaTable().history(limit));
    }

    /** The commits up to {@code version} whose user metadata starts with {@code prefix}, newest first. */
    public List<HistoryEntry> historyUpTo(long version, String prefix) {
        return entries(deltaTable().history().filter(col("version").leq(version)
                .and(col("userMetadata").startsWith(prefix))));
    }

    private static List<HistoryEntry> entries(Dataset<Row> history) {
        // Sorted here, not by Spark: history is a local relation, and a sort of it would run Spark jobs.
        return history.select("version", "timestamp", "userMetadata", "operationMetrics").collectAsList().stream()
                .map(row -> new HistoryEntry(row.getLong(0), row.getTimestamp(1), row.isNullAt(2) ? null : row.getString(2),
                        row.isNullAt(3) ? Map.of() : new HashMap<>(row.<String, String>getJavaMap(3))))
                .sorted(Comparator.comparingLong(HistoryEntry::version).reversed()).toList();
    }

    DeltaLog log() {
        return log;
    }

    Snapshot snapshot() {
        return snapshot;
    }
}
