package io.dmsdelta.testing;

import io.dmsdelta.cli.DmsDeltaMain;
import io.dmsdelta.faults.CrashPoints;

import io.dmsdelta.report.RunReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM of its own, as a separate job would run: {@code dms-delta run} on a pipeline, or any command; output goes to a log. */
public final class ChildJvm {

    private final Process process;
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** @param systemProperties extra {@code -D} settings, e.g. a crash point */
    public static ChildJvm startRun(Pipeline p, Path log, String... systemProperties) throws IOException {
        return startRun(p, log, List.of(), systemProperties);
    }

    /** @param runOptions more options for {@code run} */
    public static ChildJvm startRun(Pipeline p, Path log, List<String> runOptions, String... systemProperties)
            throws IOException {
        List<String> arguments = new ArrayList<>(runArguments(p, log));
        arguments.addAll(runOptions);
        return startCli(log, arguments, systemProperties);
    }

    /** {@code run} over the pipeline's source, target and definitions, its report beside {@code log}. */
    public static List<String> runArguments(Pipeline p, Path log) {
        return List.of("run", "--source", p.source.toString(), "--target", p.target.toString(), "--tables",
                p.tables().toString(), "--endpoint-settings", p.settings(), "--report", reportOf(log).toString());
    }

    /** Any dms-delta command in a JVM of its own. */
    public static ChildJvm startCli(Path log, List<String> arguments, String... systemProperties) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Pipeline.REPO.resolve("bin/spark-jvm.args"),
                "-Xmx1g", "-Duser.timezone=UTC",
                "-Dlog4j2.configurationFile=" + Pipeline.REPO.resolve("bin/log4j2.properties"),
                "-Dspark.master=local[2]", "-Dspark.sql.shuffle.partitions=2", "-Dspark.ui.enabled=false"));
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), DmsDeltaMain.class.getName()));
        command.addAll(arguments);
        return start(command, log);
    }

    /**
     * Starts a command held at a {@link io.dmsdelta.faults.CrashPoints} pause point: {@link #awaitPause} waits
     * until it is there, {@link #resume} lets it go on.
     */
    public static ChildJvm startPausedCli(Path log, List<String> arguments, String point) throws IOException {
        return startCli(log, arguments, CrashPoints.PAUSE_PROPERTY + "=" + point,
                CrashPoints.PAUSE_FILE_PROPERTY + "=" + pauseFile(log));
    }

    /** Waits until the command reached its pause point. */
    public void awaitPause() throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(3);
        while (!Files.exists(CrashPoints.reached(pauseFile(log)))) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the command never reached its pause point; log:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** Lets a paused command go on. */
    public void resume() throws IOException {
        Files.writeString(pauseFile(log), "");
    }

    private static Path pauseFile(Path log) {
        return log.resolveSibling(log.getFileName() + ".resume");
    }

    /** Where {@link #startRun} has the run write its JSON report. */
    public static Path reportOf(Path log) {
        return log.resolveSibling(log.getFileName() + ".report.json");
    }

    /** The report the run wrote at {@link #reportOf} its log, once it ended. */
    public RunReport report() throws IOException {
        return RunReport.fromJson(Files.readString(reportOf(log)));
    }

    /** Starts any command, as Spark would be started on a machine with no Spark installed (no SPARK_HOME). */
    public static ChildJvm start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.environment().remove("SPARK_HOME");
        return new ChildJvm(builder.start(), log);
    }

    /**
     * Sends SIGKILL {@code delayMs} after the log first shows {@code marker}: a crash at a moment, not at a
     * planned point.
     *
     * @return whether the process was still running when killed (a run that ended first was not crashed)
     */
    public boolean killAfter(String marker, long delayMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(3);
        while (!log().contains(marker)) {
            if (!process.isAlive() || System.currentTimeMillis() > deadline) {
                throw new AssertionError("the run never printed <" + marker + ">; log:\n" + log());
            }
            Thread.sleep(10);
        }
        Thread.sleep(delayMs);
        boolean running = process.isAlive();
        process.destroyForcibly(); // SIGKILL on Linux
        process.waitFor();
        return running;
    }

    /** Waits for the run to end and returns its exit code. */
    public int exitCode() throws InterruptedException {
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the run did not end within 5 minutes; log: " + log);
        }
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
