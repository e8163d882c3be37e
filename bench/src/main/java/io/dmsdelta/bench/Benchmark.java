package io.dmsdelta.bench;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.generate.KeyPattern;
import io.dmsdelta.report.Progress;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * The measured steps, in one JVM and one Spark session, each starting from a copy of the same fully loaded
 * Delta table:
 * <ol>
 *   <li>full load of the N-row table (and of the N/10-row table for the growth steps);</li>
 *   <li>per key pattern: dms-delta applying all F CDC files in one run, in-process and/or in a fresh process; the
 *       per-file baseline on the first B files, scaled to F; the I/O floor; and the growth steps (M/10 changes into
 *       N and into N/10 rows). The baseline and the growth steps are in-process only, as are their ratios.</li>
 * </ol>
 * The LOAD files do not depend on the change options, so the data sets of every pattern share one loaded table; each step's source links those very LOAD files, so dms-delta finds the LOAD set it loaded and only
 * applies changes.
 */
final class Benchmark extends Workload {

    /** What the run measured. */
    record Results(List<Measurement> steps, List<Ratio> ratios) {
    }

    /** A key pattern's data sets: all changes into N rows, a tenth of them into N rows and into N/10 rows. */
    private record DataSetsOfPattern(GeneratedDataSet all, GeneratedDataSet tenthOfTheChanges,
                                     GeneratedDataSet tenthOfTheTable) {
    }

    /** A fully loaded table: the warehouse holding it and the data set whose LOAD files it was loaded from. */
    private record LoadedTable(Path warehouse, GeneratedDataSet loadedFrom) {
    }

    Benchmark(SparkSession spark, BenchmarkOptions options, Progress progress) {
        super(spark, options, progress);
    }

    @Override
    Results run() {
        List<KeyPattern> patterns = options.patterns();
        BenchmarkOptions.Processes processes = options.processes();
        boolean growth = options.growthSteps();
        // Generate (or find) every data set before measuring anything, so no step competes with generation.
        Map<KeyPattern, DataSetsOfPattern> data = new LinkedHashMap<>();
        for (KeyPattern pattern : patterns) {
            data.put(pattern, new DataSetsOfPattern(dataSets.ensure(options.main(pattern)),
                    growth ? dataSets.ensure(options.tenthOfTheChanges(pattern)) : null,
                    growth ? dataSets.ensure(options.tenthOfTheTable(pattern)) : null));
        }
        warmUp();
        DataSetsOfPattern first = data.get(patterns.get(0));
        LoadedTable table = fullLoad("full load, N rows", first.all());
        LoadedTable tenthTable = growth ? fullLoad("full load, N/10 rows", first.tenthOfTheTable()) : null;
        for (KeyPattern pattern : patterns) {
            String keys = pattern.name().toLowerCase(Locale.ROOT);
            DataSetsOfPattern sets = data.get(pattern);
            Measurement dmsDelta = processes.in() ? cdcRun("dms-delta, all F files in one run", keys, sets.all(), table)
                    : null;
            Measurement fresh = processes.fresh() ? freshCdcRun(keys, sets.all(), table) : null;
            // The baseline's ratio is to the in-process run: both in this warm JVM.
            Measurement baseline = processes.in() ? baseline(keys, sets.all(), table) : null;
            Measurement floor = floor(keys, sets.all(), table);
            if (processes.in()) {
                double scale = (double) options.files / options.baselineFileCount();
                ratios.add(new Ratio("per-file baseline / dms-delta", keys,
                        baseline.seconds() * scale / dmsDelta.seconds(), ">= 20",
                        String.format(Locale.ROOT, "baseline %.1f s on %d of %d files, x%.1f = %.1f s; dms-delta %.1f s",
                                baseline.seconds(), options.baselineFileCount(), options.files, scale,
                                baseline.seconds() * scale, dmsDelta.seconds())));
                ratios.add(new Ratio("dms-delta / I/O floor", keys, dmsDelta.seconds() / floor.seconds(), "<= 2",
                        String.format(Locale.ROOT, "%.1f s / %.1f s", dmsDelta.seconds(), floor.seconds())));
            }
            if (fresh != null) {
                ratios.add(new Ratio("fresh process / I/O floor", keys, fresh.seconds() / floor.seconds(), "-",
                        String.format(Locale.ROOT, "%.1f s, the process's whole life / %.1f s in the harness's warm JVM",
                                fresh.seconds(), floor.seconds())));
            }
            if (growth) {
                Measurement intoN = cdcRun("dms-delta, M/10 changes into N rows", keys, sets.tenthOfTheChanges(), table);
                Measurement intoTenth = cdcRun("dms-delta, M/10 changes into N/10 rows", keys, sets.tenthOfTheTable(),
                        tenthTable);
                ratios.add(new Ratio("M/10 changes: 10x the table", keys, intoN.seconds() / intoTenth.seconds(),
                        pattern == KeyPattern.RECENT ? "<= 2" : "-",
                        String.format(Locale.ROOT, "%.1f s into N rows / %.1f s into N/10 rows", intoN.seconds(),
                                intoTenth.seconds())));
                ratios.add(new Ratio("N rows: 10x the changes", keys, dmsDelta.seconds() / intoN.seconds(), "-",
                        String.format(Locale.ROOT, "%.1f s for M changes / %.1f s for M/10", dmsDelta.seconds(),
                                intoN.seconds())));
            }
        }
        Workspace.delete(workspace.root().resolve("runs"));
        return results();
    }

