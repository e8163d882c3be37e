package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.generate.WorkloadSpec;
import io.dmsdelta.pipeline.RunService;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.RunReport;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The regime of a real DMS task: many small tables, each getting one small CDC file per pass, run after run. In one
 * JVM: the full load of T tables; then, for each parallelism, P passes over all T tables, each applying the next
 * file of every table, and a pass with nothing pending; and the same over the first quarter of the tables. The
 * marginal cost of a table is the difference between the two pass times divided by the difference in tables, so
 * the fixed cost of a run (its start, listing the bucket folder) is left out. With fresh processes ({@code --process
 * fresh}) each pass is a process of its own, over all T tables, T/4 and one table; the marginal cost is then taken
 * between T/4 tables and one, the "50 small tables vs 1".
 */
final class ManyTablesBenchmark extends Workload {

    ManyTablesBenchmark(SparkSession spark, BenchmarkOptions options, Progress progress) {
        super(spark, options, progress);
    }

    /**
     * The means of a series' passes that applied a file: seconds as measured (in-process: around the call; in a
     * fresh process: the process's whole life), and the run's own duration by its report.
     */
    private record Passes(double seconds, double runSeconds) {
    }

    /** The tables of a series of passes, and the tables.json that defines them. */
    private record TableSet(List<GeneratedDataSet> tables, Path definitions) {

        int size() {
            return tables.size();
        }
    }

    @Override
    Benchmark.Results run() {
        List<GeneratedDataSet> tables = new ArrayList<>();
        for (int i = 1; i <= options.tableCount; i++) {
            tables.add(dataSets.ensure(spec(i)));
        }
        BenchmarkOptions.Processes processes = options.processes();
        TableSet all = tableSet(tables);
        TableSet quarter = tableSet(tables.subList(0, Math.max(1, tables.size() / 4)));
        // In fresh processes, a pass over one table gives the marginal cost over T/4 (the 50 tables vs 1);
        // with fewer than 8 tables T/4 is that one table, and the pass over T stands in for T/4.
        TableSet one = tableSet(tables.subList(0, 1));
        TableSet few = quarter.size() > 1 ? quarter : all;
        Path settings = tables.get(0).endpointSettings();

        warmUp(tables.get(0));
        Path loaded = workspace.loadedTable("many-tables-" + tables.size());
        Workspace.delete(loaded);
        Path loadRun = workspace.newRun("load");
        Path loadSource = linked(loadRun, tables, t -> t.loadFiles());
        record(meter.measure("full load of " + tables.size() + " tables", "-", detail -> CliRun.run("full load",
                loadSource, loaded, all.definitions(), settings, loadRun.resolve("report.json")).loadRows()));
        Workspace.delete(loadRun);

        for (int parallelism : options.parallelisms()) {
            String label = "parallelism " + parallelism;
            if (processes.in()) {
                double allSeconds = passes(all, settings, loaded, parallelism, false).seconds();
                double quarterSeconds = passes(quarter, settings, loaded, parallelism, false).seconds();
                double marginal = (allSeconds - quarterSeconds) / (all.size() - quarter.size());
                ratios.add(new Ratio("marginal seconds per table in a pass", label, marginal,
                        "<= 0.7", String.format(Locale.ROOT, "(%.1f s for %d tables - %.1f s for %d) / %d", allSeconds,
                        all.size(), quarterSeconds, quarter.size(), all.size() - quarter.size())));
                ratios.add(new Ratio("seconds per pass over " + all.size() + " tables", label, allSeconds,
                        "< 180 for 200", String.format(Locale.ROOT, "mean of %d passes, one %d-change file per table",
                        options.passes, options.fileChanges)));
            }
            if (processes.fresh()) {
                Passes overAll = passes(all, settings, loaded, parallelism, true);
                Passes overFew = few == all ? overAll : passes(few, settings, loaded, parallelism, true);
                Passes overOne = passes(one, settings, loaded, parallelism, true);
                ratios.add(new Ratio("fresh process: marginal seconds per table in a pass", label,
                        (overFew.seconds() - overOne.seconds()) / (few.size() - 1), "<= 0.3",
                        String.format(Locale.ROOT, "(%.1f s for %d tables - %.1f s for 1) / %d, whole processes; by the"
                                        + " runs' reports (%.1f s - %.1f s) / %d = %.2f s", overFew.seconds(), few.size(),
                                overOne.seconds(), few.size() - 1, overFew.runSeconds(), overOne.runSeconds(),
                                few.size() - 1, (overFew.runSeconds() - overOne.runSeconds()) / (few.size() - 1))));
                ratios.add(new Ratio("fresh process: seconds per pass over " + all.size() + " tables", label,
                        overAll.seconds(), parallelism == RunService.defaultParallelism() ? "<= 60 for 200" : "-",
                        String.format(Locale.ROOT, "mean of %d passes, each a whole process (its run %.1f s by its"
                                + " report), one %d-change file per table", options.passes, overAll.runSeconds(),
                                options.fileChanges)));
            }
        }
        Workspace.delete(workspace.root().resolve("runs"));
        return results();
    }

    private TableSet tableSet(List<GeneratedDataSet> tables) {
        Path definitions = workspace.root().resolve("many-tables-" + tables.size() + ".json");
        writeDefinitions(tables, definitions);
        return new TableSet(tables, definitions);
    }

