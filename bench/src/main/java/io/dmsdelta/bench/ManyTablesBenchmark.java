package io.dmsdelta.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.generate.WorkloadSpec;
import io.dmsdelta.report.Progress;
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
 * the fixed cost of a run (its start, listing the bucket folder) is left out.
 */
final class ManyTablesBenchmark extends Workload {

    ManyTablesBenchmark(SparkSession spark, BenchmarkOptions options, Progress progress) {
        super(spark, options, progress);
    }

    @Override
    Benchmark.Results run() {
        List<GeneratedDataSet> tables = new ArrayList<>();
        for (int i = 1; i <= options.tableCount; i++) {
            tables.add(dataSets.ensure(spec(i)));
        }
        List<GeneratedDataSet> quarter = tables.subList(0, Math.max(1, tables.size() / 4));
        Path definitions = workspace.root().resolve("many-tables-" + tables.size() + ".json");
        Path quarterDefinitions = workspace.root().resolve("many-tables-" + quarter.size() + ".json");
        writeDefinitions(tables, definitions);
        writeDefinitions(quarter, quarterDefinitions);
        Path settings = tables.get(0).endpointSettings();

        warmUp(tables.get(0));
        Path loaded = workspace.loadedTable("many-tables-" + tables.size());
        Workspace.delete(loaded);
        Path loadRun = workspace.newRun("load");
        Path loadSource = linked(loadRun, tables, t -> t.loadFiles());
        record(meter.measure("full load of " + tables.size() + " tables", "-", detail -> CliRun.run("full load",
                loadSource, loaded, definitions, settings, loadRun.resolve("report.json")).loadRows()));
        Workspace.delete(loadRun);

        for (int parallelism : options.parallelisms()) {
            double all = passes(tables, definitions, settings, loaded, parallelism);
            double few = passes(quarter, quarterDefinitions, settings, loaded, parallelism);
            double marginal = (all - few) / (tables.size() - quarter.size());
            ratios.add(new Ratio("marginal seconds per table in a pass", "parallelism " + parallelism, marginal,
                    "<= 0.7", String.format(Locale.ROOT, "(%.1f s for %d tables - %.1f s for %d) / %d", all,
                    tables.size(), few, quarter.size(), tables.size() - quarter.size())));
            ratios.add(new Ratio("seconds per pass over " + tables.size() + " tables", "parallelism " + parallelism, all,
                    "< 180 for 200", String.format(Locale.ROOT, "mean of %d passes, one %d-change file per table",
                    options.passes, options.fileChanges)));
        }
        Workspace.delete(workspace.root().resolve("runs"));
        return results();
    }

    /**
     * On a copy of the loaded tables: {@link BenchmarkOptions#passes} passes over {@code tables}, each adding every
     * table's next CDC file, then one with nothing pending.
     *
     * @return the mean seconds of the passes that applied a file
     */
    private double passes(List<GeneratedDataSet> tables, Path definitions, Path settings, Path loaded, int parallelism) {
        Path run = workspace.newRun("passes");
        Path warehouse = run.resolve("warehouse");
        workspace.copyWarehouse(loaded, warehouse);
        Path source = linked(run, tables, GeneratedDataSet::loadFiles);
        double total = 0;
        String label = tables.size() + " tables, parallelism " + parallelism;
        for (int pass = 0; pass < options.passes; pass++) {
            int file = pass;
            linked(run, tables, t -> List.of(t.cdcFiles().get(file)));
            Measurement m = record(meter.measure("pass " + (pass + 1) + ": one CDC file per table", label, detail -> {
                CliRun.Figures figures = CliRun.run("pass", source, warehouse, definitions, settings,
                        run.resolve("report.json"), "--parallelism", Integer.toString(parallelism));
                detail.append(String.format(Locale.ROOT, "%d tables applied; %,d inserted, %,d updated, %,d deleted",
                        figures.applied(), figures.inserted(), figures.updated(), figures.deleted()));
                if (figures.applied() != tables.size()) {
                    throw new BenchmarkFailure("a pass applied " + figures.applied() + " of " + tables.size() + " tables");
                }
                return figures.changeRows();
            }));
            total += m.seconds();
        }
        record(meter.measure("pass with nothing pending", label, detail -> {
            CliRun.run("idle pass", source, warehouse, definitions, settings, run.resolve("report.json"),
                    "--parallelism", Integer.toString(parallelism));
            return 0;
        }));
        Workspace.delete(run);
        return total / options.passes;
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
