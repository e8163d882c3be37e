package io.dmsdelta.trigger.event;

import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads the JSON the function is invoked with: an S3 event notification ({@code Records}), an EventBridge
 * Scheduled Event ({@code "source": "aws.events"}, {@code "detail-type": "Scheduled Event"}), or S3's test event.
 *
 * <p>The function takes its event as a stream rather than as the Lambda runtime's {@code S3Event}, so that one
 * function (and so one reserved concurrency of 1) serves both the bucket's notifications and the schedule. The JSON
 * is read with the AWS SDK's own JSON tree (json-utils, the basis of the Glue client's JSON protocol, so already in
 * the jar); {@code TriggerEventsTest} checks that every S3 fixture reads as the runtime's {@code S3Event} reads it.
 */
public final class TriggerEvents {

    private static final JsonNodeParser PARSER = JsonNode.parser();
    private static final String SHAPES = "an S3 event notification (\"Records\"), an EventBridge Scheduled Event"
            + " (\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\") or S3's test event";

    private TriggerEvents() {
    }

    /**
     * @throws IllegalArgumentException if the input is not JSON, is none of the events above, or is an S3
     *                                  notification with a record that lacks {@code s3.bucket.name} or
     *                                  {@code s3.object.key}; the message says which
     */
    public static TriggerEvent parse(InputStream json) {
        JsonNode event;
        try {
            event = PARSER.parse(json);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // Neither the parser's message nor the exception goes on: both quote the input.
            throw new IllegalArgumentException("The function was invoked with input that is not JSON; it takes "
                    + SHAPES + ". Nothing was started.");
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("The function was invoked with JSON that is not an object; it takes "
                    + SHAPES + ".");
        }
        Map<String, JsonNode> fields = event.asObject();
        if (fields.containsKey("Records")) {
            return notification(fields.get("Records"));
        }
        if (text(event, "source").equals(Optional.of("aws.events"))
                && text(event, "detail-type").equals(Optional.of("Scheduled Event"))) {
            String rule = event.field("resources").filter(JsonNode::isArray).flatMap(r -> r.index(0))
                    .filter(JsonNode::isString).map(JsonNode::asString).orElse("");
            return new TriggerEvent.Scheduled(rule);
        }
        if (text(event, "Event").equals(Optional.of("s3:TestEvent"))) {
            return new TriggerEvent.S3TestEvent(text(event, "Bucket").orElse(""));
        }
        throw new IllegalArgumentException("The function was invoked with an event it does not take (its fields: "
                + fields.keySet().stream().limit(12).map(LogSafe::uri).collect(Collectors.joining(", "))
                + "); it takes " + SHAPES + ". Nothing was started.");
    }

    private static TriggerEvent.S3Notification notification(JsonNode records) {
        if (!records.isArray()) {
            throw new IllegalArgumentException("The S3 event notification's Records is not a list.");
        }
        List<TriggerEvent.ObjectRecord> parsed = new ArrayList<>();
        List<JsonNode> items = records.asArray();
        for (int i = 0; i < items.size(); i++) {
            JsonNode record = items.get(i);
            Optional<JsonNode> s3 = record.isObject() ? record.field("s3") : Optional.empty();
            Optional<String> bucket = s3.flatMap(n -> n.field("bucket")).flatMap(n -> text(n, "name"));
            Optional<JsonNode> object = s3.flatMap(n -> n.field("object"));
            Optional<String> key = object.flatMap(n -> text(n, "key"));
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new IllegalArgumentException("Record " + (i + 1) + " of " + items.size() + " of the S3 event"
                        + " notification has no s3.bucket.name or s3.object.key: it is not a record S3 writes."
                        + " Nothing was started for the event.");
            }
            parsed.add(new TriggerEvent.ObjectRecord(text(record, "eventName").orElse(null), bucket.get(), key.get(),
                    object.flatMap(n -> n.field("size")).flatMap(TriggerEvents::wholeNumber).orElse(null)));
        }
        return new TriggerEvent.S3Notification(parsed);
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString);
    }

    private static Optional<Long> wholeNumber(JsonNode node) {
        if (!node.isNumber()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(node.asNumber()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
