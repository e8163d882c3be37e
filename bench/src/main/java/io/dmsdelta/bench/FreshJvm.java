package io.dmsdelta.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * A run in a JVM of its own, started the way a user starts one: {@code bin/dms-delta} for dms-delta (so whatever
 * its launcher does for start-up counts), or, for a peer's program, {@code java} with the harness's classpath and the
 * same JDK 17 flags. What a fresh process pays (JVM start, class loading, Spark's start, cold code) is what the
 * in-process figures leave out; a Glue job run or a {@code spark-submit} pays it every time.
 */
final class FreshJvm {

    /**
     * How the process ended.
     *
     * @param wallMs the process's whole life, from start to exit, as a user waits for it
     */
    record Result(int exitCode, long wallMs, Path log) {
    }

    private final Path repository;
    private final String heap;

    /**
     * @param heap the {@code -Xmx} of each process (driver and executors share it in local mode), as the harness's own
     */
    FreshJvm(Path repository, String heap) {
        this.repository = requireNonNull(repository, "repository");
        this.heap = requireNonNull(heap, "heap");
    }

    /** The repository the harness's jar was built in (its jar is {@code bench/target/...}). */
    static FreshJvm ofThisRepository() {
        try {
            Path jar = Path.of(FreshJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path repository = jar.getParent().getParent().getParent();
            if (!Files.isRegularFile(repository.resolve("bin/dms-delta"))) {
                throw new BenchmarkFailure("Cannot find bin/dms-delta above the harness's jar " + jar
                        + "; start the harness with bench/run from a clone of the repository.");
            }
            return new FreshJvm(repository, Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The harness's jar location is not a path: " + e.getMessage(), e);
        }
    }

    /**
     * {@code bin/dms-delta ARGS}, its output to {@code log}. The harness's Spark settings ({@code spark.*} system
     * properties: {@code --shuffle-partitions}, any {@code -Dspark.*} of its {@code JAVA_OPTS}) go to the process as a
     * user gives them, in {@code JAVA_OPTS}, so its session is configured as the in-process runs' one.
     */
    Result dmsDelta(List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(repository.resolve("bin/dms-delta").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DMS_DELTA_DRIVER_MEMORY", heap);
        builder.environment().merge("JAVA_OPTS", sparkSettings(), (inherited, spark) -> inherited + " " + spark);
        return run(builder, log);
    }

    private static String sparkSettings() {
        return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("spark.")).sorted()
                .map(name -> "-D" + name + "=" + System.getProperty(name)).collect(Collectors.joining(" "));
    }

    /** {@code java <the JDK 17 flags> -cp <the harness's classpath> MAIN ARGS}, its output to {@code log}. */
    Result java(String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + repository.resolve("bin/spark-jvm.args"), "-Xmx" + heap,
                "-Dlog4j2.configurationFile=" + repository.resolve("bin/log4j2.properties")));
        // The JVM options a user gives bin/dms-delta (JAVA_OPTS) reach this process too, so both run alike.
        String userOptions = System.getenv().getOrDefault("JAVA_OPTS", "").trim();
        if (!userOptions.isEmpty()) {
            command.addAll(List.of(userOptions.split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return run(new ProcessBuilder(command), log);
    }

    private static Result run(ProcessBuilder builder, Path log) {
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        try {
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.HOURS)) {
                process.destroyForcibly();
                throw new BenchmarkFailure("A fresh JVM ran for two hours and was stopped: " + builder.command()
                        + "; its output is in " + log);
            }
            return new Result(process.exitValue(), (System.nanoTime() - started) / 1_000_000, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + builder.command().get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("Interrupted while waiting for a fresh JVM: " + builder.command());
        }
    }
}
