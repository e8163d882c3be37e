package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.TableFile;
import io.dmsdelta.generate.KeyPattern;
import io.dmsdelta.generate.WorkloadSpec;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The regime DMS delivers: a table of N rows (and one of N/10), then K runs each applying one file of M changes,
 * for each key pattern, with deletion vectors and with Delta's MERGE. A run's cost is the table's sync time for the
 * file (from the run report) less that of a run right after it with nothing pending, so the fixed cost of a run
 * (start, table state, listing) is left out. Per run it records the commit's time, the rows copied and the files
 * added, removed and given deletion vectors; after the K runs the table's files and how their key ranges overlap.
 * The floor, measured in the same JVM, is what any way of applying a file must do: read the table's key column and
 * join it with the file's keys, and write the file's rows as Parquet.
 *
 * <p>With {@code --source debezium} or {@code wal2json} (with {@code dms}, or {@code both}) the same changes are
 * applied as a table of that source receives them: a table of the same N rows that dms-delta made from the source's
 * snapshot, then per run one file of the run's changes ({@link GeneratedEvents}), measured the same way; the sequence
 * guard and the tombstones are what it adds, and with DMS measured too the ratio of the two series' median costs says
 * what they cost.
 *
 * <p>With {@code --process fresh} the same K runs on the N rows (per source) are each a fresh process, and so is each
 * idle run after them: the medians of the sync for the file, the idle sync, the cost and each process's whole life,
 * against the floor (measured in this warm JVM) and the in-process sync.
 *
 * <p>With {@code --peers iceberg}, {@link IcebergPeer} applies the same DMS files to an Iceberg table of the same N rows
 * before dms-delta's series of each key pattern, in this JVM and/or in fresh processes as {@code --process} asks; each
 * DMS series on N rows checks the peer's rows made the same way against its table, and is compared with them.
 */
final class MinuteFilesBenchmark extends Workload {

    MinuteFilesBenchmark(SparkSession spark, BenchmarkOptions options, Progress progress) {
        super(spark, options, progress);
    }

    /**
     * What a series of runs cost, in seconds: the median run's cost, the table's sync for its file and its commit time,
     * and each phase's median (ms).
     */
    private record Series(double cost, double sync, double commit, long rowsCopied, int files, String phases) {
    }

    /**
     * Medians of a series of runs in fresh processes, in seconds: the table's sync for the file and in the idle run
     * after it (by their reports), the cost (their difference), and each process's whole life.
     */
    private record FreshSeries(double sync, double idleSync, double cost, double wall, double idleWall) {
    }

    /** A run folder with a copy of a loaded table, and the source folder holding the files the table has applied. */
    private record Copy(Path run, Path warehouse, Path source, Path folder) {
    }

    /**
     * Where a series' changes come from: the table's definitions, the folder of the source that holds the table's files
     * (given the source's root), the files the loaded table has applied, and run k's file.
     */
    private record Feed(Path tables, Path endpointSettings, Function<Path, Path> folder, List<Path> applied,
                        IntFunction<Path> file) {
    }

