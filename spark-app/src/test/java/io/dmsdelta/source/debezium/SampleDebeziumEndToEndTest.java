package io.dmsdelta.source.debezium;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's Debezium command on the sample's Kafka Connect S3 sink files: exact rows out, and a rerun changes nothing. */
class SampleDebeziumEndToEndTest {

    static final Path SAMPLE = Pipeline.REPO.resolve("sample-data/debezium");
    static final Path TABLES = Pipeline.REPO.resolve("dms-config/debezium-tables.json");

    @TempDir
    Path dir;

    @Test
    void theSampleSinkFilesGiveExactRowsAndARerunChangesNothing() {
        String target = dir.resolve("warehouse").toString();
        Pipeline.Result result = Pipeline.reporting(dir.resolve("report.json"), "run", "--source", SAMPLE.toString(),
                "--target", target, "--tables", TABLES.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of(
                "1001|Sally Thomas|sally.t@example.com|1180.25|2018-06-20|2024-06-12 10:48:06.108123|Prefers email; call after 5 pm.|33556000",
                "1004|George Bailey|george@example.com|10.00|2018-08-07|2024-06-12 10:48:09.108123|null|33560000",
                "1005|Anne Kretchmar|annek@example.com|99.99|2022-01-08|2024-06-12 10:48:10.108123|null|33559000"),
                Pipeline.Tables.rows(io.dmsdelta.testing.TestSpark.get().read().format("delta").load(target + "/inventory/customers")));
        EventFacts events = result.table("inventory.customers").events();
        assertEquals(Map.of("0", 2, "1", 1), events.filesByPartition());
        assertEquals(1, events.tombstoneRecords());
        assertEquals(2, events.duplicatesInBatch(), "the replayed file's two events are applied once");

        Pipeline.Result again = Pipeline.reporting(dir.resolve("report-2.json"), "run", "--source", SAMPLE.toString(),
                "--target", target, "--tables", TABLES.toString());
        assertEquals(TableStatus.UP_TO_DATE, again.table("inventory.customers").status(), again.all());
    }
}
