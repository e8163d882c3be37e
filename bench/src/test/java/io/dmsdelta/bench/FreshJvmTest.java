package io.dmsdelta.bench;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a fresh dms-delta process is given, seen by a stand-in for bin/dms-delta that writes it down. */
class FreshJvmTest {

    @TempDir
    Path repository;

    @AfterEach
    void clearSetting() {
        System.clearProperty("spark.sql.shuffle.partitions");
    }

    @Test
    void startsBinDmsDeltaWithTheHeapAndSparkSettingsOfTheHarness() throws IOException {
        Path script = repository.resolve("bin/dms-delta");
        Files.createDirectories(script.getParent());
        Files.writeString(script, """
                #!/usr/bin/env bash
                echo "$DMS_DELTA_DRIVER_MEMORY"
                echo "$*"
                echo "$JAVA_OPTS"
                exit 3
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("spark.sql.shuffle.partitions", "8");
        Path log = repository.resolve("run.log");

        FreshJvm.Result result = new FreshJvm(repository, "1536m").dmsDelta(List.of("run", "--source", "/s"), log);

        assertEquals(3, result.exitCode());
        assertEquals(log, result.log());
        List<String> lines = Files.readAllLines(log);
        assertEquals(List.of("1536m", "run --source /s"), lines.subList(0, 2));
        assertTrue(Arrays.asList(lines.get(2).trim().split("\\s+")).contains("-Dspark.sql.shuffle.partitions=8"),
                lines.get(2));
    }
}