    /** A full load and a CDC run of a tiny data set in one dms-delta run, then its I/O floor; not reported. */
    private void warmUp() {
        progress.table("bench", "warming up (not measured)");
        GeneratedDataSet data = dataSets.ensure(options.warmUp());
        Path run = workspace.newRun("warm-up");
        Path warehouse = run.resolve("warehouse");
        Path source = workspace.source(run, data, allFiles(data, data));
        if (options.processes().fresh()) {
            // Once unmeasured: a build bin/dms-delta may start, and reading its jars from disk, are not timed.
            fresh().run("warm-up, fresh process", source, run.resolve("fresh-warehouse"), data.tables(),
                    data.endpointSettings(), run.resolve("report.json"));
        }
        CliRun.run("warm-up", source, warehouse, data, run.resolve("report.json"));
        ioFloor(data, warehouse, run.resolve("parquet"), new StringBuilder());
        Workspace.delete(run);
    }

    /** dms-delta run of the data set's LOAD files into an empty warehouse, kept as the steps' starting point. */
    private LoadedTable fullLoad(String step, GeneratedDataSet data) {
        return new LoadedTable(fullLoad(step, data, workspace.loadedTable("rows" + data.spec().rows())), data);
    }

    /** dms-delta run of all the data set's CDC files on a copy of the loaded table. */
    private Measurement cdcRun(String step, String keys, GeneratedDataSet data, LoadedTable table) {
        return onACopy("cdc", table, (run, warehouse) -> {
            Path source = workspace.source(run, data, allFiles(table.loadedFrom(), data));
            return meter.measure(step, keys, detail -> {
                CliRun.Figures figures = CliRun.run(step, source, warehouse, data, run.resolve("report.json"));
                detail.append(String.format(Locale.ROOT, "%,d CDC file(s); %,d inserted, %,d updated, %,d deleted",
                        data.spec().files(), figures.inserted(), figures.updated(), figures.deleted()));
                return figures.changeRows();
            });
        });
    }

    /** The same run as {@link #cdcRun}'s, of all F files, in a fresh process. */
    private Measurement freshCdcRun(String keys, GeneratedDataSet data, LoadedTable table) {
        String step = "fresh process, dms-delta, all F files in one run";
        return onACopy("cdc-fresh", table, (run, warehouse) -> {
            Path source = workspace.source(run, data, allFiles(table.loadedFrom(), data));
            FreshCliRun.Result result = fresh().run(step + " (" + keys + ")", source, warehouse, data.tables(),
                    data.endpointSettings(), run.resolve("report.json"));
            CliRun.Figures figures = CliRun.figures(result.report());
            return Measurement.ofFreshProcess(step, keys, figures.changeRows(), result.process(), String.format(Locale.ROOT,
                    "%,d CDC file(s); %,d inserted, %,d updated, %,d deleted; run %.1f s, table sync %.1f s by its"
                            + " report; phases (ms) %s; sync phases (ms) %s, %s Spark jobs", data.spec().files(),
                    figures.inserted(), figures.updated(), figures.deleted(), result.report().durationMs() / 1000.0,
                    result.table().durationMs() / 1000.0, result.table().phaseMs(), result.table().syncPhaseMs(),
                    result.table().sparkJobs()));
        });
    }

    private Measurement baseline(String keys, GeneratedDataSet data, LoadedTable table) {
        return onACopy("baseline", table, (run, warehouse) -> {
            PerFileBaseline baseline = new PerFileBaseline(spark, data);
            List<DmsFile> files = baseline.firstFiles(options.baselineFileCount());
            return meter.measure("per-file baseline, one MERGE per file", keys, detail -> {
                baseline.apply(files, data.definition().pathUnder(warehouse.toString()));
                detail.append(String.format(Locale.ROOT, "measured on the first %d of %d files; scaled to %d files",
                        files.size(), options.files, options.files));
                return data.changesInFirst(files.size());
            });
        });
    }

    private Measurement floor(String keys, GeneratedDataSet data, LoadedTable table) {
        // A copy, as in every other step: its Delta log is read afresh, not taken from an earlier step's cache.
        return onACopy("floor", table, (run, warehouse) -> meter.measure("I/O floor: CSV to Parquet + key join", keys,
                detail -> ioFloor(data, warehouse, run.resolve("parquet"), detail)));
    }

    /**
     * Runs a step on a fresh copy of the loaded table, so every step starts from the same state, in a run folder
     * of its own that is deleted afterwards; records the step's measurement.
     */
    private Measurement onACopy(String runName, LoadedTable table, BiFunction<Path, Path, Measurement> step) {
        Path run = workspace.newRun(runName);
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(table.warehouse(), warehouse);
        Measurement measurement = step.apply(run, warehouse);
        Workspace.delete(run);
        return record(measurement);
    }

    private long ioFloor(GeneratedDataSet data, Path warehouse, Path parquet, StringBuilder detail) {
        IoFloor.Figures figures = new IoFloor(spark).measure(data.cdcFiles(), data.definition(), parquet,
                data.definition().pathUnder(warehouse.toString()));
        detail.append(String.format(Locale.ROOT, "CSV to Parquet %.1f s, key join %.1f s (%,d rows)",
                figures.copySeconds(), figures.joinSeconds(), figures.joinedRows()));
        return data.spec().changes();
    }

    /** The LOAD files the table was loaded from, then the data set's CDC files. */
    private static List<Path> allFiles(GeneratedDataSet loadedFrom, GeneratedDataSet data) {
        return Stream.concat(loadedFrom.loadFiles().stream(), data.cdcFiles().stream()).toList();
    }
}
