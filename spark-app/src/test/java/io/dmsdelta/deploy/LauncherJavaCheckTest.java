package io.dmsdelta.deploy;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * bin/dms-delta (and bench/run, through bin/launch.sh) refuses a JDK that Spark 3.5 cannot run on, before building
 * anything: fake JDKs that only print a version stand in for real ones.
 */
class LauncherJavaCheckTest {

    @TempDir
    Path dir;

    /** A JDK folder whose bin/java prints this first line of {@code java -version}, as a JDK does, on standard error. */
    private Path jdk(String versionLine) throws IOException {
        Path java = dir.resolve("jdk-" + Integer.toHexString(versionLine.hashCode())).resolve("bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\necho '" + versionLine + "' >&2\necho 'OpenJDK Runtime Environment' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    private record Run(int exitCode, String output) {
    }

    private static Run bash(Path javaHome, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(Pipeline.REPO.toFile()).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running: " + List.of(command));
        }
        return new Run(process.exitValue(), output);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "openjdk version \"23\" 2024-09-17|Spark 3.5 does not run on Java 23 (found: openjdk version \"23\" 2024-09-17): it runs on Java 17 to 22. Set JAVA_HOME to a JDK 17 or 21.",
            "openjdk version \"25.0.1\" 2025-10-21 LTS|Spark 3.5 does not run on Java 25 (found: openjdk version \"25.0.1\" 2025-10-21 LTS): it runs on Java 17 to 22. Set JAVA_HOME to a JDK 17 or 21.",
            "openjdk version \"26-ea\" 2026-03-17|Spark 3.5 does not run on Java 26 (found: openjdk version \"26-ea\" 2026-03-17): it runs on Java 17 to 22. Set JAVA_HOME to a JDK 17 or 21.",
            "openjdk version \"11.0.25\" 2024-10-15|Java 17 or newer is needed (found: openjdk version \"11.0.25\" 2024-10-15). Set JAVA_HOME to a JDK 17 or 21.",
            "java version \"1.8.0_401\"|Java 17 or newer is needed (found: java version \"1.8.0_401\"). Set JAVA_HOME to a JDK 17 or 21."})
    void aJdkSparkCannotRunOnIsRefusedWithExitCode2(String version, String message) throws Exception {
        Run run = bash(jdk(version), "bash", "bin/dms-delta", "--help");

        assertEquals(new Run(2, "dms-delta: " + message + "\n"), run);
    }

    @Test
    void benchRunSharesTheCheck() throws Exception {
        Run run = bash(jdk("openjdk version \"24.0.2\" 2025-07-15"), "bash", "bench/run", "--help");

        assertEquals(2, run.exitCode(), run.output());
        assertEquals("bench/run: Spark 3.5 does not run on Java 24 (found: openjdk version \"24.0.2\" 2025-07-15): it"
                + " runs on Java 17 to 22. Set JAVA_HOME to a JDK 17 or 21.\n", run.output());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "openjdk version \"17.0.13\" 2024-10-15|17",
            "openjdk version \"21.0.5\" 2024-10-15 LTS|21",
            "openjdk version \"22\" 2024-03-19|22"})
    void jdks17To22AreAccepted(String version, String major) throws Exception {
        Path java = jdk(version).resolve("bin/java");

        Run run = bash(dir, "bash", "-c", "source bin/launch.sh; java_major \"$(java_version_line \"$0\")\"; java_problem \"$0\"", java.toString());

        assertEquals(new Run(0, major + "\n"), run, "the major version, and no problem");
    }
}
