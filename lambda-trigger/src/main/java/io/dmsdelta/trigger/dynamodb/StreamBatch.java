package io.dmsdelta.trigger.dynamodb;

import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The records a DynamoDB stream's event source mapping invokes the function with, every one checked before anything
 * is stored: {@code {"Records": [...]}}, each record from {@code aws:dynamodb}, with a {@code dynamodb.SequenceNumber}
 * and the {@code eventSourceARN} of a table's stream.
 *
 * @param records in the batch's order
 */
record StreamBatch(List<StreamRecord> records) {

    /** {@code arn:<partition>:dynamodb:<region>:<account>:table/<TableName>/stream/<label>}, with DynamoDB's table names. */
    static final Pattern STREAM_ARN = Pattern.compile(
            "arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/([a-zA-Z0-9_.-]{3,255})/stream/[0-9A-Za-z:._-]+");
    /** DynamoDB's are 21 to 40 digits; more would not fit the 40 digits of an object's name. */
    private static final Pattern SEQUENCE_NUMBER = Pattern.compile("[0-9]{1,40}");
    private static final String TAKES = "the function takes the batches of a DynamoDB stream's event source mapping,"
            + " {\"Records\": [...]}";
    private static final String NOTHING_STORED = " Nothing of the batch was stored; Lambda retries it, then sends it to"
            + " the on-failure destination.";

    StreamBatch {
        records = List.copyOf(records);
    }

    /** @throws IllegalArgumentException naming what is wrong, and with which record (its index and eventID) */
    static StreamBatch parse(InputStream event) {
        JsonNode root;
        try {
            root = JsonNode.parser().parse(requireNonNull(event, "event"));
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // The parser's message quotes the input: it stays out of the log.
            throw new IllegalArgumentException("The function was invoked with input that is not JSON; " + TAKES + "."
                    + NOTHING_STORED);
        }
        JsonNode records = root != null && root.isObject() ? root.field("Records").orElse(null) : null;
        if (records == null || !records.isArray()) {
            throw new IllegalArgumentException("The function was invoked without a list of Records; " + TAKES + "."
                    + NOTHING_STORED);
        }
        List<StreamRecord> parsed = new ArrayList<>();
        List<JsonNode> items = records.asArray();
        for (int i = 0; i < items.size(); i++) {
            parsed.add(record(i, items.get(i)));
        }
        return new StreamBatch(parsed);
    }

    /** The records of each table, each in the batch's order; the tables in the order they first come. */
    List<TableBatch> byTable() {
        Map<String, List<StreamRecord>> tables = new LinkedHashMap<>();
        records.forEach(r -> tables.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r));
        return tables.entrySet().stream().map(e -> new TableBatch(e.getKey(), e.getValue())).toList();
    }

    private static StreamRecord record(int index, JsonNode record) {
        if (!record.isObject()) {
            throw refused(index, record, "is not a JSON object");
        }
        Optional<String> source = text(record, "eventSource");
        if (!source.equals(Optional.of("aws:dynamodb"))) {
            throw refused(index, record, "has eventSource " + source.map(s -> "'" + LogSafe.text(s) + "'")
                    .orElse("missing") + ", not 'aws:dynamodb'");
        }
        Optional<String> sequenceNumber = record.field("dynamodb").flatMap(d -> text(d, "SequenceNumber"));
        if (sequenceNumber.isEmpty() || !SEQUENCE_NUMBER.matcher(sequenceNumber.get()).matches()) {
            throw refused(index, record, "has no dynamodb.SequenceNumber of decimal digits (at most 40)");
        }
        Optional<String> arn = text(record, "eventSourceARN");
        Matcher table = STREAM_ARN.matcher(arn.orElse(""));
        if (!table.matches()) {
            throw refused(index, record, "has no eventSourceARN of a DynamoDB stream, arn:<partition>:dynamodb:"
                    + "<region>:<account>:table/<TableName>/stream/<label>" + arn.map(a -> " (it has '"
                    + LogSafe.text(a) + "')").orElse(""));
        }
        return new StreamRecord(table.group(1), new BigInteger(sequenceNumber.get()), record);
    }

    private static IllegalArgumentException refused(int index, JsonNode record, String problem) {
        String eventId = record.isObject() ? text(record, "eventID").map(id -> "eventID '" + LogSafe.text(id) + "'")
                .orElse("no eventID") : "no eventID";
        return new IllegalArgumentException("Records[" + index + "] (" + eventId + ") " + problem + "; " + TAKES
                + "." + NOTHING_STORED);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.isObject() ? node.field(field).filter(JsonNode::isString).map(JsonNode::asString)
                : Optional.empty();
    }
}
