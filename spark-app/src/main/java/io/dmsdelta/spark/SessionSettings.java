package io.dmsdelta.spark;

import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SparkSession;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** Spark session settings changed for one piece of work, and put back as they were afterwards even if it fails. */
public final class SessionSettings {

    private SessionSettings() {
    }

    public static void with(SparkSession spark, Map<String, String> settings, Runnable work) {
        with(spark, settings, () -> {
            work.run();
            return null;
        });
    }

    /** @return what the work returned */
    public static <T> T with(SparkSession spark, Map<String, String> settings, Supplier<T> work) {
        RuntimeConfig conf = spark.conf();
        Map<String, Optional<String>> before = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            before.put(key, Optional.ofNullable(conf.get(key, null)));
            conf.set(key, value);
        });
        try {
            return work.get();
        } finally {
            before.forEach((key, value) -> value.ifPresentOrElse(v -> conf.set(key, v), () -> conf.unset(key)));
        }
    }
}
