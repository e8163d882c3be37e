package io.dmsdelta.generate;

import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A generated data set applied by {@code dms-delta run} gives the table a naive replay of its files gives. */
class GenerateEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void runAppliesAGeneratedDataSetExactlyAsAReplayOfItsFiles() {
        Path data = dir.resolve("data");
        Path warehouse = dir.resolve("warehouse");
        Pipeline.Result generated = Pipeline.cli("generate", "--output", data.toString(), "--rows", "2000",
                "--load-files", "2", "--changes", "500", "--files", "5", "--repeat", "10", "--keys", "recent",
                "--seed", "42");
        assertEquals(0, generated.exitCode(), generated.all());

        TestSpark.get();
        Pipeline.Result run = Pipeline.cli("run", "--source", data.resolve("dms").toString(),
                "--target", warehouse.toString(), "--tables", data.resolve("tables.json").toString(),
                "--endpoint-settings", data.resolve("endpoint-settings.json").toString());
        assertEquals(0, run.exitCode(), run.all());

        Map<Long, List<String>> expected = new GeneratedFiles(data.resolve("dms/bench/orders")).replay();
        Map<Long, List<String>> actual = new TreeMap<>();
        for (Row row : TestSpark.get().read().format("delta").load(warehouse.resolve("bench/orders").toString())
                .select(col("id").cast("string"), col("customer"), col("note"), col("amount").cast("string"),
                        col("status"), date_format(col("updated_at"), "yyyy-MM-dd HH:mm:ss.SSSSSS")).collectAsList()) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < row.length(); i++) {
                values.add(row.getString(i));
            }
            actual.put(Long.parseLong(row.getString(0)), values);
        }
        assertTrue(expected.size() > 2000, "the replay has the inserted rows too: " + expected.size());
        List<String> differences = expected.keySet().stream().filter(id -> !expected.get(id).equals(actual.get(id)))
                .limit(5).map(id -> "id " + id + ": expected " + expected.get(id) + " but was " + actual.get(id)).toList();
        assertEquals(List.of(), differences);
        assertEquals(expected.keySet(), actual.keySet());
    }
}
