package io.dmsdelta.bench;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** What the figures were measured on, so they can be compared and reproduced. */
final class MachineFacts {

    private MachineFacts() {
    }

    /** Cores, memory, CPU, OS, Java, Spark and Delta versions, the JVM's maximum heap, free disk under {@code work}. */
    static Map<String, String> collect(SparkSession spark, Path work) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("memory", procLine("/proc/meminfo", "MemTotal:")
                .map(line -> String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0))
                .orElse("unknown"));
        facts.put("CPU", procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).trim())
                .orElse("unknown"));
        facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("Spark", spark.version());
        facts.put("Delta Lake", Optional.ofNullable(DeltaTable.class.getPackage().getImplementationVersion()).orElse("unknown"));
        facts.put("JVM max heap (-Xmx)", String.format(Locale.ROOT, "%.1f GiB", Runtime.getRuntime().maxMemory() / 1073741824.0));
        facts.put("free disk in " + work, String.format(Locale.ROOT, "%.0f GiB", work.toFile().getUsableSpace() / 1073741824.0));
        return facts;
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was besides the benchmark. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | ArrayIndexOutOfBoundsException e) {
            return "unknown";
        }
    }

    private static Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