    @Override
    Benchmark.Results run() {
        List<KeyPattern> patterns = options.patterns();
        List<GeneratedDataSet[]> sets = new ArrayList<>();
        for (KeyPattern pattern : patterns) {
            sets.add(new GeneratedDataSet[]{dataSets.ensure(spec(options.rows, pattern)),
                    dataSets.ensure(spec(options.rows / 10, pattern))});
        }
        BenchmarkOptions.Sources sources = options.sources();
        BenchmarkOptions.Processes processes = options.processes();
        boolean dms = sources.dms();
        Path big = dms ? load("full load, N rows", sets.get(0)[0]) : null;
        Path small = load("full load, N/10 rows", sets.get(0)[1]);
        int loadedFiles = dms ? files(tablePath(big)).size() : 0;
        warmUp(sets.get(0)[1], small);
        IcebergPeer iceberg = options.peers().contains(BenchmarkOptions.Peer.ICEBERG)
                ? new IcebergPeer(spark, workspace.newRun("iceberg"), this::logs, options, meter,
                this::record, progress) : null;
        if (iceberg != null) {
            progress.table("bench", "warming up the Iceberg peer (not measured)");
            iceberg.warmUp(tablePath(small), sets.get(0)[1].loadFiles(), sets.get(0)[1].definition().primaryKey(),
                    sets.get(0)[1].cdcFiles().get(0));
        }
        Map<EventFormat, Path> loadedEvents = new EnumMap<>(EventFormat.class);
        for (EventFormat format : sources.events()) {
            GeneratedEvents snapshot = new GeneratedEvents(sets.get(0)[0], format);
            loadedEvents.put(format, eventsLoad(snapshot));
            warmUpRun(eventFeed(sets.get(0)[0], snapshot), loadedEvents.get(format), false);
        }
        for (int p = 0; p < patterns.size(); p++) {
            String keys = patterns.get(p).name().toLowerCase(Locale.ROOT);
            GeneratedDataSet intoBig = sets.get(p)[0];
            GeneratedDataSet intoSmall = sets.get(p)[1];
            double floor = dms ? floor(keys, intoBig, big, sets.get(0)[0]) : 0;
            IcebergPeer.Figures peer = iceberg == null ? null : iceberg.measure(keys, tablePath(big),
                    sets.get(0)[0].loadFiles(), intoBig.definition().primaryKey(),
                    intoBig.cdcFiles().subList(0, options.minuteRuns));
            if (peer != null && processes.fresh()) {
                ratios.addAll(iceberg.freshRows(keys, peer));
            }
            for (boolean vectors : options.deletionVectorChoices()) {
                String label = keys + (vectors ? ", deletion vectors" : ", MERGE");
                Feed dmsIntoBig = dms ? dmsFeed(intoBig, sets.get(0)[0]) : null;
                Series n = dms && processes.in() ? runs(label + ", N rows", dmsIntoBig, big, vectors,
                        iceberg == null ? table -> { } : iceberg::checkWarm) : null;
                FreshSeries freshN = dms && processes.fresh() ? freshRuns(label + ", N rows", dmsIntoBig, big, vectors,
                        iceberg == null ? table -> { } : iceberg::checkFresh) : null;
                for (EventFormat format : sources.events()) {
                    GeneratedEvents snapshot = new GeneratedEvents(sets.get(0)[0], format);
                    String series = label + ", " + format.label() + ", N rows";
                    Series e = processes.in() ? runs(series, eventFeed(intoBig, snapshot), loadedEvents.get(format),
                            vectors) : null;
                    if (e != null) {
                        ratios.add(n == null ? new Ratio(format.label() + " cost per run, N rows (s)", label, e.cost(),
                                "-", "median of " + options.minuteRuns + " runs; phases (median ms): " + e.phases())
                                : new Ratio(format.label() + " cost / DMS cost, N rows", label, e.cost() / n.cost(),
                                "<= 1.5", String.format(Locale.ROOT, "%.2f s / %.2f s, medians of %d runs; phases"
                                        + " (median ms): %s %s; DMS %s", e.cost(), n.cost(), options.minuteRuns,
                                format.label(), e.phases(), n.phases())));
                    }
                    if (processes.fresh()) {
                        freshRatios(format.label() + ", N rows", label, freshRuns(series, eventFeed(intoBig, snapshot),
                                loadedEvents.get(format), vectors, table -> { }), e);
                    }
                }
                if (n != null) {
                    if (peer != null) {
                        ratios.addAll(iceberg.ratios(label, vectors, n.cost(), n.sync(), peer));
                    }
                    Series tenth = runs(label + ", N/10 rows", dmsFeed(intoSmall, sets.get(0)[1]), small, vectors);
                    boolean recent = patterns.get(p) == KeyPattern.RECENT;
                    ratios.add(new Ratio("cost into N rows / into N/10 rows", label, n.cost() / tenth.cost(),
                            recent ? "<= 2" : "<= 3",
                            String.format(Locale.ROOT, "%.2f s / %.2f s", n.cost(), tenth.cost())));
                    ratios.add(new Ratio("cost into N rows / floor", label, n.cost() / floor, "<= 3",
                            String.format(Locale.ROOT, "%.2f s / %.2f s", n.cost(), floor)));
                    ratios.add(new Ratio("commit seconds into N rows", label, n.commit(), recent ? "<= 3" : "-",
                            String.format(Locale.ROOT, "median of %d runs; %,d rows copied per run", options.minuteRuns,
                                    n.rowsCopied())));
                    // The bound (the full load's files plus one per 10 runs) is stated after 100 runs: fewer
                    // runs may hold up to spark.dmsdelta.maxSmallFiles small files of new rows before they are
                    // rewritten.
                    ratios.add(new Ratio("data files after the runs, N rows", label, n.files(),
                            options.minuteRuns >= 100 ? "<= " + (loadedFiles + options.minuteRuns / 10) : "-",
                            String.format(Locale.ROOT, "%d runs; the full load wrote %d", options.minuteRuns,
                                    loadedFiles)));
                }
                if (freshN != null) {
                    freshRatios("N rows", label, freshN, n);
                    ratios.add(new Ratio("fresh process: cost into N rows / floor", label, freshN.cost() / floor, "-",
                            String.format(Locale.ROOT, "%.2f s, medians of %d runs / %.2f s in the harness's warm JVM",
                                    freshN.cost(), options.minuteRuns, floor)));
                    if (peer != null) {
                        ratios.add(iceberg.freshRatio(label, vectors, freshN.sync(), freshN.wall(), peer));
                    }
                }
            }
        }
        Workspace.delete(workspace.root().resolve("runs"));
        return results();
    }

