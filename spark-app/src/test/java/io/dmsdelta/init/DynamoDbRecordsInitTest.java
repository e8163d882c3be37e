package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code init --from-dynamodb-records}: a definition from change records already landed, through the command line. */
class DynamoDbRecordsInitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2024-06-10T00:00:00.000";

    @TempDir
    Path dir;

    @Test
    void streamRecordsGiveTheKeyOfTheirKeysAndTheColumnsOfTheirImages() {
        Path records = InitFiles.write(dir.resolve("landed/orders.json"), String.join("\n",
                streamRecord("INSERT", "\"NewImage\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"},"
                        + " \"price\": {\"N\": \"9.99\"}, \"tags\": {\"SS\": [\"x\"]}}"),
                streamRecord("MODIFY", "\"OldImage\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"},"
                        + " \"price\": {\"N\": \"9.99\"}}, \"NewImage\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"},"
                        + " \"price\": {\"N\": \"10\"}, \"flag\": {\"BOOL\": true}}"),
                streamRecord("REMOVE", "\"OldImage\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"},"
                        + " \"gone\": {\"NULL\": true}}")) + "\n");
        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init("--from-dynamodb-records", records.toString(), "--output", out.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(json("""
                {"tables": [{"schema": "dynamodb", "table": "orders", "primaryKey": ["pk", "sk"],
                  "source": {"format": "dynamodb", "folder": "dynamodb/Orders", "shape": "stream",
                             "dynamoTable": "Orders", "restColumn": "_item_rest"},
                  "columns": [
                    {"name": "pk", "type": "string"},
                    {"name": "sk", "type": "bigint"},
                    {"name": "flag", "type": "boolean"},
                    {"name": "gone", "type": "string"},
                    {"name": "price", "type": "decimal(38,2)"},
                    {"name": "tags", "type": "array<string>"},
                    {"name": "_item_rest", "type": "string"}]}]}"""), json(InitFiles.read(out)));
        assertEquals(List.of("pk", "sk"), definitions(out).find("dynamodb.orders").orElseThrow().primaryKey());
    }

    @Test
    void kinesisRecordsConcatenatedInAGzippedFolderNameTheirTableAndShape() {
        String first = kinesisRecord("7", "\"name\": {\"S\": \"Ann\"}");
        String second = kinesisRecord("8", "\"name\": {\"S\": \"Bob\"}, \"visits\": {\"N\": \"3\"}");
        gzip(dir.resolve("firehose/2024/06/10/12/customers-1.gz"), first + second); // Firehose: no delimiter
        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init("--from-dynamodb-records", dir.resolve("firehose").toString(), "--output",
                out.toString(), "--dynamodb-folder", "firehose");
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        JsonNode table = json(InitFiles.read(out)).get("tables").get(0);
        assertEquals(json("""
                {"format": "dynamodb", "folder": "firehose", "shape": "kinesis", "dynamoTable": "Customers",
                 "restColumn": "_item_rest"}"""), table.get("source"));
        assertEquals(List.of("id bigint", "name string", "visits bigint", "_item_rest string"),
                columns(definitions(out).find("dynamodb.customers").orElseThrow()));
    }

    @Test
    void exportLinesNeedTheTableNameAndTheKeyOrderSetInTheFileStands() {
        Path records = InitFiles.write(dir.resolve("export/data/part-0.json"), String.join("\n",
                "{\"Metadata\": {\"WriteTimestampMicros\": {\"N\": \"1718000000000000\"}},"
                        + " \"Keys\": {\"sk\": {\"S\": \"b\"}, \"pk\": {\"S\": \"a\"}},"
                        + " \"NewImage\": {\"sk\": {\"S\": \"b\"}, \"pk\": {\"S\": \"a\"}, \"qty\": {\"N\": \"2\"}}}",
                "{\"Metadata\": {\"WriteTimestampMicros\": {\"N\": \"1718000000000001\"}},"
                        + " \"Keys\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"c\"}},"
                        + " \"OldImage\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"S\": \"c\"}, \"qty\": {\"N\": \"1\"}}}"));
        Path out = dir.resolve("tables.json");
        assertTrue(init("--from-dynamodb-records", records.toString(), "--output", out.toString()).usageError()
                .contains("do not name their table (incremental export lines do not): give it with --dynamodb-table"));

        String[] args = {"--from-dynamodb-records", dir.resolve("export").toString(), "--dynamodb-table", "Events",
                "--output", out.toString()};
        assertEquals(ExitCodes.OK, init(args).exitCode());
        JsonNode table = json(InitFiles.read(out)).get("tables").get(0);
        assertEquals("export", table.get("source").get("shape").asText());
        assertEquals(List.of("sk string", "pk string", "qty bigint", "_item_rest string"),
                columns(definitions(out).find("dynamodb.events").orElseThrow()), "the first record's order of Keys");

        // the partition key is pk: set by hand, it stays on a re-run, which the records cannot contradict
        String fixed = InitFiles.read(out).replace("\"primaryKey\": [\"sk\", \"pk\"]", "\"primaryKey\": [\"pk\", \"sk\"]");
        InitFiles.write(out, fixed);
        Pipeline.Result again = init(args);
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(fixed, InitFiles.read(out));
    }

    @Test
    void recordsThatAreNotDynamoDbChangesOrContradictTheOptionsAreUsageErrors() {
        Path bad = InitFiles.write(dir.resolve("bad.json"), streamRecord("INSERT", "\"NewImage\": {}") + "\n"
                + "{\"id\": 1}\n");
        Path out = dir.resolve("tables.json");
        String refused = init("--from-dynamodb-records", bad.toString(), "--output", out.toString()).usageError();
        assertTrue(refused.contains(bad + " line 2 is not a DynamoDB change record"), refused);

        Path stream = InitFiles.write(dir.resolve("stream.json"), streamRecord("INSERT", "\"NewImage\": {}"));
        assertTrue(init("--from-dynamodb-records", stream.toString(), "--dynamodb-shape", "export", "--output",
                out.toString()).usageError().contains("--dynamodb-shape is export, but the records of"));
        assertTrue(init("--from-dynamodb-records", stream.toString(), "--dynamodb-table", "Customers", "--output",
                out.toString()).usageError().contains("holds records of [Orders], not of --dynamodb-table Customers"));
        assertTrue(init("--from-dynamodb-records", dir.resolve("nothing").toString(), "--output", out.toString())
                .usageError().contains("does not exist"));
        assertFalse(Files.exists(out));
    }

    private static String streamRecord(String event, String images) {
        return "{\"eventID\": \"e1\", \"eventName\": \"" + event + "\", \"eventVersion\": \"1.1\","
                + " \"eventSource\": \"aws:dynamodb\", \"awsRegion\": \"us-east-1\", \"dynamodb\": {"
                + "\"ApproximateCreationDateTime\": 1718000000, \"Keys\": {\"pk\": {\"S\": \"a\"}, \"sk\": {\"N\": \"1\"}}, "
                + images + ", \"SequenceNumber\": \"100\", \"SizeBytes\": 50,"
                + " \"StreamViewType\": \"NEW_AND_OLD_IMAGES\"}, \"eventSourceARN\": \"" + ARN + "\"}";
    }

    @Test
    void aSharedKinesisStreamGivesTheNamedTablesRecordsAndAnExportFolderItsDataFilesOnly() {
        String other = kinesisRecord("9", "\"total\": {\"N\": \"1\"}").replace("Customers", "Orders")
                .replace("\"id\"", "\"order_id\"");
        gzip(dir.resolve("shared/2024/06/10/12/all-1.gz"), kinesisRecord("7", "\"name\": {\"S\": \"Ann\"}") + other);
        Path out = dir.resolve("tables.json");
        Pipeline.Result kinesis = init("--from-dynamodb-records", dir.resolve("shared").toString(), "--dynamodb-table",
                "Customers", "--output", out.toString());
        assertEquals(ExitCodes.OK, kinesis.exitCode(), kinesis.all());
        assertEquals(List.of("id bigint", "name string", "_item_rest string"),
                columns(definitions(out).find("dynamodb.customers").orElseThrow()), "the other table's record left out");

        Path export = dir.resolve("exports/AWSDynamoDB/0173-abc");
        gzip(export.resolve("data/part-0.json.gz"), "{\"Metadata\": {\"WriteTimestampMicros\": {\"N\": \"1\"}},"
                + " \"Keys\": {\"pk\": {\"S\": \"a\"}}, \"NewImage\": {\"pk\": {\"S\": \"a\"}, \"qty\": {\"N\": \"2\"}}}\n"
                + "{\"Item\": {\"pk\": {\"S\": \"b\"}, \"note\": {\"S\": \"x\"}}}\n");
        InitFiles.write(export.resolve("manifest-files.json"), "{\"dataFileS3Key\": \"x\", \"itemCount\": 2}");
        InitFiles.write(export.resolve("manifest-files.md5"), "0f343b0931126a20f133d67c2b018a3b");
        InitFiles.write(export.resolve("manifest-summary.json"), "{\"exportType\": \"INCREMENTAL_EXPORT\"}");
        Path exportOut = dir.resolve("export-tables.json");
        Pipeline.Result exports = init("--from-dynamodb-records", dir.resolve("exports").toString(), "--dynamodb-table",
                "Events", "--output", exportOut.toString());
        assertEquals(ExitCodes.OK, exports.exitCode(), exports.all());
        assertEquals(List.of("pk string", "note string", "qty bigint", "_item_rest string"),
                columns(definitions(exportOut).find("dynamodb.events").orElseThrow()),
                "the data file's lines, a full export's item among them; not the manifests");
    }

    private static String kinesisRecord(String id, String attributes) {
        return "{\"awsRegion\": \"us-east-1\", \"eventID\": \"k" + id + "\", \"eventName\": \"INSERT\","
                + " \"userIdentity\": null, \"recordFormat\": \"application/json\", \"tableName\": \"Customers\","
                + " \"dynamodb\": {\"ApproximateCreationDateTime\": 1718000000000, \"Keys\": {\"id\": {\"N\": \"" + id
                + "\"}}, \"NewImage\": {\"id\": {\"N\": \"" + id + "\"}, " + attributes + "}, \"SizeBytes\": 20},"
                + " \"eventSource\": \"aws:dynamodb\"}";
    }

    private static void gzip(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
