package io.dmsdelta.bench;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.generate.KeyPattern;
import io.dmsdelta.generate.OperationMix;
import io.dmsdelta.generate.WorkloadSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The harness's options, and the data sets they call for. */
final class BenchmarkOptions {

    /** Which key patterns to measure. */
    enum Keys {
        UNIFORM, RECENT, BOTH;

        List<KeyPattern> patterns() {
            return this == BOTH ? List.of(KeyPattern.UNIFORM, KeyPattern.RECENT) : List.of(KeyPattern.valueOf(name()));
        }
    }

    /** What to measure. */
    enum Workload {
        /** One table, a backlog of F files applied in one run (W1 with its sizes). */
        BACKLOG,
        /** Many small tables, one small file each, pass after pass. */
        MANY_TABLES,
        /** One table of N rows (and one of N/10), K runs of one M-change file each. */
        MINUTE_FILES
    }

    /** A table format measured beside dms-delta on the same rows and files (minute-files). */
    enum Peer {
        /** Apache Iceberg's merge-on-read MERGE ({@link IcebergPeer}). */
        ICEBERG
    }

    static final String SCHEMA = "bench";
    static final String TABLE = "orders";

    @Option(names = "--minute-changes", defaultValue = "1000", paramLabel = "M",
            description = "minute-files: changes in each run's file (default: ${DEFAULT-VALUE}).")
    int minuteChanges;

    @Option(names = "--minute-runs", defaultValue = "5", paramLabel = "K",
            description = "minute-files: runs, one file each (default: ${DEFAULT-VALUE}).")
    int minuteRuns;

    @Option(names = "--deletion-vectors", defaultValue = "both", paramLabel = "on|off|both",
            description = "minute-files: measure with deletion vectors (dms-delta's targeted apply), without (Delta's"
                    + " MERGE), or both (default: ${DEFAULT-VALUE}).")
    String deletionVectors;

    @Option(names = "--source", defaultValue = "dms", paramLabel = "dms|debezium|wal2json|dynamodb|both,...",
            description = "minute-files: apply each run's changes as a DMS CSV file, and/or as one file of an"
                    + " at-least-once source (debezium: Debezium events; wal2json: a wal2json stream's chunk; dynamodb: a batch of DynamoDB"
                    + " stream records) to a"
                    + " table made from its snapshot (sequence guard and tombstones), with the ratio to DMS;"
                    + " comma-separated, both = dms,debezium (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--peers", defaultValue = "none", paramLabel = "none|iceberg",
            description = "minute-files: also measure a peer on the same N rows and DMS files: iceberg = Apache"
                    + " Iceberg's merge-on-read MERGE, in the harness's JVM and/or in a fresh process per file as"
                    + " --process measures dms-delta's runs, with the ratios of dms-delta's times to it, each way"
                    + " (default: ${DEFAULT-VALUE}).")
    String peers;

    @Option(names = "--workload", defaultValue = "backlog", paramLabel = "backlog|many-tables|minute-files",
            converter = WorkloadConverter.class,
            description = "backlog (default): one table, F files in one run, against the per-file baseline and the I/O"
                    + " floor. many-tables: --tables small tables, one --file-changes file each per pass, --passes passes"
                    + " at each --parallelism, and the marginal cost of a table. minute-files: a table of --rows rows and"
                    + " one of N/10, --minute-runs runs of one --minute-changes file each, per --deletion-vectors choice,"
                    + " against a floor.")
    Workload workload;

    @Option(names = "--process", defaultValue = "both", paramLabel = "in|fresh|both",
            description = "How dms-delta's measured runs are made: in (in-process: in the harness's warm JVM, through"
                    + " DmsDeltaMain.execute), fresh (each run a fresh JVM started by bin/dms-delta, as a user runs it:"
                    + " JVM and Spark start, class loading and cold code included; backlog: the run of all F files;"
                    + " many-tables: the passes over T, T/4 and 1 table; minute-files: each file's run on N rows and"
                    + " the idle run after it, and --peers' runs the same way), or both (in,fresh) (default:"
                    + " ${DEFAULT-VALUE}).")
    String process;