    private WorkloadSpec spec(long rows, KeyPattern pattern) {
        return new WorkloadSpec(BenchmarkOptions.SCHEMA, BenchmarkOptions.TABLE, rows, WorkloadSpec.defaultLoadFiles(rows),
                (long) options.minuteChanges * options.minuteRuns, options.minuteRuns,
                io.dmsdelta.generate.OperationMix.parse(options.mix), options.repeat, pattern, options.seed,
                WorkloadSpec.parseStart(WorkloadSpec.DEFAULT_START));
    }

    private Path load(String step, GeneratedDataSet data) {
        return fullLoad(step, data, workspace.loadedTable("minute-rows" + data.spec().rows()));
    }

    private static Feed dmsFeed(GeneratedDataSet data, GeneratedDataSet loadedFrom) {
        return new Feed(data.tables(), data.endpointSettings(), source -> source.resolve(BenchmarkOptions.SCHEMA)
                .resolve(BenchmarkOptions.TABLE), loadedFrom.loadFiles(), k -> data.cdcFiles().get(k));
    }

    /** The data set's CDC files in the snapshot's format (written now, if they are not yet), after the snapshot. */
    private Feed eventFeed(GeneratedDataSet data, GeneratedEvents snapshot) {
        GeneratedEvents events = new GeneratedEvents(data, snapshot.format());
        List<Path> files = new ArrayList<>();
        for (int k = 0; k < options.minuteRuns; k++) {
            files.add(events.changes(k));
        }
        return new Feed(events.tables(), data.endpointSettings(), events::folder, snapshot.snapshot(), files::get);
    }

    /**
     * The table of N rows made by dms-delta from the source's snapshot (the LOAD files' rows as Debezium's {@code r}
     * events, or wal2json inserts), kept as that source's runs' starting point.
     */
    private Path eventsLoad(GeneratedEvents snapshot) {
        List<Path> files = snapshot.snapshot();
        String label = snapshot.format().label();
        Path warehouse = workspace.loadedTable("minute-" + snapshot.format().configName() + "-rows"
                + snapshot.data().spec().rows());
        Workspace.delete(warehouse);
        Path run = workspace.newRun("load");
        Path source = run.resolve("source");
        workspace.link(snapshot.folder(source), files);
        record(meter.measure(label + " snapshot, N rows", "-", detail -> {
            TableReport table = CliRun.report(label + " snapshot", source, warehouse, snapshot.tables(),
                    snapshot.data().endpointSettings(), run.resolve("report.json")).tables().get(0);
            detail.append(String.format(Locale.ROOT, "%d event file(s), %d commit(s); phases (ms) %s", files.size(),
                    table.commits(), table.phaseMs()));
            return table.changeRowsRead();
        }));
        Workspace.delete(run);
        return warehouse;
    }

