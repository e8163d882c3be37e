package io.dmsdelta.bench;

import io.dmsdelta.config.DmsDeltaSettings;
import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.report.Progress;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.CreateTableWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The minute-files workload's Iceberg peer ({@code --peers iceberg}): Apache Iceberg's merge-on-read MERGE applying
 * the same K DMS files, in the same order, to an Iceberg table of the same N rows as dms-delta's loaded table, measured
 * the ways {@code --process} measures dms-delta's runs. In the harness's warm JVM ({@code in}), in a session of its
 * own, each run's {@link IcebergMerge} is timed (table load, file read, MERGE and commit). In a fresh process per file
 * ({@code fresh}: {@link IcebergMergeMain}, started by {@link FreshJvm}), the process times its work from before
 * loading the table to after the commit, and the harness the process's wall time.
 *
 * <p>The table is loaded once per key pattern, untimed, from the LOAD files dms-delta's table was loaded from, read
 * with Spark's CSV reader typed by that table's schema (a Delta table with deletion vectors cannot be the source of a
 * write to another catalog's table: Delta plans its scan inside such a write unprepared, and fails), and laid out as
 * dms-delta's full load lays them out: files cut by key ranges, sorted by the key within each
 * ({@link FullLoadWriter#byKeyRanges}). No sort order is declared, as dms-delta's table declares none: a declared one
 * would make every MERGE sort what it writes. The warm runs start from the loaded snapshot; the table is then rolled
 * back to it for the fresh runs. Each end state is checked against dms-delta's table after the same files, made the
 * same way: the warm one against the in-process runs' ({@link #checkWarm}), the fresh one against the fresh
 * processes' ({@link #checkFresh}).
 */
final class IcebergPeer {

    /** A key pattern's medians over the K runs, seconds; NaN for the runs {@code --process} left out. */
    record Figures(double warmMerge, double freshWork, double freshWall) {
    }

    private static final String NAMESPACE = IcebergMerge.CATALOG + "." + BenchmarkOptions.SCHEMA;
    private static final String TABLE = NAMESPACE + "." + BenchmarkOptions.TABLE;

    private final SparkSession harness;
    private final SparkSession iceberg;
    private final Path folder;
    private final Supplier<Path> logs;
    private final BenchmarkOptions options;
    private final StepMeter meter;
    private final Consumer<Measurement> record;
    private final Progress progress;
    private final FreshJvm freshJvm = FreshJvm.ofThisRepository();
    /** The end states of the last measured pattern's warm and fresh runs (when measured), to check against dms-delta's. */
    private OptionalLong warmEnd = OptionalLong.empty();
    private OptionalLong freshEnd = OptionalLong.empty();

    /**
     * @param folder where the warehouse and the fresh processes' work times go
     * @param logs   the folder of the fresh processes' logs, asked for when the first one starts
     * @param record records a measurement among the workload's steps
     */
    IcebergPeer(SparkSession harness, Path folder, Supplier<Path> logs, BenchmarkOptions options, StepMeter meter,
                Consumer<Measurement> record, Progress progress) {
        this.harness = requireNonNull(harness, "harness");
        this.folder = requireNonNull(folder, "folder");
        this.logs = requireNonNull(logs, "logs");
        this.options = requireNonNull(options, "options");
        this.meter = requireNonNull(meter, "meter");
        this.record = requireNonNull(record, "record");
        this.progress = requireNonNull(progress, "progress");
        this.iceberg = icebergSession(harness, folder.resolve("warehouse"));
    }

    /**
     * A session of its own on the harness's Spark application, with Iceberg's extension and catalog, so dms-delta's
     * session stays as dms-delta builds it. Extensions are fixed when a session is built ({@code newSession()} takes
     * its parent's), and the builder hands back the default session while there is one: so it builds while there is
     * none, then the harness's is made the default again. Delta's extension, set on the application, comes along.
     */
    private static SparkSession icebergSession(SparkSession harness, Path warehouse) {
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
        try {
            SparkSession.Builder builder = SparkSession.builder().withExtensions(new IcebergSparkSessionExtensions());
            IcebergMerge.catalogSettings(warehouse).forEach(builder::config);
            return builder.getOrCreate();
        } finally {
            SparkSession.setDefaultSession(harness);
            SparkSession.setActiveSession(harness);
        }
    }

    /**
     * A table of a small loaded table's rows and one MERGE of the file, unmeasured: classes loaded, code compiled.
     *
     * @param deltaTable dms-delta's table, loaded from {@code loadFiles}
     */
    void warmUp(Path deltaTable, List<Path> loadFiles, List<String> keys, Path file) {
        inIceberg(() -> {
            String table = NAMESPACE + ".warm_up";
            load(table, deltaTable, loadFiles, keys);
            new IcebergMerge(iceberg, table, keys).apply(file);
            iceberg.sql("DROP TABLE " + table + " PURGE");
            return null;
        });
    }

    /**
     * Loads the table as dms-delta's, then applies the files in the warm JVM and, from the same loaded snapshot, in a
     * fresh process each, as {@code --process} asks; one measurement per run.
     *
     * @param deltaTable dms-delta's loaded table, loaded from {@code loadFiles}
     */
    Figures measure(String keysLabel, Path deltaTable, List<Path> loadFiles, List<String> keys, List<Path> files) {
        BenchmarkOptions.Processes processes = options.processes();
        return inIceberg(() -> {
            iceberg.sql("DROP TABLE IF EXISTS " + TABLE + " PURGE");
            record.accept(meter.measure("Iceberg peer: table of N rows from the LOAD files (not compared)", keysLabel,
                    detail -> load(TABLE, deltaTable, loadFiles, keys)));
            long loaded = table().currentSnapshot().snapshotId();
            warmEnd = OptionalLong.empty();
            freshEnd = OptionalLong.empty();
            double warm = Double.NaN;
            if (processes.in()) {
                warm = warmRuns(keysLabel, keys, files);
                warmEnd = OptionalLong.of(table().currentSnapshot().snapshotId());
            }
            FreshMedians fresh = FreshMedians.NOT_MEASURED;
            if (processes.fresh()) {
                if (warmEnd.isPresent()) {
                    table().manageSnapshots().rollbackTo(loaded).commit();
                }
                fresh = freshRuns(keysLabel, keys, files);
                freshEnd = OptionalLong.of(table().currentSnapshot().snapshotId());
            }
            return new Figures(warm, fresh.work(), fresh.wall());
        });
    }

    /** The files' runs in the harness's JVM: the median run, seconds. */
    private double warmRuns(String keysLabel, List<String> keys, List<Path> files) {
        IcebergMerge merge = new IcebergMerge(iceberg, TABLE, keys);
        List<Double> warm = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            Path file = files.get(k);
            record.accept(meter.measure("Iceberg run " + (k + 1) + ": MERGE, warm JVM", keysLabel, detail -> {
                long started = System.nanoTime();
                merge.apply(file);
                double seconds = (System.nanoTime() - started) / 1e9;
                warm.add(seconds);
                detail.append(String.format(Locale.ROOT, "MERGE %.2f s; ", seconds)).append(written(table()));
                return options.minuteChanges;
            }));
        }
        return MinuteFilesBenchmark.median(warm);
    }

    /** The medians of the fresh runs' work and of their whole processes, seconds. */
    private record FreshMedians(double work, double wall) {
        static final FreshMedians NOT_MEASURED = new FreshMedians(Double.NaN, Double.NaN);
    }

    /** The files' runs in a fresh process each. */
    private FreshMedians freshRuns(String keysLabel, List<String> keys, List<Path> files) {
        List<Double> work = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            String step = "Iceberg run " + (k + 1) + ": MERGE, fresh process";
            progress.table("bench", step + " (" + keysLabel + ") ...");
            FreshRun result = fresh(keysLabel, files.get(k), keys, k + 1);
            work.add(result.workSeconds());
            wall.add(result.process().wallMs() / 1000.0);
            record.accept(Measurement.ofFreshProcess(step, keysLabel, options.minuteChanges, result.process(),
                    String.format(Locale.ROOT, "work %.2f s (table load to commit); ", result.workSeconds())
                            + written(table())));
            progress.table("bench", String.format(Locale.ROOT, "%s (%s): %.1f s, the whole process", step, keysLabel,
                    result.process().wallMs() / 1000.0));
        }
        return new FreshMedians(MinuteFilesBenchmark.median(work), MinuteFilesBenchmark.median(wall));
    }

    /** A fresh run: the process's work time, and how the process went (its wall time from start to exit). */
    private record FreshRun(double workSeconds, FreshJvm.Result process) {
    }

    private FreshRun fresh(String keysLabel, Path file, List<String> keys, int run) {
        Path result = folder.resolve("fresh-" + run + ".ms");
        Path log = logs.get().resolve("iceberg-" + keysLabel + "-run-" + run + ".log");
        FreshJvm.Result process = freshJvm.java(IcebergMergeMain.class.getName(), List.of(
                folder.resolve("warehouse").toString(), TABLE, String.join(",", keys), file.toString(), result.toString(),
                Integer.toString(options.shufflePartitions)), log);
        if (process.exitCode() != 0) {
            throw new BenchmarkFailure("The Iceberg peer's MERGE of " + file + " in a fresh process exited with "
                    + process.exitCode() + "; its output is in " + log + ".");
        }
        try {
            return new FreshRun(Long.parseLong(Files.readString(result).trim()) / 1000.0, process);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fresh run's work time from " + result + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Checks that the warm runs left the rows dms-delta's table has after the same files run in-process.
     *
     * @throws BenchmarkFailure when they differ, with a few of the rows that differ
     */
    void checkWarm(Path deltaTable) {
        check(deltaTable, "warm JVM", warmEnd);
    }

    /**
     * Checks that the fresh processes left the rows dms-delta's table has after the same files run in fresh processes.
     *
     * @throws BenchmarkFailure when they differ, with a few of the rows that differ
     */
    void checkFresh(Path deltaTable) {
        check(deltaTable, "fresh processes", freshEnd);
    }

    /** The same count, and the same sum of each row's hash over all columns. */
    private void check(Path deltaTable, String runs, OptionalLong end) {
        long snapshot = end.orElseThrow(() -> new IllegalStateException("The Iceberg peer's runs in " + runs
                + " were not measured for this key pattern, so there is nothing to check against " + deltaTable));
        inIceberg(() -> {
            Dataset<Row> expected = iceberg.read().format("delta").load(deltaTable.toString());
            Column[] columns = Arrays.stream(expected.columns()).map(functions::col).toArray(Column[]::new);
            Row want = fingerprint(expected, columns);
            Dataset<Row> actual = iceberg.sql("SELECT * FROM " + TABLE + " VERSION AS OF " + snapshot).select(columns);
            Row got = fingerprint(actual, columns);
            if (!got.equals(want)) {
                throw new BenchmarkFailure(String.format(Locale.ROOT, "The Iceberg peer's table after its runs in %s"
                                + " (snapshot %d) does not hold dms-delta's rows after the same files (%s): %d rows, hash"
                                + " sum %s; dms-delta %d rows, hash sum %s. Only in dms-delta's: %s. Only in Iceberg's:"
                                + " %s.", runs, snapshot, deltaTable, got.getLong(0), got.get(1), want.getLong(0),
                        want.get(1), expected.exceptAll(actual).limit(3).collectAsList(),
                        actual.exceptAll(expected).limit(3).collectAsList()));
            }
            return null;
        });
    }

    /**
     * dms-delta's cost and whole sync beside Iceberg's warm MERGE, for one in-process series of dms-delta's. The sync
     * ratio is issue 25's target with deletion vectors (merge-on-read, as Iceberg's): below 1.
     */
    List<Ratio> ratios(String label, boolean vectors, double dmsDeltaCost, double dmsDeltaSync, Figures figures) {
        String basis = "%.2f s / %.2f s, medians of " + options.minuteRuns + " runs";
        return List.of(
                new Ratio("dms-delta cost / Iceberg MERGE, warm JVM", label, dmsDeltaCost / figures.warmMerge(), "-",
                        String.format(Locale.ROOT, basis, dmsDeltaCost, figures.warmMerge())),
                new Ratio("dms-delta sync / Iceberg MERGE, warm JVM", label, dmsDeltaSync / figures.warmMerge(),
                        syncTarget(vectors), String.format(Locale.ROOT, basis, dmsDeltaSync, figures.warmMerge())));
    }

    /**
     * dms-delta's whole sync of the file in a fresh process beside Iceberg's work in a fresh process, for one fresh
     * series of dms-delta's: both from before the table is read to after the commit, Spark's start left out of both.
     * Issue 25's target with deletion vectors: below 1.
     */
    Ratio freshRatio(String label, boolean vectors, double dmsDeltaSync, double dmsDeltaWall, Figures figures) {
        return new Ratio("fresh process: dms-delta sync / Iceberg MERGE work", label, dmsDeltaSync / figures.freshWork(),
                syncTarget(vectors), String.format(Locale.ROOT, "%.2f s / %.2f s, medians of %d processes each; whole"
                                + " processes %.1f s / %.1f s", dmsDeltaSync, figures.freshWork(), options.minuteRuns,
                        dmsDeltaWall, figures.freshWall()));
    }

    /** Issue 25: a minute file's whole sync faster than Iceberg's merge-on-read MERGE, in the same conditions. */
    private static String syncTarget(boolean vectors) {
        return vectors ? "< 1" : "-";
    }

    /** Iceberg's fresh-process figures of a key pattern, seconds. */
    List<Ratio> freshRows(String keysLabel, Figures figures) {
        String basis = "median of " + options.minuteRuns + " processes, one per file";
        return List.of(
                new Ratio("Iceberg MERGE, fresh process: work (s)", keysLabel, figures.freshWork(), "-",
                        basis + "; from before loading the table to after the commit"),
                new Ratio("Iceberg MERGE, fresh process: whole process (s)", keysLabel, figures.freshWall(), "-",
                        basis + "; JVM start to exit"));
    }

    /** The LOAD files' rows as an Iceberg table of the Delta table's schema, laid out as dms-delta's full load. */
    private long load(String table, Path deltaTable, List<Path> loadFiles, List<String> keys) {
        StructType schema = new StructType();
        for (StructField column : iceberg.read().format("delta").load(deltaTable.toString()).schema().fields()) {
            schema = schema.add(column.name(), column.dataType(), true);
        }
        Dataset<Row> rows = IcebergMerge.read(iceberg, schema, loadFiles);
        long count = rows.count();
        CreateTableWriter<Row> create = FullLoadWriter.byKeyRanges(rows, count, keys,
                DmsDeltaSettings.from(harness).rowsPerFile()).writeTo(table).using("iceberg");
        for (Map.Entry<String, String> property : IcebergMerge.TABLE_PROPERTIES.entrySet()) {
            create = create.tableProperty(property.getKey(), property.getValue());
        }
        try {
            create.create();
        } catch (org.apache.spark.sql.catalyst.analysis.TableAlreadyExistsException e) {
            throw new BenchmarkFailure("The Iceberg peer's table " + table + " is there already, though it was just"
                    + " dropped: is another harness using " + folder + "?");
        }
        return count;
    }

    /** The table as it is now (a fresh process may have committed since the catalog cached it). */
    private Table table() {
        try {
            Table table = Spark3Util.loadIcebergTable(iceberg, TABLE);
            table.refresh();
            return table;
        } catch (Exception e) {
            throw new BenchmarkFailure("Cannot load the Iceberg peer's table " + TABLE + ": " + e.getMessage());
        }
    }

    /** What the table's last commit wrote, and the table's files after it, from the snapshot's summary. */
    private static String written(Table table) {
        Snapshot snapshot = table.currentSnapshot();
        Map<String, String> summary = snapshot.summary();
        return String.format(Locale.ROOT, "%s: %s data file(s) and %s delete file(s) added (%s rows, %s position"
                        + " deletes); table %s data files, %s delete files", snapshot.operation(),
                summary.getOrDefault("added-data-files", "0"), summary.getOrDefault("added-delete-files", "0"),
                summary.getOrDefault("added-records", "0"), summary.getOrDefault("added-position-deletes", "0"),
                summary.getOrDefault("total-data-files", "?"), summary.getOrDefault("total-delete-files", "?"));
    }

    private static Row fingerprint(Dataset<Row> rows, Column[] columns) {
        return rows.agg(functions.count(functions.lit(1)),
                functions.sum(functions.xxhash64(columns).cast("decimal(38,0)"))).first();
    }

    /**
     * Runs {@code work} with the Iceberg session active, then makes the harness's active again: dms-delta's runs take
     * the active session.
     */
    private <T> T inIceberg(Supplier<T> work) {
        SparkSession.setActiveSession(iceberg);
        try {
            return work.get();
        } finally {
            SparkSession.setActiveSession(harness);
        }
    }
}
