package io.dmsdelta.source.debezium;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debezium source's rules, each on events written as the Kafka Connect S3 sink (or Firehose) lays them out: order
 * by sequence across partitions, repeats and late events dropped, deleted keys kept deleted, the TOAST placeholder
 * keeping the stored value, truncates in order, every shape of event, and bad values named. The real producer's
 * output is tested in {@code DebeziumPostgresTest}.
 */
class DebeziumEventsPipelineTest {

    static final String TOPIC = "pg.inventory.customers";
    static final String TABLES = """
            {"tables": [{"schema": "inventory", "table": "customers", "primaryKey": ["id"],
              "source": {"format": "debezium", "topicPrefix": "pg"},
              "columns": [{"name": "id", "type": "int"}, {"name": "name", "type": "string"},
                          {"name": "balance", "type": "decimal(10,2)"}, {"name": "born", "type": "date"},
                          {"name": "seen", "type": "timestamp"}, {"name": "notes", "type": "string"}]}]}
            """;

    @TempDir
    Path dir;

    private long arrival = System.currentTimeMillis() - 60_000;

    /** An envelope event; {@code before} and {@code after} are JSON or null. */
    static String event(String op, long lsn, String before, String after) {
        return "{\"before\":" + before + ",\"after\":" + after + ",\"source\":{\"version\":\"3.6.1.Final\","
                + "\"connector\":\"postgresql\",\"db\":\"shop\",\"schema\":\"inventory\",\"table\":\"customers\","
                + "\"txId\":" + lsn / 10 + ",\"lsn\":" + lsn + ",\"snapshot\":\"false\"},\"op\":\"" + op
                + "\",\"ts_ms\":1718188285000}";
    }

    /** A row image: 12.34 is "BNI=", 2018-06-20 is day 17702, 2024-06-12T10:31:25.108123Z is that many µs. */
    static String row(int id, String name, String balanceBase64, String notes) {
        return "{\"id\":" + id + ",\"name\":" + (name == null ? "null" : "\"" + name + "\"") + ",\"balance\":"
                + (balanceBase64 == null ? "null" : "\"" + balanceBase64 + "\"") + ",\"born\":17702,"
                + "\"seen\":1718188285108123,\"notes\":" + (notes == null ? "null" : "\"" + notes + "\"") + "}";
    }

    static String key(int id) {
        return "{\"id\":" + id + ",\"name\":null,\"balance\":null,\"born\":null,\"seen\":null,\"notes\":null}";
    }

    /** Writes a sink file of the partition, arriving after every file written before it. */
    Path sinkFile(Pipeline p, int partition, long offset, String... events) {
        return sinkFileOf(p, TOPIC, partition, offset, events);
    }

    /** {@link #sinkFile} of another topic. */
    Path sinkFileOf(Pipeline p, String topic, int partition, long offset, String... events) {
        String name = topic + "+" + partition + "+" + String.format("%010d", offset) + ".json";
        Path file = p.file("topics/" + topic + "/partition=" + partition + "/" + name, events);
        return arrived(file);
    }

    Path arrived(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(arrival += 1_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static final String ANN = "1|Ann|12.34|2018-06-20|2024-06-12 10:31:25.108123|long text|";
    static final String BOB = "2|Bob|-1.00|2018-06-20|2024-06-12 10:31:25.108123|null|";

    @Test
    void snapshotAndChangesAcrossPartitionsApplyByTheirSequenceWhateverOrderTheFilesArriveIn() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        // Partition 1's file arrives first, though its events come after partition 0's.
        sinkFile(p, 1, 0, event("u", 300, key(2), row(2, "Bob", "/5w=", null)));
        sinkFile(p, 0, 0, event("r", 100, "null", row(1, "Ann", "BNI=", "long text")),
                event("r", 100, "null", row(2, "Bobby", "AA==", null)),
                event("c", 200, "null", row(3, "Cy", "AA==", null)),
                event("d", 250, key(3), "null"), "null");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableReport report = result.assertTable("inventory.customers", TableStatus.APPLIED, null);
        assertEquals(List.of(ANN + "100", BOB + "300"), p.rows("inventory", "customers"));
        assertEquals(1, report.events().tombstoneRecords(), "the Kafka tombstone after the delete is skipped");
        assertEquals(2, report.cdcFilesApplied());
    }

    @Test
    void eventsDeliveredAgainOrLateNeverMoveARowBackNorBringADeletedRowBack() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        String annV1 = event("c", 100, "null", row(1, "Ann", "AA==", "long text"));
        String annV2 = event("u", 200, key(1), row(1, "Ann", "BNI=", "long text"));
        String bobCreated = event("c", 110, "null", row(2, "Bob", "AA==", null));
        String bobDeleted = event("d", 210, key(2), "null");
        sinkFile(p, 0, 0, annV1, annV2);
        sinkFile(p, 1, 0, bobCreated, bobDeleted);
        assertEquals(ExitCodes.OK, p.run().exitCode());
        List<String> rows = p.rows("inventory", "customers");
        assertEquals(List.of(ANN + "200"), rows);

        // A restarted connector delivers everything again, and an update of Bob older than his delete turns up late.
        sinkFile(p, 0, 2, annV1, annV2);
        sinkFile(p, 1, 2, bobCreated, event("u", 150, key(2), row(2, "Bob", "AQ==", null)));
        Pipeline.Result again = p.run();
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(rows, p.rows("inventory", "customers"));
        EventFacts facts = again.table("inventory.customers").events();
        assertNotNull(facts);
        assertEquals(1, facts.alreadyApplied(), "Ann's events are not newer than her stored row");
        assertEquals(1, facts.supersededByTombstones(), "Bob's late events are older than his tombstone");

        // The same files a third time: nothing new is listed.
        Pipeline.Result third = p.run();
        assertEquals(TableStatus.UP_TO_DATE, third.table("inventory.customers").status(), third.all());
    }

