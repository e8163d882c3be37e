package io.dmsdelta.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dms-delta generate} on the command line: options, what it writes and exit codes. Needs no Spark. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDataSetAndSaysHowToApplyIt() throws Exception {
        Pipeline.Result result = generate("--rows", "1500", "--load-files=2", "--changes", "90", "--files", "3",
                "--mix", "60:40:0", "--keys", "RECENT", "--seed", "3", "--start", "2025-01-31 23:59:00");
        assertEquals(0, result.exitCode(), result.all());
        try (Stream<Path> written = Files.list(dir.resolve("dms/bench/orders"))) {
            assertEquals(List.of("20250131-235900000.csv", "20250201-000000000.csv", "20250201-000100000.csv",
                    "LOAD00000001.csv", "LOAD00000002.csv"), written.map(f -> f.getFileName().toString()).sorted()
                    .toList());
        }
        JsonNode figures = new ObjectMapper().readTree(dir.resolve(WorkloadManifest.FILE).toFile()).path("figures");
        assertEquals(List.of(54, 36, 0, 1536), List.of(figures.path("updates").asInt(), figures.path("inserts").asInt(),
                figures.path("deletes").asInt(), figures.path("liveRows").asInt()), "1,500 rows, 90 changes by --mix");
        assertTrue(Files.exists(dir.resolve(DataSetWriter.TABLES_FILE)));
        // The summary is for people; the command line that applies the data set is what it is there for.
        assertTrue(result.out().contains("dms-delta run --source " + dir.resolve("dms")), result.out());
    }

    @Test
    void wrongOptionsExitWith2AndSayWhatIsWrong() {
        assertTrue(generate("--mix", "50:30").usageError().contains("--mix 50:30 must be U:I:D"));
        assertTrue(generate("--start", "yesterday").usageError().contains("--start yesterday is not a time"));
        generate("--keys", "hot").usageError();
        assertTrue(generate("--files", "0").usageError().contains("--files 0 must be at least 1"));
        assertFalse(Files.exists(dir.resolve("dms")), "nothing is written when the options are wrong");
    }

    private Pipeline.Result generate(String... options) {
        List<String> args = new ArrayList<>(List.of("generate", "--output", dir.toString()));
        args.addAll(List.of(options));
        return Pipeline.cli(args.toArray(String[]::new));
    }
}