    private Series runs(String label, Feed feed, Path loaded, boolean vectors) {
        return runs(label, feed, loaded, vectors, table -> { });
    }

    /**
     * K runs on a copy of the loaded table, each adding the next file, each followed by a run with nothing pending;
     * one measurement per run. {@code after} gets the table after the K runs (a peer checks its rows against it).
     */
    private Series runs(String label, Feed feed, Path loaded, boolean vectors, Consumer<Path> after) {
        Copy copy = copy("minutes", feed, loaded, vectors);
        Path run = copy.run();
        Path warehouse = copy.warehouse();
        Path source = copy.source();
        List<Double> costs = new ArrayList<>();
        List<Double> syncs = new ArrayList<>();
        List<Double> commits = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        long copied = 0;
        for (int k = 0; k < options.minuteRuns; k++) {
            workspace.link(copy.folder(), List.of(feed.file().apply(k)));
            TableReport[] applied = new TableReport[1];
            record(meter.measure("run " + (k + 1) + ": one " + options.minuteChanges + "-change file",
                    label, detail -> {
                        applied[0] = CliRun.report("minute", source, warehouse, feed.tables(), feed.endpointSettings(),
                                run.resolve("report.json")).tables().get(0);
                        TableReport idle = CliRun.report("idle", source, warehouse, feed.tables(), feed.endpointSettings(),
                                run.resolve("report.json")).tables().get(0);
                        double cost = (applied[0].durationMs() - idle.durationMs()) / 1000.0;
                        costs.add(cost);
                        syncs.add(applied[0].durationMs() / 1000.0);
                        commits.add(applied[0].commitMs() / 1000.0);
                        applied[0].phaseMs().forEach((phase, ms) ->
                                phases.computeIfAbsent(phase, p -> new ArrayList<>()).add((double) ms));
                        detail.append(String.format(Locale.ROOT, "cost %.2f s (sync %.2f s, idle %.2f s), commit %.2f s;"
                                        + " %,d rows copied, %d file(s) added, %d removed, %d deletion vector(s);"
                                        + " phases (ms) %s; sync phases (ms) %s, %s Spark jobs (idle: %s, %s)", cost,
                                applied[0].durationMs() / 1000.0, idle.durationMs() / 1000.0,
                                applied[0].commitMs() / 1000.0, applied[0].rowsCopied(), applied[0].filesAdded(),
                                applied[0].filesRemoved(), applied[0].deletionVectors(), applied[0].phaseMs(),
                                applied[0].syncPhaseMs(), applied[0].sparkJobs(), idle.syncPhaseMs(), idle.sparkJobs()));
                        return applied[0].changeRowsRead();
                    }));
            copied += applied[0].rowsCopied();
        }
        List<TableFile> files = files(tablePath(warehouse));
        record(meter.measure("layout after the runs", label, detail -> {
            detail.append(layout(files, "id"));
            return files.size();
        }));
        after.accept(tablePath(warehouse));
        Workspace.delete(run);
        StringBuilder medians = new StringBuilder();
        phases.forEach((phase, ms) -> medians.append(medians.isEmpty() ? "" : ", ").append(phase).append(' ')
                .append(Math.round(median(ms))));
        return new Series(median(costs), median(syncs), median(commits), copied / options.minuteRuns, files.size(),
                medians.toString());
    }

