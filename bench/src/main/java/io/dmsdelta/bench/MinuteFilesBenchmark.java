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
 * <p>With {@code --peers iceberg}, {@link IcebergPeer} applies the same DMS files to an Iceberg table of the same N rows
 * before dms-delta's series of each key pattern; each series on N rows checks the peer's rows against its table.
 */
final class MinuteFilesBenchmark extends Workload {

    MinuteFilesBenchmark(SparkSession spark, BenchmarkOptions options, Progress progress) {
        super(spark, options, progress);
    }

    /**
     * What a series of runs cost, in seconds: the median run's cost, table sync and commit time, and each phase's
     * median (ms).
     */
    private record Series(double cost, double sync, double commit, long rowsCopied, int files, String phases) {
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
        boolean dms = sources.dms();
        Path big = dms ? load("full load, N rows", sets.get(0)[0]) : null;
        Path small = load("full load, N/10 rows", sets.get(0)[1]);
        int loadedFiles = dms ? files(tablePath(big)).size() : 0;
        warmUp(sets.get(0)[1], small);
        IcebergPeer iceberg = options.peers().contains(BenchmarkOptions.Peer.ICEBERG)
                ? new IcebergPeer(spark, workspace.newRun("iceberg"), options, meter, this::record) : null;
        if (iceberg != null) {
            progress.table("bench", "warming up the Iceberg peer (not measured)");
            iceberg.warmUp(tablePath(small), sets.get(0)[1].loadFiles(), sets.get(0)[1].definition().primaryKey(),
                    sets.get(0)[1].cdcFiles().get(0));
        }
        Map<EventFormat, Path> loadedEvents = new EnumMap<>(EventFormat.class);
        for (EventFormat format : sources.events()) {
            GeneratedEvents snapshot = new GeneratedEvents(sets.get(0)[0], format);
            loadedEvents.put(format, eventsLoad(snapshot));
            warmUpRun(eventFeed(sets.get(0)[0], snapshot), loadedEvents.get(format));
        }
        for (int p = 0; p < patterns.size(); p++) {
            String keys = patterns.get(p).name().toLowerCase(Locale.ROOT);
            GeneratedDataSet intoBig = sets.get(p)[0];
            GeneratedDataSet intoSmall = sets.get(p)[1];
            double floor = dms ? floor(keys, intoBig, big, sets.get(0)[0]) : 0;
            IcebergPeer.Figures peer = iceberg == null ? null : iceberg.measure(keys, tablePath(big),
                    sets.get(0)[0].loadFiles(), intoBig.definition().primaryKey(),
                    intoBig.cdcFiles().subList(0, options.minuteRuns));
            if (peer != null) {
                ratios.addAll(iceberg.freshRows(keys, peer));
            }
            for (boolean vectors : options.deletionVectorChoices()) {
                String label = keys + (vectors ? ", deletion vectors" : ", MERGE");
                Series n = dms ? runs(label + ", N rows", dmsFeed(intoBig, sets.get(0)[0]), big, vectors,
                        iceberg == null ? table -> { } : iceberg::check) : null;
                for (EventFormat format : sources.events()) {
                    GeneratedEvents snapshot = new GeneratedEvents(sets.get(0)[0], format);
                    Series e = runs(label + ", " + format.label() + ", N rows", eventFeed(intoBig, snapshot),
                            loadedEvents.get(format), vectors);
                    ratios.add(n == null ? new Ratio(format.label() + " cost per run, N rows (s)", label, e.cost(), "-",
                            "median of " + options.minuteRuns + " runs; phases (median ms): " + e.phases())
                            : new Ratio(format.label() + " cost / DMS cost, N rows", label, e.cost() / n.cost(), "<= 1.5",
                            String.format(Locale.ROOT, "%.2f s / %.2f s, medians of %d runs; phases (median ms):"
                                    + " %s %s; DMS %s", e.cost(), n.cost(), options.minuteRuns, format.label(),
                                    e.phases(), n.phases())));
                }
                if (!dms) {
                    continue;
                }
                if (peer != null) {
                    ratios.addAll(iceberg.ratios(label, n.cost(), n.sync(), peer));
                }
                Series tenth = runs(label + ", N/10 rows", dmsFeed(intoSmall, sets.get(0)[1]), small, vectors);
                boolean recent = patterns.get(p) == KeyPattern.RECENT;
                ratios.add(new Ratio("cost into N rows / into N/10 rows", label, n.cost() / tenth.cost(),
                        recent ? "<= 2" : "<= 3", String.format(Locale.ROOT, "%.2f s / %.2f s", n.cost(), tenth.cost())));
                ratios.add(new Ratio("cost into N rows / floor", label, n.cost() / floor, "<= 3",
                        String.format(Locale.ROOT, "%.2f s / %.2f s", n.cost(), floor)));
                ratios.add(new Ratio("commit seconds into N rows", label, n.commit(), recent ? "<= 3" : "-",
                        String.format(Locale.ROOT, "median of %d runs; %,d rows copied per run", options.minuteRuns,
                                n.rowsCopied())));
                // The bound (the full load's files plus one per 10 runs) is stated after 100 runs: fewer
                // runs may hold up to spark.dmsdelta.maxSmallFiles small files of new rows before they are rewritten.
                ratios.add(new Ratio("data files after the runs, N rows", label, n.files(),
                        options.minuteRuns >= 100 ? "<= " + (loadedFiles + options.minuteRuns / 10) : "-",
                        String.format(Locale.ROOT, "%d runs; the full load wrote %d", options.minuteRuns, loadedFiles)));
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
        Path run = workspace.newRun("minutes");
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(loaded, warehouse);
        if (!vectors) {
            spark.sql("ALTER TABLE delta." + SqlNames.quote(tablePath(warehouse).toString()) + " SET TBLPROPERTIES ('"
                    + DeltaTableHandle.DELETION_VECTORS + "' = 'false')");
        }
        Path source = run.resolve("source");
        Path folder = feed.folder().apply(source);
        workspace.link(folder, feed.applied());
        List<Double> costs = new ArrayList<>();
        List<Double> syncs = new ArrayList<>();
        List<Double> commits = new ArrayList<>();
        Map<String, List<Double>> phases = new LinkedHashMap<>();
        long copied = 0;
        for (int k = 0; k < options.minuteRuns; k++) {
            workspace.link(folder, List.of(feed.file().apply(k)));
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
                                        + " phases (ms) %s", cost,
                                applied[0].durationMs() / 1000.0, idle.durationMs() / 1000.0,
                                applied[0].commitMs() / 1000.0, applied[0].rowsCopied(), applied[0].filesAdded(),
                                applied[0].filesRemoved(), applied[0].deletionVectors(), applied[0].phaseMs()));
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
        warmUpRun(dmsFeed(data, data), loaded);
    }

    /** One run of the feed's first file on a copy of the loaded table, unmeasured. */
    private void warmUpRun(Feed feed, Path loaded) {
        progress.table("bench", "warming up (not measured)");
        Path run = workspace.newRun("warm-up");
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(loaded, warehouse);
        Path source = run.resolve("source");
        workspace.link(feed.folder().apply(source), feed.applied());
        workspace.link(feed.folder().apply(source), List.of(feed.file().apply(0)));
        CliRun.report("warm-up", source, warehouse, feed.tables(), feed.endpointSettings(), run.resolve("report.json"));
        Workspace.delete(run);
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