    @Option(names = "--tables", defaultValue = "200", paramLabel = "T",
            description = "many-tables: how many tables (default: ${DEFAULT-VALUE}).")
    int tableCount;

    @Option(names = "--table-rows", defaultValue = "10000", paramLabel = "R",
            description = "many-tables: rows of each table (default: ${DEFAULT-VALUE}).")
    long tableRows;

    @Option(names = "--file-changes", defaultValue = "100", paramLabel = "C",
            description = "many-tables: changes in each table's file of a pass (default: ${DEFAULT-VALUE}).")
    int fileChanges;

    @Option(names = "--passes", defaultValue = "2", paramLabel = "P",
            description = "many-tables: passes that apply a file, per parallelism (default: ${DEFAULT-VALUE}).")
    int passes;

    @Option(names = "--parallelism", defaultValue = "1,default", paramLabel = "LIST",
            description = "many-tables: the --parallelism values to measure, comma-separated; \"default\" is dms-delta's"
                    + " default for this machine (default: ${DEFAULT-VALUE}).")
    String parallelism;

    @Option(names = "--rows", defaultValue = "200000", paramLabel = "N",
            description = "Rows of the table (default: ${DEFAULT-VALUE}; workload W1: 10000000).")
    long rows;

    @Option(names = "--changes", defaultValue = "20000", paramLabel = "M",
            description = "Changes applied in one run (default: ${DEFAULT-VALUE}; W1: 1000000).")
    long changes;

    @Option(names = "--files", defaultValue = "10", paramLabel = "F",
            description = "CDC files the changes are spread over (default: ${DEFAULT-VALUE}; W1: 100).")
    int files;