    /**
     * K runs on a copy of the loaded table, each adding the next file and starting a fresh process, each followed by a
     * fresh process with nothing pending; one measurement per process. {@code after} gets the table after the K runs
     * (a peer checks its rows against it).
     */
    private FreshSeries freshRuns(String label, Feed feed, Path loaded, boolean vectors, Consumer<Path> after) {
        Copy copy = copy("minutes-fresh", feed, loaded, vectors);
        Path report = copy.run().resolve("report.json");
        List<Double> syncs = new ArrayList<>();
        List<Double> idleSyncs = new ArrayList<>();
        List<Double> costs = new ArrayList<>();
        List<Double> walls = new ArrayList<>();
        List<Double> idleWalls = new ArrayList<>();
        for (int k = 0; k < options.minuteRuns; k++) {
            workspace.link(copy.folder(), List.of(feed.file().apply(k)));
            String step = "fresh process, run " + (k + 1) + ": one " + options.minuteChanges + "-change file";
            String idleStep = "fresh process, run " + (k + 1) + " again: nothing pending";
            FreshCliRun.Result applied = fresh().run(step + " (" + label + ")", copy.source(), copy.warehouse(),
                    feed.tables(), feed.endpointSettings(), report);
            FreshCliRun.Result idle = fresh().run(idleStep + " (" + label + ")", copy.source(), copy.warehouse(),
                    feed.tables(), feed.endpointSettings(), report);
            TableReport table = applied.table();
            double sync = table.durationMs() / 1000.0;
            double idleSync = idle.table().durationMs() / 1000.0;
            syncs.add(sync);
            idleSyncs.add(idleSync);
            costs.add(sync - idleSync);
            walls.add(applied.process().wallMs() / 1000.0);
            idleWalls.add(idle.process().wallMs() / 1000.0);
            record(Measurement.ofFreshProcess(step, label, table.changeRowsRead(), applied.process(), String.format(
                    Locale.ROOT, "cost %.2f s (sync %.2f s, idle %.2f s), run %.2f s, commit %.2f s; %,d rows copied,"
                            + " %d file(s) added, %d removed, %d deletion vector(s); phases (ms) %s; sync phases (ms)"
                            + " %s, %s Spark jobs", sync - idleSync,
                    sync, idleSync, applied.report().durationMs() / 1000.0, table.commitMs() / 1000.0,
                    table.rowsCopied(), table.filesAdded(), table.filesRemoved(), table.deletionVectors(),
                    table.phaseMs(), table.syncPhaseMs(), table.sparkJobs())));
            record(Measurement.ofFreshProcess(idleStep, label, idle.table().changeRowsRead(), idle.process(),
                    String.format(Locale.ROOT, "sync %.2f s, run %.2f s; sync phases (ms) %s, %s Spark jobs", idleSync,
                            idle.report().durationMs() / 1000.0, idle.table().syncPhaseMs(), idle.table().sparkJobs())));
        }
        after.accept(tablePath(copy.warehouse()));
        Workspace.delete(copy.run());
        return new FreshSeries(median(syncs), median(idleSyncs), median(costs), median(walls), median(idleWalls));
    }

    /**
     * A fresh series' medians as ratios: the sync for a file, the idle sync (the bound: 2 s), and the sync
     * against the in-process one when that was measured.
     *
     * @param what     the table and source, e.g. "N rows" or "Debezium, N rows"
     * @param measured the in-process series of the same changes, or null
     */
    private void freshRatios(String what, String label, FreshSeries fresh, Series measured) {
        ratios.add(new Ratio("fresh process: sync for a file (s), " + what, label, fresh.sync(), "-",
                String.format(Locale.ROOT, "medians of %d runs: idle sync %.2f s, cost %.2f s; process %.1f s with the"
                                + " file, %.1f s idle", options.minuteRuns, fresh.idleSync(), fresh.cost(), fresh.wall(),
                        fresh.idleWall())));
        ratios.add(new Ratio("fresh process: idle sync (s), " + what, label, fresh.idleSync(), "<= 2",
                String.format(Locale.ROOT, "median of %d runs with nothing pending; the process %.1f s",
                        options.minuteRuns, fresh.idleWall())));
        if (measured != null) {
            ratios.add(new Ratio("fresh process / in-process: sync for a file, " + what, label,
                    fresh.sync() / measured.sync(), "-", String.format(Locale.ROOT, "%.2f s / %.2f s, medians of %d"
                            + " runs", fresh.sync(), measured.sync(), options.minuteRuns)));
        }
    }

    /**
     * A run folder with a copy of the loaded table (deletion vectors turned off when not wanted) and a source folder
     * holding the files the table has applied.
     */
    private Copy copy(String runName, Feed feed, Path loaded, boolean vectors) {
        Path run = workspace.newRun(runName);
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(loaded, warehouse);
        if (!vectors) {
            spark.sql("ALTER TABLE delta." + SqlNames.quote(tablePath(warehouse).toString()) + " SET TBLPROPERTIES ('"
                    + DeltaTableHandle.DELETION_VECTORS + "' = 'false')");
        }
        Path source = run.resolve("source");
        Path folder = feed.folder().apply(source);
        workspace.link(folder, feed.applied());
        return new Copy(run, warehouse, source, folder);
    }

