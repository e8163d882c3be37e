package io.dmsdelta.differential;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * dms-delta against {@link ReferenceModel} on random change streams. Each round spreads many seeds over three
 * tables synced in parallel (keys are (seed, id), so seeds cannot interact), two applied with deletion vectors and
 * one with Delta's MERGE, interleaves each table's files in time, and delivers them over several runs with random
 * boundaries (so the deletion-vector tables also go through the rewrite of their small files). Rounds alternate between DMS's default settings and a PostgreSQL
 * task's (operation column in LOAD files, a timestamp column, a sequence column), and in each round the column
 * the source gains and the before-image columns of a rule added later each start at a random file of the stream
 * (or before the full load, or never). After a run, a table is now and then rewound to the version of an earlier
 * run ({@code dms-delta rewind}); half the time one of the files that version had not applied is then removed from
 * the source, and the model replays the files after that version without it, as the next run must.
 * Rounds also alternate where a deletion-vector batch's matched rows are counted and marked (driver or executors).
 * {@code -Ddmsdelta.differential.seeds=N} runs more seeds (default 300), {@code -Ddmsdelta.differential.seed=S}
 * another master seed.
 */
class DifferentialTest {

    /** A table of the round: {@code diff.t<i>}, its definition's text and the seeds whose keys it holds. */
    static final String TABLE = """
            {"schema": "diff", "table": "t%d", "primaryKey": ["seed", "id"], "beforeImagePrefix": "BI_", %s %s
              "columns": [{"name": "seed", "type": "int"}, {"name": "id", "type": "int"},
                          {"name": "v", "type": "string"}, {"name": "n", "type": "int"},
                          {"name": "d", "type": "decimal(10,2)"}, %s
                          {"name": "e", "type": "string", "addedLater": true}]}""";
    static final String POSTGRES_SETTINGS = "{\"IncludeOpForFullLoad\": true, \"TimestampColumnName\": \"ts\"}";
    static final int SEEDS_PER_ROUND = 150;
    /** Tables per round, synced in parallel: each holds every third seed. */
    static final int TABLES = 3;
    static final DateTimeFormatter CDC_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");

    @TempDir
    Path dir;

    @Test
    void deltaTablesEqualTheReferenceModelForManySeeds() {
        int seeds = Integer.getInteger("dmsdelta.differential.seeds", 300);
        long master = Long.getLong("dmsdelta.differential.seed", 20261122L);
        // Small files are rewritten after every second batch, not the tenth: the rewrite is exercised in every round.
        io.dmsdelta.testing.TestSpark.withContextSetting(io.dmsdelta.config.DmsDeltaSettings.MAX_SMALL_FILES, "2", () -> {
            for (int round = 0; round * SEEDS_PER_ROUND < seeds; round++) {
                int first = round * SEEDS_PER_ROUND;
                int r = round;
                // A batch's matched rows are counted and marked in the driver, or, in every third round from the
                // second, on the executors as a backlog's are: each way meets both settings over four rounds.
                io.dmsdelta.testing.TestSpark.withContextSetting(io.dmsdelta.config.DmsDeltaSettings.DRIVER_BATCH_KEYS,
                        round % 3 == 1 ? "0" : "100000", () -> runRound(dir.resolve("round-" + r), master + r,
                                r % 2 == 1, first, Math.min(seeds, first + SEEDS_PER_ROUND)));
            }
        });
    }

    /** Of a table, one in this many runs is followed by a rewind. */
    static final int REWIND_ONE_IN = 5;

    /** A file written to the source: where, and what its changes are to the model. */
    private record Delivered(Path path, List<FileShape.Written> changes) {
    }

    /** A table as a run left it: its Delta version, how many of {@link Stream#files} it had applied, and its model. */
    private record RunEnd(long version, int delivered, ReferenceModel model) {
    }

    /** One table's stream: its model, its files in time, and where its trailing column groups start. */
    private static final class Stream {
        ReferenceModel model = new ReferenceModel();
        final List<ChangeStreamGenerator.CdcFile> timeline = new ArrayList<>();
        final List<Delivered> files = new ArrayList<>();
        final List<RunEnd> runEnds = new ArrayList<>();
        int rewinds;
        int removed;
        final List<ReferenceModel.Row> loadRows = new ArrayList<>();
        int addedFrom;
        int imagesFrom;
        int delivered;
        LocalDateTime time = LocalDateTime.of(2024, 6, 12, 10, 0);
        long sequence;
    }

    private void runRound(Path roundDir, long masterSeed, boolean postgres, int firstSeed, int endSeed) {
        ChangeStreamGenerator generator = new ChangeStreamGenerator(masterSeed);
        Random random = new Random(masterSeed);
        List<String> definitions = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            // The last table is applied with Delta's MERGE, the others with deletion vectors.
            String merge = t == TABLES - 1 ? "\"deletionVectors\": false," : "";
            definitions.add(postgres
                    ? TABLE.formatted(t, merge, "\"sequenceColumn\": \"seq\",", "{\"name\": \"seq\", \"type\": \"decimal(38,0)\"},")
                    : TABLE.formatted(t, merge, "", ""));
        }
        Pipeline p = new Pipeline(roundDir).withTables("{\"tables\": [" + String.join(", ", definitions) + "]}");
        if (postgres) {
            p.withSettings(POSTGRES_SETTINGS);
        }

