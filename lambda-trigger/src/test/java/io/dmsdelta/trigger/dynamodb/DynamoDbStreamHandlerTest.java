package io.dmsdelta.trigger.dynamodb;

import io.dmsdelta.testing.S3MockServer;
import io.dmsdelta.trigger.s3.DmsBucketFolder;
import io.dmsdelta.trigger.testing.LocalEndpoint;
import io.dmsdelta.trigger.testing.RecordingContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DynamoDB stream function against the S3 test server: the exact object each batch becomes (name and bytes), a
 * retried batch, what it refuses, failed puts, and its setting.
 */
class DynamoDbStreamHandlerTest {

    private static final String ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders/stream/"
            + "2026-12-30T14:05:06.789";

    /** The records of events/dynamodb/orders-batch.json as they must be stored: compact, numbers as written. */
    private static final String INSERT = "{\"eventID\":\"7de3041dd709b024af6f29e4fa13d34c\",\"eventName\":\"INSERT\","
            + "\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"eu-west-1\",\"dynamodb\":{"
            + "\"ApproximateCreationDateTime\":1767103506,\"Keys\":{\"id\":{\"S\":\"o-1\"}},\"NewImage\":{\"id\":{"
            + "\"S\":\"o-1\"},\"amount\":{\"N\":\"123456789012345678901234567890.123\"},\"note\":{\"S\":\"line one"
            + "\\nline two \\\"quoted\\\" \u00e9\"},\"tags\":{\"L\":[{\"S\":\"new\"},{\"BOOL\":true},{\"NULL\":true}]}},"
            + "\"SequenceNumber\":\"999999999999999999990\",\"SizeBytes\":112,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},"
            + "\"eventSourceARN\":\"" + ARN + "\"}";
    private static final String MODIFY = "{\"eventID\":\"f0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5\",\"eventName\":\"MODIFY\","
            + "\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"eu-west-1\",\"dynamodb\":{"
            + "\"ApproximateCreationDateTime\":1.767103507E9,\"Keys\":{\"id\":{\"S\":\"o-1\"}},\"NewImage\":{\"id\":{"
            + "\"S\":\"o-1\"},\"amount\":{\"N\":\"0.00000000000000000001\"}},\"OldImage\":{\"id\":{\"S\":\"o-1\"},"
            + "\"amount\":{\"N\":\"123456789012345678901234567890.123\"}},\"SequenceNumber\":\"1000000000000000000010\","
            + "\"SizeBytes\":76,\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},\"eventSourceARN\":\"" + ARN + "\"}";
    /** A delete by TTL: DynamoDB's service identity. */
    private static final String TTL_REMOVE = "{\"eventID\":\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\",\"eventName\":"
            + "\"REMOVE\",\"eventVersion\":\"1.1\",\"eventSource\":\"aws:dynamodb\",\"awsRegion\":\"eu-west-1\","
            + "\"dynamodb\":{\"ApproximateCreationDateTime\":1767103508.123456789012345678901234567890,\"Keys\":{"
            + "\"id\":{\"S\":\"o-1\"}},\"OldImage\":{\"id\":{\"S\":\"o-1\"},\"amount\":{\"N\":"
            + "\"0.00000000000000000001\"}},\"SequenceNumber\":\"1000000000000000000020\",\"SizeBytes\":44,"
            + "\"StreamViewType\":\"NEW_AND_OLD_IMAGES\"},\"userIdentity\":{\"type\":\"Service\",\"principalId\":"
            + "\"dynamodb.amazonaws.com\"},\"eventSourceARN\":\"" + ARN + "\"}";
    /**
     * The smallest sequence number (21 digits) and the largest (22), padded to 40: as text, the 22 digits of the
     * others would come first.
     */
    private static final String OBJECT = "dynamodb/Orders/0000000000000000000999999999999999999990-"
            + "0000000000000000001000000000000000000020.json";

