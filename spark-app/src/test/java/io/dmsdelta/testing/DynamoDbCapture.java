package io.dmsdelta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Reads a DynamoDB table's stream as a consumer does (DescribeStream, GetShardIterator, GetRecords, from where the last
 * read ended) and lands what it read in the three shapes dms-delta reads: as the project's Lambda writes stream
 * records, as Firehose writes Kinesis Data Streams for DynamoDB records, and as incremental exports.
 */
public final class DynamoDbCapture {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final String table;
    private final Map<String, String> lastSequence = new HashMap<>();

    public DynamoDbCapture(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        this.dynamo = dynamo;
        this.streams = streams;
        this.table = table;
    }

    /** The records written since the last read, as a Lambda's event holds them (with the stream's ARN). */
    public List<ObjectNode> read() {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<ObjectNode> records = new ArrayList<>();
        for (Shard shard : streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards()) {
            String after = lastSequence.get(shard.shardId());
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(after == null ? ShardIteratorType.TRIM_HORIZON
                            : ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after)).shardIterator();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(current));
                for (Record record : page.records()) {
                    records.add(lambdaRecord(record, arn));
                    lastSequence.put(shard.shardId(), record.dynamodb().sequenceNumber());
                }
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
        }
        return records;
    }

    /** Writes records as the Lambda does: one JSON-lines object per batch, named by its first and last sequence. */
    public static void writeLambdaBatches(Path folder, List<ObjectNode> records, int batchSize) {
        for (int from = 0; from < records.size(); from += batchSize) {
            List<ObjectNode> batch = records.subList(from, Math.min(records.size(), from + batchSize));
            BigInteger first = batch.stream().map(r -> new BigInteger(r.path("dynamodb").path("SequenceNumber")
                    .asText())).min(BigInteger::compareTo).orElseThrow();
            BigInteger last = batch.stream().map(r -> new BigInteger(r.path("dynamodb").path("SequenceNumber")
                    .asText())).max(BigInteger::compareTo).orElseThrow();
            String name = "%040d-%040d.json".formatted(first, last);
            StringBuilder text = new StringBuilder();
            batch.forEach(r -> text.append(r).append('\n'));
            write(folder.resolve(name), text.toString(), false);
        }
    }

    /**
     * A record as Kinesis Data Streams for DynamoDB writes it: the table's name and the record format, the creation
     * time in milliseconds, no sequence number.
     */
    public static ObjectNode kinesisRecord(ObjectNode lambdaRecord, String tableName) {
        ObjectNode record = NODES.objectNode();
        record.put("awsRegion", lambdaRecord.path("awsRegion").asText());
        record.put("eventID", lambdaRecord.path("eventID").asText());
        record.put("eventName", lambdaRecord.path("eventName").asText());
        record.set("userIdentity", lambdaRecord.has("userIdentity") ? lambdaRecord.get("userIdentity")
                : NODES.nullNode());
        record.put("recordFormat", "application/json");
        record.put("tableName", tableName);
        ObjectNode change = lambdaRecord.get("dynamodb").deepCopy();
        change.remove("SequenceNumber");
        change.remove("StreamViewType");
        change.put("ApproximateCreationDateTime", change.get("ApproximateCreationDateTime").decimalValue()
                .movePointRight(3).longValueExact());
        record.set("dynamodb", change);
        record.put("eventSource", "aws:dynamodb");
        return record;
    }

    /** Firehose's objects: records concatenated with no delimiter, or one per line, under YYYY/MM/dd/HH/. */
    public static void writeFirehoseObject(Path folder, String hour, String name, List<ObjectNode> records,
                                           boolean newlines) {
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r).append(newlines ? "\n" : ""));
        write(folder.resolve(hour).resolve(name), text.toString(), false);
    }

    /**
     * One incremental export of the records of a window, as DynamoDB writes it: one line per item changed in the
     * window (its image before the window and after it, or its key when it was deleted), spread over data files, then
     * the manifests, the summary last.
     */
    public static void writeIncrementalExport(Path folder, String exportId, List<ObjectNode> window, int dataFiles) {
        Map<String, ObjectNode> first = new java.util.LinkedHashMap<>();
        Map<String, ObjectNode> last = new java.util.LinkedHashMap<>();
        for (ObjectNode record : window) {
            String key = record.path("dynamodb").path("Keys").toString();
            first.putIfAbsent(key, record);
            last.put(key, record);
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, ObjectNode> entry : last.entrySet()) {
            JsonNode before = first.get(entry.getKey()).path("dynamodb").get("OldImage");
            JsonNode after = entry.getValue().path("dynamodb").get("NewImage");
            if (before == null && after == null) {
                continue; // created and deleted within the window: nothing to export
            }
            ObjectNode line = NODES.objectNode();
            long micros = entry.getValue().path("dynamodb").path("ApproximateCreationDateTime").decimalValue()
                    .movePointRight(6).longValue();
            line.putObject("Metadata").putObject("WriteTimestampMicros").put("N", String.valueOf(micros));
            line.set("Keys", entry.getValue().path("dynamodb").get("Keys"));
            if (before != null) {
                line.set("OldImage", before);
            }
            if (after != null) {
                line.set("NewImage", after);
            }
            lines.add(line.toString());
        }
        Path export = folder.resolve("AWSDynamoDB").resolve(exportId);
        StringBuilder manifest = new StringBuilder();
        for (int f = 0; f < dataFiles; f++) {
            StringBuilder text = new StringBuilder();
            int count = 0;
            for (int i = f; i < lines.size(); i += dataFiles) {
                text.append(lines.get(i)).append('\n');
                count++;
            }
            String name = "data/" + exportId + "-" + f + ".json.gz";
            write(export.resolve(name), text.toString(), true);
            manifest.append("{\"itemCount\":").append(count).append(",\"md5Checksum\":\"x\",\"dataFileS3Key\":\"")
                    .append("AWSDynamoDB/").append(exportId).append('/').append(name).append("\"}\n");
        }
        write(export.resolve("manifest-files.json"), manifest.toString(), false);
        write(export.resolve("manifest-summary.json"), "{\"version\":\"2023-08-01\",\"exportArn\":\"arn:" + exportId
                + "\",\"exportType\":\"INCREMENTAL_EXPORT\",\"outputFormat\":\"DYNAMODB_JSON\",\"itemCount\":"
                + lines.size() + "}\n", false);
    }

    private static ObjectNode lambdaRecord(Record record, String streamArn) {
        ObjectNode json = NODES.objectNode();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", record.eventVersion());
        json.put("eventSource", record.eventSource());
        json.put("awsRegion", record.awsRegion());
        StreamRecord change = record.dynamodb();
        ObjectNode dynamodb = json.putObject("dynamodb");
        dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(change.approximateCreationDateTime()
                .toEpochMilli()).movePointLeft(3));
        dynamodb.set("Keys", item(change.keys()));
        if (change.hasNewImage()) {
            dynamodb.set("NewImage", item(change.newImage()));
        }
        if (change.hasOldImage()) {
            dynamodb.set("OldImage", item(change.oldImage()));
        }
        dynamodb.put("SequenceNumber", change.sequenceNumber());
        dynamodb.put("SizeBytes", change.sizeBytes());
        dynamodb.put("StreamViewType", change.streamViewTypeAsString());
        if (record.userIdentity() != null) {
            json.putObject("userIdentity").put("type", record.userIdentity().type())
                    .put("principalId", record.userIdentity().principalId());
        }
        json.put("eventSourceARN", streamArn);
        return json;
    }

    /** An item in DynamoDB's JSON, as the service writes it in records. */
    public static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode json = NODES.objectNode();
        item.forEach((name, value) -> json.set(name, value(value)));
        return json;
    }

    private static ObjectNode value(AttributeValue value) {
        ObjectNode json = NODES.objectNode();
        switch (value.type()) {
            case S -> json.put("S", value.s());
            case N -> json.put("N", value.n());
            case B -> json.put("B", Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> json.put("BOOL", value.bool());
            case NUL -> json.put("NULL", true);
            case M -> json.set("M", item(value.m()));
            case L -> {
                ArrayNode list = json.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            case SS -> value.ss().forEach(json.putArray("SS")::add);
            case NS -> value.ns().forEach(json.putArray("NS")::add);
            case BS -> {
                ArrayNode set = json.putArray("BS");
                value.bs().forEach(b -> set.add(Base64.getEncoder().encodeToString(b.asByteArray())));
            }
            default -> throw new IllegalArgumentException("unknown attribute value " + value);
        }
        return json;
    }

    private static void write(Path file, String text, boolean gzip) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file))
                    : Files.newOutputStream(file)) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