        List<Stream> streams = new ArrayList<>();
        List<List<List<ChangeStreamGenerator.CdcFile>>> perSeed = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            streams.add(new Stream());
            perSeed.add(new ArrayList<>());
        }
        for (int seed = firstSeed; seed < endSeed; seed++) {
            streams.get(seed % TABLES).loadRows.addAll(generator.loadRows(seed));
            perSeed.get(seed % TABLES).add(new ArrayList<>(generator.cdcFiles(seed)));
        }
        StringBuilder shapes = new StringBuilder();
        for (int t = 0; t < TABLES; t++) {
            Stream stream = streams.get(t);
            // Interleave the seeds' files in time, keeping each seed's own order.
            List<List<ChangeStreamGenerator.CdcFile>> remaining = perSeed.get(t);
            while (!remaining.isEmpty()) {
                int pick = random.nextInt(remaining.size());
                stream.timeline.add(remaining.get(pick).remove(0));
                if (remaining.get(pick).isEmpty()) {
                    remaining.remove(pick);
                }
            }
            // Where the groups start: 0 is before the full load, past the end is never.
            stream.addedFrom = random.nextInt(stream.timeline.size() + 2);
            stream.imagesFrom = random.nextInt(stream.timeline.size() + 2);
            shapes.append(" t").append(t).append(": column added from file ").append(stream.addedFrom)
                    .append(", before-images from file ").append(stream.imagesFrom).append(" of ").append(stream.timeline.size());
            FileShape loadShape = new FileShape(postgres, stream.addedFrom == 0, stream.imagesFrom == 0);
            List<String> load = new ArrayList<>();
            for (ReferenceModel.Row row : stream.loadRows) {
                FileShape.Written written = loadShape.load(row, stream.time);
                stream.model.load(written.row());
                load.add(written.line());
            }
            p.file("diff/t" + t + "/LOAD00000001.csv", load.toArray(String[]::new));
        }
        String round = "master seed " + masterSeed + " (seeds " + firstSeed + ".." + (endSeed - 1) + ", "
                + (postgres ? "PostgreSQL" : "default") + " settings;" + shapes + ")";

        // Deliver each table's files in runs with random boundaries; every run covers all tables, in parallel.
        while (streams.stream().anyMatch(s -> s.delivered < s.timeline.size())) {
            for (int t = 0; t < TABLES; t++) {
                deliver(p, t, streams.get(t), postgres, random);
            }
            Pipeline.Result result = p.run("--parallelism", Integer.toString(TABLES));
            assertEquals(0, result.exitCode(), round + "\n" + result.all());
            for (int t = 0; t < TABLES; t++) {
                Stream stream = streams.get(t);
                stream.runEnds.add(new RunEnd(p.version("diff", "t" + t), stream.files.size(), stream.model.copy()));
                if (random.nextInt(REWIND_ONE_IN) == 0) {
                    rewind(p, t, stream, random, round);
                }
            }
        }
        // A last run applies again what a rewind after the last delivery undid (and changes nothing otherwise).
        Pipeline.Result last = p.run("--parallelism", Integer.toString(TABLES));
        assertEquals(0, last.exitCode(), round + "\n" + last.all());
        for (int t = 0; t < TABLES; t++) {
            Stream stream = streams.get(t);
            assertEquals(stream.model.formatted(postgres), p.rows("diff", "t" + t), "table t" + t + " ("
                    + stream.rewinds + " rewinds, " + stream.removed + " files removed), " + round);
        }
    }

    /**
     * Rewinds the table to the version an earlier run left, and half the time removes one of the files that version
     * had not applied; the model becomes that run's, with the files after it that remain replayed on top, which is
     * what the next run must make of the table.
     */
    private static void rewind(Pipeline p, int table, Stream stream, Random random, String round) {
        long now = stream.runEnds.get(stream.runEnds.size() - 1).version();
        List<RunEnd> earlier = stream.runEnds.stream().filter(end -> end.version() < now).toList();
        if (earlier.isEmpty()) {
            return;
        }
        RunEnd to = earlier.get(random.nextInt(earlier.size()));
        Pipeline.Result rewound = p.rewind("diff.t" + table, to.version());
        assertEquals(0, rewound.exitCode(), "rewind of t" + table + " to version " + to.version() + ", " + round
                + "\n" + rewound.all());
        stream.rewinds++;
        List<Delivered> undone = stream.files.subList(to.delivered(), stream.files.size());
        if (!undone.isEmpty() && random.nextBoolean()) {
            Delivered gone = undone.remove(random.nextInt(undone.size()));
            try {
                java.nio.file.Files.delete(gone.path());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            stream.removed++;
        }
        stream.model = to.model().copy();
        for (Delivered file : undone) {
            file.changes().forEach(c -> stream.model.apply(c.op(), c.row(), c.movedFrom()));
        }
        stream.runEnds.removeIf(end -> end.version() > to.version());
    }

    /** Writes the table's next few files, as DMS would at their place in the stream, and applies them to its model. */
    private static void deliver(Pipeline p, int table, Stream stream, boolean postgres, Random random) {
        int batch = random.nextInt(Math.max(1, stream.timeline.size() / 3) + 1);
        int end = Math.min(stream.timeline.size(), stream.delivered + batch);
        for (int i = stream.delivered; i < end; i++) {
            FileShape shape = new FileShape(postgres, i + 1 >= stream.addedFrom, i + 1 >= stream.imagesFrom);
            stream.time = stream.time.plusNanos((1 + random.nextInt(5000)) * 1_000_000L);
            List<String> lines = new ArrayList<>();
            List<FileShape.Written> changes = new ArrayList<>();
            for (ChangeStreamGenerator.Change change : stream.timeline.get(i).changes()) {
                FileShape.Written written = shape.cdc(change, stream.time, ++stream.sequence);
                lines.add(written.line());
                changes.add(written);
                stream.model.apply(written.op(), written.row(), written.movedFrom());
            }
            stream.files.add(new Delivered(p.file("diff/t" + table + "/" + CDC_NAME.format(stream.time) + ".csv",
                    lines.toArray(String[]::new)), changes));
        }
        stream.delivered = end;
    }
}
