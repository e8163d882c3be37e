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
 * over several runs with random boundaries. {@code -Ddmsdelta.differential.seeds=N} runs more seeds
 * (default 300), {@code -Ddmsdelta.differential.seed=S} another master seed.
 */
class DifferentialTest {

    static final String TABLE = """
            {"tables": [{"schema": "diff", "table": "t", "primaryKey": ["seed", "id"],
              "columns": [{"name": "seed", "type": "int"}, {"name": "id", "type": "int"},
                          {"name": "v", "type": "string"}, {"name": "n", "type": "int"},
                          {"name": "d", "type": "decimal(10,2)"}]}]}""";
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
            runRound(dir.resolve("round-" + round), master + round, first, Math.min(seeds, first + SEEDS_PER_ROUND));
        }
    }

    private void runRound(Path roundDir, long masterSeed, int firstSeed, int endSeed) {
        ChangeStreamGenerator generator = new ChangeStreamGenerator(masterSeed);
        Random random = new Random(masterSeed);
        ReferenceModel model = new ReferenceModel();
        Pipeline p = new Pipeline(roundDir).withTables(TABLE);

        List<String> load = new ArrayList<>();
        List<List<ChangeStreamGenerator.CdcFile>> perSeed = new ArrayList<>();
        for (int seed = firstSeed; seed < endSeed; seed++) {
            for (ReferenceModel.Row row : generator.loadRows(seed)) {
                model.load(row);
                load.add(ChangeStreamGenerator.csv(row));
            }
            perSeed.add(new ArrayList<>(generator.cdcFiles(seed)));
        }
        p.file("diff/t/LOAD00000001.csv", load.toArray(String[]::new));

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
        LocalDateTime time = LocalDateTime.of(2024, 6, 12, 10, 0);
        int delivered = 0;
        while (delivered < timeline.size()) {
            int batch = 1 + random.nextInt(Math.max(1, timeline.size() / 3));
            for (int i = delivered; i < Math.min(timeline.size(), delivered + batch); i++) {
                ChangeStreamGenerator.CdcFile file = timeline.get(i);
                time = time.plusNanos((1 + random.nextInt(5000)) * 1_000_000L);
                p.file("diff/t/" + CDC_NAME.format(time) + ".csv", file.lines().toArray(String[]::new));
                file.changes().forEach(c -> model.apply(c.op(), c.row()));
            }
            delivered += batch;
            Pipeline.Result result = p.run();
            assertEquals(0, result.exitCode(), result.all());
        }
        assertEquals(model.formatted(), p.rows("diff", "t"),
                "seeds " + firstSeed + ".." + (endSeed - 1) + " of master seed " + masterSeed);
    }
}