    @Test
    void theUnchangedToastPlaceholderKeepsTheStoredValueAndIsNeverWritten() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        sinkFile(p, 0, 0, event("c", 100, "null", row(1, "Ann", "AA==", "long text")));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        sinkFile(p, 0, 1, event("u", 200, key(1), row(1, "Ann", "BNI=", "__debezium_unavailable_value")));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of(ANN + "200"), p.rows("inventory", "customers"));
        assertEquals(1, result.table("inventory.customers").events().placeholdersKept());
    }

    @Test
    void aTruncateEmptiesTheTableInOrderAndOlderEventsStayOut() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        sinkFile(p, 0, 0, event("c", 100, "null", row(1, "Ann", "BNI=", "long text")),
                event("c", 110, "null", row(2, "Bob", "/5w=", null)));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        String truncate = "{\"before\":null,\"after\":null,\"source\":{\"lsn\":300,\"schema\":\"inventory\","
                + "\"table\":\"customers\"},\"op\":\"t\",\"ts_ms\":1}";
        sinkFile(p, 0, 2, event("u", 200, key(1), row(1, "Ann", "AA==", "long text")), truncate,
                event("c", 400, "null", row(2, "Bob", "/5w=", null)));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of(BOB + "400"), p.rows("inventory", "customers"));
        // An event from before the truncate, delivered late, stays out.
        sinkFile(p, 1, 0, event("u", 250, key(1), row(1, "Ann", "AA==", "long text")));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(List.of(BOB + "400"), p.rows("inventory", "customers"));
    }

    @Test
    void optimizeRewritesTheTombstonesAsOneFileOfEachKeysNewestAndTheTruncateStillHolds() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        sinkFile(p, 0, 0, event("c", 100, "null", row(1, "Ann", "BNI=", "long text")),
                event("c", 110, "null", row(2, "Bob", "/5w=", null)), event("d", 120, key(2), "null"));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        // Bob's delete delivered again is recorded again; Ann's delete and a truncate follow, then a new Bob.
        String truncate = "{\"before\":null,\"after\":null,\"source\":{\"lsn\":300,\"schema\":\"inventory\","
                + "\"table\":\"customers\"},\"op\":\"t\",\"ts_ms\":1}";
        sinkFile(p, 1, 0, event("d", 120, key(2), "null"), event("d", 130, key(1), "null"));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        sinkFile(p, 0, 3, truncate, event("c", 400, "null", row(2, "Bob", "/5w=", null)));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        String tombstones = Path.of(p.tablePath("inventory", "customers"), io.dmsdelta.merge.Tombstones.FOLDER).toString();
        io.dmsdelta.delta.DeltaTableHandle companion = io.dmsdelta.delta.DeltaTableHandle.open(
                io.dmsdelta.testing.TestSpark.get(), tombstones);
        assertTrue(companion.files().size() > 1);
        assertEquals(java.util.Optional.of("true"), companion.property("delta.autoOptimize.autoCompact"),
                "Delta compacts the small files of the appends");

        Pipeline.Result optimized = Pipeline.cli("optimize", "--target", dir.resolve("warehouse").toString(), "--tables",
                dir.resolve("tables.json").toString());
        assertEquals(ExitCodes.OK, optimized.exitCode(), optimized.all());
        assertEquals(1, io.dmsdelta.delta.DeltaTableHandle.open(io.dmsdelta.testing.TestSpark.get(), tombstones).files().size());
        assertEquals(List.of("1|130", "2|120", "null|300"), io.dmsdelta.testing.Pipeline.Tables.rows(
                io.dmsdelta.testing.TestSpark.get().read().format("delta").load(tombstones).select("id", "sequence")));

        // Events from before the truncate and Ann's delete, delivered late, stay out.
        sinkFile(p, 2, 0, event("u", 250, key(1), row(1, "Ann", "AA==", "long text")),
                event("c", 125, "null", row(1, "Ann", "AA==", "long text")));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(List.of(BOB + "400"), p.rows("inventory", "customers"));
    }

    @Test
    void flattenedEventsInConcatenatedGzippedFirehoseObjectsApplyToo() throws IOException {
        String tables = TABLES.replace("\"topicPrefix\": \"pg\"", "\"topic\": \"customers-stream\", \"layout\": \"firehose\"");
        Pipeline p = new Pipeline(dir).withTables(tables);
        String ann = "{\"id\":1,\"name\":\"Ann\",\"balance\":\"BNI=\",\"born\":17702,\"seen\":1718188285108123,"
                + "\"notes\":\"long text\",\"__op\":\"c\",\"__lsn\":100,\"__source_ts_ms\":1718188285000,\"__deleted\":\"false\"}";
        String bob = "{\"id\":2,\"name\":\"Bob\",\"balance\":\"/5w=\",\"born\":17702,\"seen\":1718188285108123,"
                + "\"notes\":null,\"__op\":\"c\",\"__lsn\":110,\"__deleted\":\"false\"}";
        String cy = "{\"id\":3,\"name\":\"Cy\",\"balance\":\"AA==\",\"born\":17702,\"seen\":1718188285108123,"
                + "\"notes\":null,\"__op\":\"c\",\"__lsn\":120,\"__deleted\":\"false\"}";
        String cyDeleted = "{\"id\":3,\"name\":\"Cy\",\"balance\":\"AA==\",\"born\":17702,\"seen\":1718188285108123,"
                + "\"notes\":null,\"__op\":\"d\",\"__lsn\":130,\"__deleted\":\"true\"}";
        // With the schema/payload wrapper too: the converter's schemas.enable=true.
        String wrapped = "{\"schema\":{\"type\":\"struct\"},\"payload\":" + bob.replace("\"Bob\"", "\"Bobby\"")
                .replace("110", "90") + "}";
        Path folder = dir.resolve("dms/customers-stream/2024/06/12/10");
        Files.createDirectories(folder);
        arrived(Files.writeString(folder.resolve("customers-stream-1-2024-06-12-10-31-25-a"), ann + bob + wrapped));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write((cy + "\n" + cyDeleted + "\n").getBytes(StandardCharsets.UTF_8));
        }
        arrived(Files.write(folder.resolve("customers-stream-1-2024-06-12-10-32-25-b.gz"), gz.toByteArray()));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of(ANN + "100", BOB + "110"), p.rows("inventory", "customers"));
    }

    @Test
    void aValueThatDoesNotFitItsTypeFailsTheBatchNamingFileLineFieldAndValueAndWritesNothing() {
        Pipeline p = new Pipeline(dir).withTables(TABLES);
        Path file = sinkFile(p, 0, 0, event("c", 100, "null", row(1, "Ann", "BNI=", "long text")),
                event("c", 110, "null", row(2, "Bob", "12.34", null)));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        TableReport report = result.assertTable("inventory.customers", TableStatus.FAILED, Reason.BAD_INPUT,
                file.getFileName().toString(), "line 2", "balance", "12.34");
        assertEquals(0, report.commits());
        assertTrue(!Files.exists(Path.of(p.tablePath("inventory", "customers"), "_delta_log")));
    }

    @Test
    void optimizePrunesTombstonesOlderThanTheRetentionAndStatusReadsADebeziumTable() throws Exception {
        Pipeline p = new Pipeline(dir).withTables(TABLES.replace("\"topicPrefix\": \"pg\"",
                "\"topicPrefix\": \"pg\", \"tombstoneRetentionDays\": 0"));
        sinkFile(p, 0, 0, event("c", 100, "null", row(1, "Ann", "AA==", "long text")),
                event("c", 110, "null", row(2, "Bob", "AA==", null)), event("d", 120, key(2), "null"));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        Path tombstones = Path.of(p.tablePath("inventory", "customers"), io.dmsdelta.merge.Tombstones.FOLDER);
        assertEquals(1, io.dmsdelta.testing.TestSpark.get().read().format("delta").load(tombstones.toString()).count());

        Pipeline.Result optimized = Pipeline.cli("optimize", "--target", dir.resolve("warehouse").toString(), "--tables",
                dir.resolve("tables.json").toString());
        assertEquals(ExitCodes.OK, optimized.exitCode(), optimized.all());
        assertEquals(0, io.dmsdelta.testing.TestSpark.get().read().format("delta").load(tombstones.toString()).count(),
                "a retention of 0 days forgets every deleted key");

        Pipeline.Result status = Pipeline.cli("status", "--source", dir.resolve("dms").toString(), "--target",
                dir.resolve("warehouse").toString(), "--tables", dir.resolve("tables.json").toString());
        assertEquals(ExitCodes.OK, status.exitCode(), status.all()); // status lists a Debezium table's event files
    }
}
