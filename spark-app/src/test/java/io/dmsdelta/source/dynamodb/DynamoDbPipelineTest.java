package io.dmsdelta.source.dynamodb;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A DynamoDB table's input through the whole pipeline: a descriptor that does not fit its column fails the batch
 * naming file, line, attribute and descriptor, with nothing written; a delete by time to live kept as a flag; arrays
 * and structs typed from lists, sets and maps; an export still being written waits. The producer's own records are
 * tested in {@code DynamoDbStreamsTest}.
 */
class DynamoDbPipelineTest {

    @TempDir
    Path dir;

    private static String tables(String shape, String ttl) {
        return """
                {"tables": [{"schema": "ddb", "table": "t", "primaryKey": ["pk"],
                  "source": {"format": "dynamodb", "folder": "dynamodb/T", "shape": "%s", "dynamoTable": "T"%s},
                  "columns": [{"name": "pk", "type": "string"}, {"name": "n", "type": "decimal(10,2)"},
                              {"name": "tags", "type": "array<bigint>"}, {"name": "geo", "type": "struct<lat:double,lon:double>"},
                              {"name": "expired", "type": "boolean"}]}]}
                """.formatted(shape, ttl);
    }

    private static String record(String event, String seq, String image, String extra) {
        String images = event.equals("REMOVE") ? "\"OldImage\":" + image : "\"NewImage\":" + image;
        return "{\"eventName\":\"" + event + "\",\"eventSource\":\"aws:dynamodb\"" + extra
                + ",\"dynamodb\":{\"Keys\":{\"pk\":{\"S\":\"a\"}}," + images + ",\"SequenceNumber\":\"" + seq + "\"}}";
    }

    @Test
    void aDescriptorThatDoesNotFitItsColumnFailsTheBatchNamingFileLineAttributeAndDescriptor() {
        Pipeline p = new Pipeline(dir).withTables(tables("stream", ""));
        p.file("dynamodb/T/0001-0002.json", record("INSERT", "1", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.5\"}}", ""),
                record("MODIFY", "2", "{\"pk\":{\"S\":\"a\"},\"n\":{\"S\":\"1.5\"}}", ""));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("ddb.t", TableStatus.FAILED, Reason.BAD_INPUT, "0001-0002.json", "line 2", "n", "S",
                "decimal(10,2)");
        assertFalse(Files.exists(Path.of(p.tablePath("ddb", "t"), "_delta_log")));
    }

    @Test
    void aNumberWithMoreDecimalPlacesThanTheColumnHoldsFailsRatherThanRounds() {
        Pipeline p = new Pipeline(dir).withTables(tables("stream", ""));
        p.file("dynamodb/T/0001-0001.json", record("INSERT", "1", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1.505\"}}",
                ""));
        p.run().assertTable("ddb.t", TableStatus.FAILED, Reason.BAD_INPUT, "line 1", "n", "1.505", "decimal places");
    }

    @Test
    void setsListsAndMapsAreTypedAndADeleteByTimeToLiveIsKeptFlaggedWhenAsked() {
        Pipeline p = new Pipeline(dir).withTables(tables("stream", ", \"ttlDeletes\": \"flag\", \"ttlFlagColumn\": \"expired\""));
        p.file("dynamodb/T/0001-0003.json",
                record("INSERT", "1", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"2.50\"},\"tags\":{\"NS\":[\"9007199254740993\"]},"
                        + "\"geo\":{\"M\":{\"lat\":{\"N\":\"45.76\"}}}}", ""),
                record("MODIFY", "2", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"3\"},\"tags\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"}]}}", ""),
                record("REMOVE", "3", "{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"3\"},\"tags\":{\"L\":[{\"N\":\"1\"},{\"N\":\"2\"}]}}",
                        ",\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}"));
        p.file("dynamodb/T/0001-0001.json",
                record("INSERT", "1", "{\"pk\":{\"S\":\"b\"},\"geo\":{\"M\":{\"lat\":{\"N\":\"1\"},\"lon\":{\"N\":\"2\"}}},"
                        + "\"tags\":{\"NS\":[\"9007199254740993\"]}}", ""));
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of("a|3.00|WrappedArray(1, 2)|null|true|3",
                "b|null|WrappedArray(9007199254740993)|[1.0,2.0]|false|1"), p.rows("ddb", "t"));
    }

    @Test
    void anExportIsReadOnceItsSummaryIsWritten() throws Exception {
        Pipeline p = new Pipeline(dir).withTables(tables("export", ""));
        Path export = p.source.resolve("dynamodb/T/AWSDynamoDB/0173-abc");
        Files.createDirectories(export.resolve("data"));
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(export.resolve("data/x.json.gz")))) {
            out.write(("{\"Metadata\":{\"WriteTimestampMicros\":{\"N\":\"1796665465579123\"}},\"Keys\":{\"pk\":{\"S\":\"a\"}},"
                    + "\"NewImage\":{\"pk\":{\"S\":\"a\"},\"n\":{\"N\":\"1\"}}}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Pipeline.Result first = p.run();
        assertEquals(ExitCodes.OK, first.exitCode(), first.all());
        assertFalse(Files.exists(Path.of(p.tablePath("ddb", "t"), "_delta_log")), "the export is still being written");
        Files.writeString(export.resolve("manifest-files.json"), "{\"dataFileS3Key\":\"x\"}\n");
        Files.writeString(export.resolve("manifest-summary.json"), "{\"exportType\":\"INCREMENTAL_EXPORT\"}\n");
        Pipeline.Result second = p.run();
        assertEquals(ExitCodes.OK, second.exitCode(), second.all());
        assertEquals(List.of("a|1.00|null|null|null|1796665465579123"), p.rows("ddb", "t"));
    }
}