    private static S3Client s3;
    private final String bucket = "dynamodb-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void server() {
        s3 = S3MockServer.get().client();
    }

    private DynamoDbStreamHandler handler() {
        s3.createBucket(b -> b.bucket(bucket));
        return handler(s3);
    }

    private DynamoDbStreamHandler handler(S3Client client) {
        return new DynamoDbStreamHandler(new DynamoDbStreamSink(DynamoDbStreamConfig.of(Map.of(
                DynamoDbStreamConfig.DYNAMODB_STREAM_URI, "s3://" + bucket + "/dynamodb/")).folder(), client));
    }

    private static String invoke(DynamoDbStreamHandler handler, String event) throws IOException {
        return invoke(handler, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
    }

    private static String invoke(DynamoDbStreamHandler handler, InputStream event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(event, out, new RecordingContext());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static InputStream ordersBatch() {
        return DynamoDbStreamHandlerTest.class.getResourceAsStream("/events/dynamodb/orders-batch.json");
    }

    private static String batch(String... records) {
        return "{\"Records\":[" + String.join(",", records) + "]}";
    }

    /** A record of the Orders stream with this event id and sequence number. */
    private static String record(String eventId, String sequenceNumber) {
        return record(eventId, sequenceNumber, "aws:dynamodb", ARN);
    }

    private static String record(String eventId, String sequenceNumber, String eventSource, String arn) {
        return "{\"eventID\":\"" + eventId + "\",\"eventName\":\"INSERT\",\"eventVersion\":\"1.1\",\"eventSource\":\""
                + eventSource + "\",\"awsRegion\":\"eu-west-1\",\"dynamodb\":{\"ApproximateCreationDateTime\":1767103506,"
                + "\"Keys\":{\"id\":{\"S\":\"" + eventId + "\"}},\"NewImage\":{\"id\":{\"S\":\"" + eventId + "\"}},"
                + "\"SequenceNumber\":\"" + sequenceNumber + "\",\"SizeBytes\":20,\"StreamViewType\":"
                + "\"NEW_AND_OLD_IMAGES\"},\"eventSourceARN\":\"" + arn + "\"}";
    }

    private List<String> keys() {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    private String object(String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
    }

    @Test
    void storesTheBatchAsOneJsonLinesObjectNamedByItsSmallestAndLargestSequenceNumbers() throws IOException {
        String answer = invoke(handler(), ordersBatch());

        assertEquals("{\"stored\":[\"s3://" + bucket + "/" + OBJECT + "\"]}", answer);
        assertEquals(List.of(OBJECT), keys());
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(OBJECT));
        assertArrayEquals((INSERT + "\n" + MODIFY + "\n" + TTL_REMOVE + "\n").getBytes(StandardCharsets.UTF_8),
                object.asByteArray(), "each record as delivered, compact, numbers as written, in the batch's order");
        assertEquals("application/x-ndjson", object.response().contentType());
    }

    @Test
    void aRetriedBatchReplacesItsObjectAndABisectedHalfWritesOneOfItsOwn() throws IOException {
        DynamoDbStreamHandler handler = handler();
        invoke(handler, ordersBatch());
        invoke(handler, ordersBatch());
        assertEquals(List.of(OBJECT), keys());

        invoke(handler, batch(INSERT, MODIFY));
        String half = "dynamodb/Orders/0000000000000000000999999999999999999990-"
                + "0000000000000000001000000000000000000010.json";
        assertEquals(List.of(half, OBJECT), keys());
        assertEquals(INSERT + "\n" + MODIFY + "\n", object(half));
        assertEquals(INSERT + "\n" + MODIFY + "\n" + TTL_REMOVE + "\n", object(OBJECT));
    }

    @Test
    void aBatchWithRecordsOfTwoTablesWritesAnObjectForEachInTheBatchsOrder() throws IOException {
        String customers = "arn:aws:dynamodb:eu-west-1:123456789012:table/Customers/stream/2026-01-02T03:04:05.006";
        String a = record("a", "300000000000000000000001");
        String b = record("b", "200000000000000000000002", "aws:dynamodb", customers);
        String c = record("c", "100000000000000000000003");
        String d = record("d", "200000000000000000000004", "aws:dynamodb", customers);

        String answer = invoke(handler(), batch(a, b, c, d));

        String orders = "dynamodb/Orders/0000000000000000100000000000000000000003-"
                + "0000000000000000300000000000000000000001.json";
        String customersObject = "dynamodb/Customers/0000000000000000200000000000000000000002-"
                + "0000000000000000200000000000000000000004.json";
        assertEquals("{\"stored\":[\"s3://" + bucket + "/" + orders + "\",\"s3://" + bucket + "/" + customersObject
                + "\"]}", answer);
        assertEquals(List.of(customersObject, orders), keys());
        assertEquals(a + "\n" + c + "\n", object(orders));
        assertEquals(b + "\n" + d + "\n", object(customersObject));
    }

    @Test
    void anEmptyBatchStoresNothingAndSucceeds() throws IOException {
        assertEquals("{\"stored\":[]}", invoke(handler(), "{\"Records\": []}"));
        assertEquals(List.of(), keys());
    }

    @Test
    void aBatchWithARecordThatIsNotFromADynamoDbStreamFailsNamingTheRecordAndStoresNothing() {
        DynamoDbStreamHandler handler = handler();
        String good = record("good", "100000000000000000000001");
        Map<String, String> refused = Map.of(
                "kinesis", record("kinesis", "100000000000000000000002", "aws:kinesis", ARN),
                "letters", record("letters", "10000000000000000000000x"),
                "too-long", record("too-long", "1".repeat(41)),
                "table-arn", record("table-arn", "100000000000000000000002", "aws:dynamodb",
                        "arn:aws:dynamodb:eu-west-1:123456789012:table/Orders"),
                "other-arn", record("other-arn", "100000000000000000000002", "aws:dynamodb",
                        "arn:aws:kinesis:eu-west-1:123456789012:stream/Orders"),
                "no-sequence", "{\"eventID\":\"no-sequence\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                        + "\"SequenceNumber\":100000000000000000000002},\"eventSourceARN\":\"" + ARN + "\"}",
                "no-arn", "{\"eventID\":\"no-arn\",\"eventSource\":\"aws:dynamodb\",\"dynamodb\":{"
                        + "\"SequenceNumber\":\"100000000000000000000002\"}}",
                "no-dynamodb", "{\"eventID\":\"no-dynamodb\",\"eventSource\":\"aws:dynamodb\",\"eventSourceARN\":\""
                        + ARN + "\"}");
        refused.forEach((eventId, record) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> invoke(handler, batch(good, record)), eventId);
            assertTrue(e.getMessage().startsWith("Records[1] (eventID '" + eventId + "') "), e.getMessage());
        });
        IllegalArgumentException notAnObject = assertThrows(IllegalArgumentException.class,
                () -> invoke(handler, batch(good, "42")));
        assertTrue(notAnObject.getMessage().startsWith("Records[1] (no eventID) "), notAnObject.getMessage());
        for (String event : List.of("not json", "[]", "{}", "{\"records\":[]}", "{\"Records\":{}}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> invoke(handler, event),
                    event);
            assertTrue(e.getMessage().startsWith("The function was invoked with"), e.getMessage());
        }
        assertEquals(List.of(), keys());
    }

    @Test
    void aFailedPutFailsTheInvocation() throws IOException {
        DynamoDbStreamHandler noBucket = handler(s3); // the bucket was never created
        S3Exception missing = assertThrows(S3Exception.class, () -> invoke(noBucket, ordersBatch()));
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());

        int stopped;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            stopped = socket.getLocalPort();
        }
        try (S3Client nobody = LocalEndpoint.at(S3Client.builder(), URI.create("http://127.0.0.1:" + stopped))
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThrows(SdkClientException.class, () -> invoke(handler(nobody), ordersBatch()));
        }
    }

    @Test
    void theFolderIsAnS3UriAndRequired() {
        String name = DynamoDbStreamConfig.DYNAMODB_STREAM_URI;
        assertEquals(new DmsBucketFolder("dms-bucket", "dms/dynamodb"),
                DynamoDbStreamConfig.of(Map.of(name, "s3://dms-bucket/dms/dynamodb/")).folder());
        assertEquals(new DmsBucketFolder("dms-bucket", ""),
                DynamoDbStreamConfig.of(Map.of(name, "s3://dms-bucket")).folder());
        for (Map<String, String> wrong : List.of(Map.<String, String>of(), Map.of(name, " "),
                Map.of(name, "dms-bucket/dms/dynamodb"), Map.of(name, "s3://DMS_bucket/dynamodb"),
                Map.of(name, "s3://dms-bucket/dms//dynamodb"), Map.of(name, "s3://dms-bucket/../dynamodb"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DynamoDbStreamConfig.of(wrong), wrong.toString());
            assertTrue(e.getMessage().startsWith("Environment variable " + name + " is "), e.getMessage());
        }
    }
}
