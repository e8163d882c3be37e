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
 * dms-delta against {@link ReferenceModel} on random change streams. Each round puts many seeds into one
 * table (keys are (seed, id), so seeds cannot interact), interleaves their files in time, and delivers them
 * over several runs with random boundaries. Rounds alternate between DMS's default settings and a PostgreSQL
 * task's (operation column in LOAD files, a timestamp column, a sequence column), and in each round the column
 * the source gains and the before-image columns of a rule added later each start at a random file of the stream
 * (or before the full load, or never). {@code -Ddmsdelta.differential.seeds=N} runs more seeds (default 300),
 * {@code -Ddmsdelta.differential.seed=S} another master seed.
 */
class DifferentialTest {

    static final String TABLE = """
            {"tables": [{"schema": "diff", "table": "t", "primaryKey": ["seed", "id"], "beforeImagePrefix": "BI_", %s
              "columns": [{"name": "seed", "type": "int"}, {"name": "id", "type": "int"},
                          {"name": "v", "type": "string"}, {"name": "n", "type": "int"},
                          {"name": "d", "type": "decimal(10,2)"}, %s
                          {"name": "e", "type": "string", "addedLater": true}]}]}""";
    static final String POSTGRES_SETTINGS = "{\"IncludeOpForFullLoad\": true, \"TimestampColumnName\": \"ts\"}";
    static final int SEEDS_PER_ROUND = 150;
    static final DateTimeFormatter CDC_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");

    @TempDir
    Path dir;

    @Test
    void deltaTableEqualsTheReferenceModelForManySeeds() {
        int seeds = Integer.getInteger("dmsdelta.differential.seeds", 300);
        long master = Long.getLong("dmsdelta.differential.seed", 20261122L);
        for (int round = 0; round * SEEDS_PER_ROUND < seeds; round++) {
            int first = round * SEEDS_PER_ROUND;
            runRound(dir.resolve("round-" + round), master + round, round % 2 == 1, first,
                    Math.min(seeds, first + SEEDS_PER_ROUND));
        }
    }

    private void runRound(Path roundDir, long masterSeed, boolean postgres, int firstSeed, int endSeed) {
        ChangeStreamGenerator generator = new ChangeStreamGenerator(masterSeed);
        Random random = new Random(masterSeed);
        ReferenceModel model = new ReferenceModel();
        Pipeline p = new Pipeline(roundDir).withTables(postgres
                ? TABLE.formatted("\"sequenceColumn\": \"seq\",", "{\"name\": \"seq\", \"type\": \"decimal(38,0)\"},")
                : TABLE.formatted("", ""));
        if (postgres) {
            p.withSettings(POSTGRES_SETTINGS);
        }

        List<ReferenceModel.Row> loadRows = new ArrayList<>();
        List<List<ChangeStreamGenerator.CdcFile>> perSeed = new ArrayList<>();
        for (int seed = firstSeed; seed < endSeed; seed++) {
            loadRows.addAll(generator.loadRows(seed));
            perSeed.add(new ArrayList<>(generator.cdcFiles(seed)));
        }

        // Interleave the seeds' files in time, keeping each seed's own order; then deliver them in runs.
        List<ChangeStreamGenerator.CdcFile> timeline = new ArrayList<>();
        List<List<ChangeStreamGenerator.CdcFile>> remaining = new ArrayList<>(perSeed);
        while (!remaining.isEmpty()) {
            int pick = random.nextInt(remaining.size());
            timeline.add(remaining.get(pick).remove(0));
            if (remaining.get(pick).isEmpty()) {
                remaining.remove(pick);
            }
        }
        // Where the groups start: 0 is before the full load, past the end is never.
        int addedFrom = random.nextInt(timeline.size() + 2);
        int imagesFrom = random.nextInt(timeline.size() + 2);
        String round = "master seed " + masterSeed + " (seeds " + firstSeed + ".." + (endSeed - 1) + ", "
                + (postgres ? "PostgreSQL" : "default") + " settings, column added from file " + addedFrom
                + ", before-images from file " + imagesFrom + " of " + timeline.size() + ")";

        LocalDateTime time = LocalDateTime.of(2024, 6, 12, 10, 0);
        FileShape loadShape = new FileShape(postgres, addedFrom == 0, imagesFrom == 0);
        List<String> load = new ArrayList<>();
        for (ReferenceModel.Row row : loadRows) {
            FileShape.Written written = loadShape.load(row, time);
            model.load(written.row());
            load.add(written.line());
        }
        p.file("diff/t/LOAD00000001.csv", load.toArray(String[]::new));

        long sequence = 0;
        int delivered = 0;
        while (delivered < timeline.size()) {
            int batch = 1 + random.nextInt(Math.max(1, timeline.size() / 3));
            for (int i = delivered; i < Math.min(timeline.size(), delivered + batch); i++) {
                FileShape shape = new FileShape(postgres, i + 1 >= addedFrom, i + 1 >= imagesFrom);
                time = time.plusNanos((1 + random.nextInt(5000)) * 1_000_000L);
                List<String> lines = new ArrayList<>();
                for (ChangeStreamGenerator.Change change : timeline.get(i).changes()) {
                    FileShape.Written written = shape.cdc(change, time, ++sequence);
                    lines.add(written.line());
                    model.apply(written.op(), written.row(), written.movedFrom());
                }
                p.file("diff/t/" + CDC_NAME.format(time) + ".csv", lines.toArray(String[]::new));
            }
            delivered += batch;
            Pipeline.Result result = p.run();
            assertEquals(0, result.exitCode(), round + "\n" + result.all());
        }
        assertEquals(model.formatted(postgres), p.rows("diff", "t"), round);
    }
}
