package io.dmsdelta.generate;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code dms-delta generate} on the command line: options, summary and exit codes. Needs no Spark. */
class GenerateCommandTest {

    @TempDir
    Path dir;

    @Test
    void writesTheDataSetAndSaysHowToApplyIt() {
        Pipeline.Result result = Pipeline.cli("generate", "--output", dir.toString(), "--rows", "1500",
                "--load-files=2", "--changes", "90", "--files", "3", "--mix", "60:40:0", "--keys", "RECENT",
                "--seed", "3", "--start", "2025-01-31 23:59:00");
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().contains("2 LOAD file(s) with 1,500 rows"), result.out());
        assertTrue(result.out().contains("3 CDC file(s) with 90 changes: 54 updates, 36 inserts, 0 deletes"), result.out());
        assertTrue(result.out().contains("dms-delta run --source " + dir.resolve("dms")), result.out());
        assertTrue(result.err().contains("wrote 3 CDC file(s)"), result.err());
        Path folder = dir.resolve("dms/bench/orders");
        assertTrue(Files.exists(folder.resolve("LOAD00000002.csv")));
        assertTrue(Files.exists(folder.resolve("20250131-235900000.csv")));
        assertTrue(Files.exists(folder.resolve("20250201-000100000.csv")));
    }

    @Test
    void wrongOptionsExitWith2AndSayWhatIsWrong() {
        Pipeline.Result mix = Pipeline.cli("generate", "--output", dir.toString(), "--mix", "50:30");
        assertEquals(2, mix.exitCode(), mix.all());
        assertTrue(mix.err().contains("--mix 50:30 must be U:I:D"), mix.err());

        Pipeline.Result start = Pipeline.cli("generate", "--output", dir.toString(), "--start", "yesterday");
        assertEquals(2, start.exitCode(), start.all());
        assertTrue(start.err().contains("--start yesterday is not a time"), start.err());

        Pipeline.Result keys = Pipeline.cli("generate", "--output", dir.toString(), "--keys", "hot");
        assertEquals(2, keys.exitCode(), keys.all());

        Pipeline.Result files = Pipeline.cli("generate", "--output", dir.toString(), "--files", "0");
        assertEquals(2, files.exitCode(), files.all());
        assertTrue(files.err().contains("--files 0 must be at least 1"), files.err());
        assertFalse(Files.exists(dir.resolve("dms")), "nothing is written when the options are wrong");
    }
}