    @Option(names = "--mix", defaultValue = "50:30:20", paramLabel = "U:I:D",
            description = "Percent of updates, inserts and deletes (default: ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--repeat", defaultValue = "5", paramLabel = "PERCENT",
            description = "Percent of changed keys changed more than once (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--keys", defaultValue = "both", paramLabel = "uniform|recent|both",
            description = "Key patterns to measure, each on its own changes (default: ${DEFAULT-VALUE}).")
    Keys keys;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--baseline-files", defaultValue = "10", paramLabel = "B",
            description = "CDC files the per-file baseline applies; its time is scaled to all F files"
                    + " (default: ${DEFAULT-VALUE}).")
    int baselineFiles;

    @Option(names = "--shuffle-partitions", defaultValue = "8", paramLabel = "P",
            description = "spark.sql.shuffle.partitions for every step (default: ${DEFAULT-VALUE}).")
    int shufflePartitions;

    @Option(names = "--work", defaultValue = "/tmp/dms-delta-bench", paramLabel = "<dir>",
            description = "Work folder: generated data sets are kept in <dir>/data and reused when the options"
                    + " match; tables and step folders are rebuilt (default: ${DEFAULT-VALUE}).")
    Path work;

    @Option(names = "--skip-growth", description = "Skip the growth steps (and their two extra data sets).")
    boolean skipGrowth;

    @Option(names = "--output", paramLabel = "<file.md>",
            description = "Also append the results as Markdown to this file (e.g. docs/benchmarks.md).")
    Path output;

    static final class WorkloadConverter implements picocli.CommandLine.ITypeConverter<Workload> {
        @Override
        public Workload convert(String value) {
            return Workload.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** With and/or without deletion vectors, as {@code --deletion-vectors} says. */
    List<Boolean> deletionVectorChoices() {
        return switch (deletionVectors.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> List.of(true);
            case "off" -> List.of(false);
            case "both" -> List.of(true, false);
            default -> throw new ConfigException("--deletion-vectors is '" + deletionVectors + "'; give on, off or both.");
        };
    }

    /** What {@code --source} asks to measure: DMS files, and the at-least-once formats, in the order given. */
    record Sources(boolean dms, List<EventFormat> events) {
    }

    Sources sources() {
        boolean dms = false;
        List<EventFormat> events = new java.util.ArrayList<>();
        for (String name : source.toLowerCase(Locale.ROOT).split(",")) {
            switch (name.trim()) {
                case "dms" -> dms = true;
                case "both" -> {
                    dms = true;
                    events.add(EventFormat.DEBEZIUM);
                }
                default -> events.add(java.util.Arrays.stream(EventFormat.values())
                        .filter(f -> f.configName().equals(name.trim())).findFirst()
                        .orElseThrow(() -> new ConfigException("--source is '" + source + "'; give dms, debezium,"
                                + " wal2json, dynamodb or both (dms,debezium), comma-separated.")));
            }
        }
        return new Sources(dms, events.stream().distinct().toList());
    }

    /** The peers {@code --peers} names: none, or Iceberg. */
    List<Peer> peers() {
        return switch (peers.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> List.of();
            case "iceberg" -> List.of(Peer.ICEBERG);
            default -> throw new ConfigException("--peers is '" + peers + "'; give none or iceberg.");
        };
    }

    /** What {@code --process} asks to measure: dms-delta's runs in-process, and/or each in a fresh process. */
    record Processes(boolean in, boolean fresh) {
    }

    Processes processes() {
        boolean in = false;
        boolean fresh = false;
        for (String name : process.toLowerCase(Locale.ROOT).split(",")) {
            switch (name.trim()) {
                case "in" -> in = true;
                case "fresh" -> fresh = true;
                case "both" -> {
                    in = true;
                    fresh = true;
                }
                default -> throw new ConfigException("--process is '" + process + "'; give in, fresh or both"
                        + " (in,fresh).");
            }
        }
        return new Processes(in, fresh);
    }

    /** The backlog's growth steps: in-process runs, unless skipped or not measured in-process at all. */
    boolean growthSteps() {
        return !skipGrowth && processes().in();
    }

    /** The parallelisms to measure, "default" resolved. */
    List<Integer> parallelisms() {
        List<Integer> values = new java.util.ArrayList<>();
        for (String value : parallelism.split(",")) {
            String v = value.trim();
            try {
                values.add(v.equalsIgnoreCase("default") ? io.dmsdelta.pipeline.RunService.defaultParallelism()
                        : Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new ConfigException("--parallelism is '" + parallelism + "'; give whole numbers or \"default\","
                        + " comma-separated.");
            }
        }
        return values;
    }

    /** @throws ConfigException naming the option that makes no benchmark */
    void validate() {
        processes();
        if (workload == Workload.MINUTE_FILES) {
            if (rows < 100 || minuteChanges < 1 || minuteRuns < 1) {
                throw new ConfigException("minute-files needs --rows at least 100 (N/10 is measured too), and"
                        + " --minute-changes and --minute-runs at least 1.");
            }
            deletionVectorChoices();
            boolean dms = sources().dms();
            if (!peers().isEmpty() && !dms) {
                throw new ConfigException("--peers applies the DMS files beside dms-delta's runs of them: give --source"
                        + " with dms (the default), or leave --peers out.");
            }
        } else if (!peers().isEmpty()) {
            throw new ConfigException("--peers is measured in the minute-files workload only: add --workload"
                    + " minute-files, or leave --peers out.");
        }
        if (workload == Workload.MANY_TABLES) {
            if (tableCount < 2 || tableRows < 10 || fileChanges < 1 || passes < 1) {
                throw new ConfigException("many-tables needs --tables at least 2, --table-rows at least 10, and"
                        + " --file-changes and --passes at least 1.");
            }
            if (parallelisms().stream().anyMatch(p -> p < 1)) {
                throw new ConfigException("--parallelism values must be at least 1.");
            }
        }
        if (rows < 10 || changes < 10 || files < 1) {
            throw new ConfigException("--rows and --changes must be at least 10 and --files at least 1: the growth"
                    + " steps use a tenth of each.");
        }
        if (baselineFiles < 1 || shufflePartitions < 1) {
            throw new ConfigException("--baseline-files and --shuffle-partitions must be at least 1.");
        }
        main(KeyPattern.UNIFORM); // checks the generator's options (mix, repeat)
    }

    List<KeyPattern> patterns() {
        return keys.patterns();
    }

    /** The run's changes: N rows, M changes in F files. */
    WorkloadSpec main(KeyPattern pattern) {
        return spec(rows, changes, files, pattern);
    }

    /** A tenth of the changes (in a tenth of the files) into the same N rows. */
    WorkloadSpec tenthOfTheChanges(KeyPattern pattern) {
        return spec(rows, changes / 10, Math.max(1, files / 10), pattern);
    }

    /** The same tenth of the changes into a table a tenth the size. */
    WorkloadSpec tenthOfTheTable(KeyPattern pattern) {
        return spec(rows / 10, changes / 10, Math.max(1, files / 10), pattern);
    }

    /** A small data set run once before measuring, so class loading and JIT compilation are not timed. */
    WorkloadSpec warmUp() {
        return spec(2_000, 200, 2, KeyPattern.UNIFORM);
    }

    /** Files the baseline applies: no more than there are. */
    int baselineFileCount() {
        return Math.min(baselineFiles, files);
    }

    private WorkloadSpec spec(long rows, long changes, int files, KeyPattern pattern) {
        return new WorkloadSpec(SCHEMA, TABLE, rows, WorkloadSpec.defaultLoadFiles(rows), changes, files,
                OperationMix.parse(mix), repeat, pattern, seed, WorkloadSpec.parseStart(WorkloadSpec.DEFAULT_START));
    }

    /** The options as given or defaulted, for the results. */
    Map<String, String> describe() {
        Map<String, String> options = new LinkedHashMap<>();
        if (workload == Workload.MINUTE_FILES) {
            options.put("workload", "minute-files");
            options.put("rows", String.format(Locale.ROOT, "%,d and %,d", rows, rows / 10));
            options.put("changes per file", Integer.toString(minuteChanges));
            options.put("runs", Integer.toString(minuteRuns));
            options.put("mix U:I:D", mix);
            options.put("repeat", repeat + " %");
            options.put("keys", keys.name().toLowerCase(Locale.ROOT));
            options.put("deletion vectors", deletionVectors);
            options.put("source", source);
            options.put("peers", peers);
            options.put("process", process);
            options.put("seed", Long.toString(seed));
            return options;
        }
        if (workload == Workload.MANY_TABLES) {
            options.put("workload", "many-tables");
            options.put("tables", Integer.toString(tableCount));
            options.put("rows per table", String.format(Locale.ROOT, "%,d", tableRows));
            options.put("changes per file", Integer.toString(fileChanges));
            options.put("passes", Integer.toString(passes));
            options.put("parallelism", parallelisms().toString());
            options.put("mix U:I:D", mix);
            options.put("seed", Long.toString(seed));
            options.put("process", process);
            return options;
        }
        options.put("rows", String.format(Locale.ROOT, "%,d", rows));
        options.put("changes", String.format(Locale.ROOT, "%,d", changes));
        options.put("files", Integer.toString(files));
        options.put("mix U:I:D", mix);
        options.put("repeat", repeat + " %");
        options.put("keys", keys.name().toLowerCase(Locale.ROOT));
        options.put("seed", Long.toString(seed));
        options.put("baseline files", baselineFileCount() + " of " + files);
        options.put("growth steps", growthSteps() ? "yes" : "skipped");
        options.put("process", process);
        return options;
    }
}