    /**
     * On a copy of the loaded tables: {@link BenchmarkOptions#passes} passes over the set's tables, each adding every
     * table's next CDC file, then one with nothing pending; each pass in-process, or each a fresh process.
     *
     * @return the means of the passes that applied a file
     */
    private Passes passes(TableSet set, Path settings, Path loaded, int parallelism, boolean fresh) {
        Path run = workspace.newRun("passes");
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(loaded, warehouse);
        Path source = linked(run, set.tables(), GeneratedDataSet::loadFiles);
        String label = set.size() + " tables, parallelism " + parallelism;
        String[] parallel = {"--parallelism", Integer.toString(parallelism)};
        double seconds = 0;
        double runSeconds = 0;
        for (int pass = 0; pass < options.passes; pass++) {
            int file = pass;
            linked(run, set.tables(), t -> List.of(t.cdcFiles().get(file)));
            String step = (fresh ? "fresh process, " : "") + "pass " + (pass + 1) + ": one CDC file per table";
            RunReport[] report = new RunReport[1];
            Measurement m;
            if (fresh) {
                FreshCliRun.Result result = fresh().run(step + " (" + label + ")", source, warehouse, set.definitions(),
                        settings, run.resolve("report.json"), parallel);
                report[0] = result.report();
                m = Measurement.ofFreshProcess(step, label, CliRun.figures(report[0]).changeRows(), result.process(),
                        passDetail(report[0], set.size()) + String.format(Locale.ROOT, "; run %.1f s by its report",
                                report[0].durationMs() / 1000.0));
            } else {
                m = meter.measure(step, label, detail -> {
                    report[0] = CliRun.report("pass", source, warehouse, set.definitions(), settings,
                            run.resolve("report.json"), parallel);
                    detail.append(passDetail(report[0], set.size()));
                    return CliRun.figures(report[0]).changeRows();
                });
            }
            seconds += record(m).seconds();
            runSeconds += report[0].durationMs() / 1000.0;
        }
        String idle = (fresh ? "fresh process, " : "") + "pass with nothing pending";
        if (fresh) {
            FreshCliRun.Result result = fresh().run(idle + " (" + label + ")", source, warehouse, set.definitions(),
                    settings, run.resolve("report.json"), parallel);
            record(Measurement.ofFreshProcess(idle, label, 0, result.process(), String.format(Locale.ROOT,
                    "run %.1f s by its report", result.report().durationMs() / 1000.0)));
        } else {
            record(meter.measure(idle, label, detail -> {
                CliRun.run("idle pass", source, warehouse, set.definitions(), settings, run.resolve("report.json"),
                        parallel);
                return 0;
            }));
        }
        Workspace.delete(run);
        return new Passes(seconds / options.passes, runSeconds / options.passes);
    }

    /**
     * What a pass applied.
     *
     * @throws BenchmarkFailure when it did not apply a file to every table
     */
    private static String passDetail(RunReport report, int tables) {
        CliRun.Figures figures = CliRun.figures(report);
        if (figures.applied() != tables) {
            throw new BenchmarkFailure("a pass applied " + figures.applied() + " of " + tables + " tables");
        }
        return String.format(Locale.ROOT, "%d tables applied; %,d inserted, %,d updated, %,d deleted",
                figures.applied(), figures.inserted(), figures.updated(), figures.deleted());
    }

    /** Links each table's chosen files into the run's DMS bucket folder; returns the folder. */
    private Path linked(Path run, List<GeneratedDataSet> tables, java.util.function.Function<GeneratedDataSet, List<Path>> files) {
        Path source = null;
        for (GeneratedDataSet table : tables) {
            source = workspace.source(run, table, files.apply(table));
        }
        return source;
    }

    private void warmUp(GeneratedDataSet table) {
        progress.table("bench", "warming up (not measured)");
        Path run = workspace.newRun("warm-up");
        Path source = workspace.source(run, table, table.loadFiles());
        workspace.source(run, table, List.of(table.cdcFiles().get(0)));
        if (options.processes().fresh()) {
            // Once unmeasured: a build bin/dms-delta may start, and reading its jars from disk, are not timed.
            fresh().run("warm-up, fresh process", source, run.resolve("fresh-warehouse"), table.tables(),
                    table.endpointSettings(), run.resolve("report.json"));
        }
        CliRun.run("warm-up", source, run.resolve("warehouse"), table.tables(), table.endpointSettings(),
                run.resolve("report.json"));
        Workspace.delete(run);
    }

    private WorkloadSpec spec(int table) {
        return new WorkloadSpec(BenchmarkOptions.SCHEMA, String.format(Locale.ROOT, "t%03d", table), options.tableRows, 1,
                (long) options.fileChanges * options.passes, options.passes,
                io.dmsdelta.generate.OperationMix.parse(options.mix), options.repeat,
                io.dmsdelta.generate.KeyPattern.UNIFORM, options.seed + table,
                WorkloadSpec.parseStart(WorkloadSpec.DEFAULT_START));
    }

    /** One tables.json defining every table, from each data set's own. */
    private static void writeDefinitions(List<GeneratedDataSet> tables, Path file) {
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode root = json.createObjectNode();
            ArrayNode all = root.putArray("tables");
            for (GeneratedDataSet table : tables) {
                json.readTree(table.tables().toFile()).path("tables").forEach(all::add);
            }
            Files.writeString(file, json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