    private double floor(String keys, GeneratedDataSet data, Path loaded, GeneratedDataSet loadedFrom) {
        Path run = workspace.newRun("floor");
        Measurement m = record(meter.measure("floor: key join with the table + file to Parquet", keys, detail -> {
            IoFloor.Figures figures = new IoFloor(spark).measure(List.of(data.cdcFiles().get(0)), data.definition(),
                    run.resolve("parquet"), loadedFrom.definition().pathUnder(loaded.toString()));
            detail.append(String.format(Locale.ROOT, "file to Parquet %.2f s, key join %.2f s (%,d rows)",
                    figures.copySeconds(), figures.joinSeconds(), figures.joinedRows()));
            return options.minuteChanges;
        }));
        Workspace.delete(run);
        return m.seconds();
    }

    /** Runs the floor's queries and one run on a copy of the small table, unmeasured: classes loaded, code compiled. */
    private void warmUp(GeneratedDataSet data, Path loaded) {
        progress.table("bench", "warming up (not measured)");
        Path run = workspace.newRun("warm-up");
        new IoFloor(spark).measure(List.of(data.cdcFiles().get(0)), data.definition(), run.resolve("parquet"),
                data.definition().pathUnder(loaded.toString()));
        Workspace.delete(run);
        warmUpRun(dmsFeed(data, data), loaded, false);
        if (options.processes().fresh()) {
            // Once unmeasured: a build bin/dms-delta may start, and reading its jars from disk, are not timed.
            warmUpRun(dmsFeed(data, data), loaded, true);
        }
    }

    /** One run of the feed's first file on a copy of the loaded table, unmeasured: in-process or a fresh process. */
    private void warmUpRun(Feed feed, Path loaded, boolean freshProcess) {
        progress.table("bench", "warming up (not measured)");
        Copy copy = copy("warm-up", feed, loaded, true);
        workspace.link(copy.folder(), List.of(feed.file().apply(0)));
        Path report = copy.run().resolve("report.json");
        if (freshProcess) {
            fresh().run("warm-up, fresh process", copy.source(), copy.warehouse(), feed.tables(), feed.endpointSettings(),
                    report);
        } else {
            CliRun.report("warm-up", copy.source(), copy.warehouse(), feed.tables(), feed.endpointSettings(), report);
        }
        Workspace.delete(copy.run());
    }

    private static Path tablePath(Path warehouse) {
        return warehouse.resolve(BenchmarkOptions.SCHEMA).resolve(BenchmarkOptions.TABLE);
    }

    private List<TableFile> files(Path table) {
        return DeltaTableHandle.open(spark, table.toString()).files();
    }

    /** The files' rows, and how many pairs of them have overlapping key ranges (0 for a full load's layout). */
    private static String layout(List<TableFile> files, String key) {
        ObjectMapper json = new ObjectMapper();
        List<long[]> ranges = new ArrayList<>();
        long smallest = Long.MAX_VALUE;
        long largest = 0;
        int withVectors = 0;
        for (TableFile file : files) {
            try {
                JsonNode stats = json.readTree(file.stats());
                long rows = stats.path("numRecords").asLong();
                smallest = Math.min(smallest, rows);
                largest = Math.max(largest, rows);
                ranges.add(new long[]{stats.path("minValues").path(key).asLong(), stats.path("maxValues").path(key).asLong()});
            } catch (Exception e) {
                throw new BenchmarkFailure("cannot read the statistics of " + file.path() + ": " + e.getMessage());
            }
            withVectors += file.hasVector() ? 1 : 0;
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        int overlaps = 0;
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = i + 1; j < ranges.size() && ranges.get(j)[0] <= ranges.get(i)[1]; j++) {
                overlaps++;
            }
        }
        return String.format(Locale.ROOT, "%d files of %,d to %,d rows, %d with deletion vectors; %d overlapping key"
                + " range pair(s)", files.size(), files.isEmpty() ? 0 : smallest, largest, withVectors, overlaps);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
