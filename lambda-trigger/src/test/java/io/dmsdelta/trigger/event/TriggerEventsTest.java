package io.dmsdelta.trigger.event;

import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import io.dmsdelta.trigger.testing.EventFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerEventsTest {

    @ParameterizedTest
    @ValueSource(strings = {"cdc-file.json", "cdc-date-partitioned.json", "cdc-txn-file.json", "encoded-key.json",
            "load-parallel-subfolder.json", "same-table-records.json", "two-tables.json", "many-tables.json",
            "ignored/dot-dot-traversal.json", "ignored/dot-segment.json", "ignored/empty-segment.json",
            "ignored/folder-marker.json", "ignored/hadoop-folder-marker.json", "ignored/newline-key.json",
            "ignored/not-in-table-folder.json", "ignored/object-removed.json", "ignored/other-bucket.json",
            "ignored/outside-prefix.json", "ignored/prefix-look-alike.json", "ignored/readme.json",
            "ignored/temporary-file.json"})
    void readsEachS3RecordAsTheLambdaRuntimeDoes(String fixture) {
        List<JsonNode> raw = JsonNode.parser().parse(EventFixtures.bytes(fixture)).field("Records").get().asArray();
        List<S3EventNotificationRecord> records = EventFixtures.s3Event(fixture).getRecords();
        // One difference: S3 writes no size for a deletion, which the runtime reads as 0 and the trigger as unknown.
        List<TriggerEvent.ObjectRecord> expected = IntStream.range(0, records.size())
                .mapToObj(i -> new TriggerEvent.ObjectRecord(records.get(i).getEventName(),
                        records.get(i).getS3().getBucket().getName(), records.get(i).getS3().getObject().getKey(),
                        raw.get(i).field("s3").get().field("object").get().field("size").isPresent()
                                ? records.get(i).getS3().getObject().getSizeAsLong() : null))
                .toList();

        TriggerEvent event = TriggerEvents.parse(EventFixtures.stream(fixture));

        assertFalse(expected.isEmpty());
        assertEquals(new TriggerEvent.S3Notification(expected), event);
    }

    @Test
    void keepsTheKeyEncodedAndASizeThatIsMissingNull() {
        TriggerEvent.S3Notification encoded = (TriggerEvent.S3Notification) TriggerEvents.parse(
                EventFixtures.stream("encoded-key.json"));
        TriggerEvent.S3Notification removed = (TriggerEvent.S3Notification) TriggerEvents.parse(
                EventFixtures.stream("ignored/object-removed.json"));

        assertEquals(new TriggerEvent.ObjectRecord("ObjectCreated:Put", "dms-bucket",
                "dms/my+schema/Ord%C3%A9r%2BLines+100%25/20240612-103125108.csv", 1024L), encoded.records().get(0));
        assertEquals(new TriggerEvent.ObjectRecord("ObjectRemoved:Delete", "dms-bucket",
                "dms/sales/order_lines/20240612-103125108.csv", null), removed.records().get(0));
    }

    @Test
    void readsAnEventBridgeScheduledEvent() {
        assertEquals(new TriggerEvent.Scheduled("arn:aws:events:us-east-1:123456789012:rule/"
                + "dms-delta-TriggerSchedule-1A2B3C4D5E6F"), TriggerEvents.parse(EventFixtures.stream("scheduled-event.json")));
        assertEquals(new TriggerEvent.Scheduled(""), parse("{\"source\":\"aws.events\",\"detail-type\":"
                + "\"Scheduled Event\",\"detail\":{}}"));
    }

    @Test
    void readsTheTestEventS3SendsWhenANotificationIsSetUp() {
        assertEquals(new TriggerEvent.S3TestEvent("dms-bucket"), TriggerEvents.parse(
                EventFixtures.stream("s3-test-event.json")));
    }

    @Test
    void readsAnS3NotificationWithoutRecordsAsEmpty() {
        assertEquals(new TriggerEvent.S3Notification(List.of()), parse("{\"Records\":[]}"));
    }

    @Test
    void refusesInputThatIsNotJsonWithoutEchoingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"Records\": [\nsecret"));

        assertTrue(e.getMessage().startsWith("The function was invoked with input that is not JSON; it takes "),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void refusesAnotherKindOfEventNamingItsFields() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"source\":"
                + "\"aws.s3\",\"detail-type\":\"Object Created\",\"detail\":{},\"x\\ny\":1}"));

        assertEquals("The function was invoked with an event it does not take (its fields: source, detail-type,"
                + " detail, x%0Ay); it takes an S3 event notification (\"Records\"), an EventBridge Scheduled Event"
                + " (\"source\": \"aws.events\", \"detail-type\": \"Scheduled Event\") or S3's test event. Nothing"
                + " was started.", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> parse(""));
    }

    @Test
    void refusesAnS3RecordWithoutBucketOrKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("{\"Records\":["
                + "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"dms-bucket\"},\"object\":{}}}]}"));

        assertEquals("Record 1 of 1 of the S3 event notification has no s3.bucket.name or s3.object.key: it is not a"
                + " record S3 writes. Nothing was started for the event.", e.getMessage());
    }

    private static TriggerEvent parse(String json) {
        return TriggerEvents.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
