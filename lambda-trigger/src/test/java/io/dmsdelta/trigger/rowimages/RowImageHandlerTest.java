package io.dmsdelta.trigger.rowimages;

import io.dmsdelta.testing.S3MockServer;
import io.dmsdelta.trigger.testing.FirehoseStub;
import io.dmsdelta.trigger.testing.RecordingContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The row-image function: against a Firehose stand-in (the exact PutRecord requests) and the S3 test server (the exact
 * objects), and what it refuses.
 */
class RowImageHandlerTest {

    /** As the trigger sends it: json_build_object's text, numbers as PostgreSQL wrote them. */
    private static final String EVENT = "{\"op\" : \"UPDATE\", \"schema\" : \"public\", \"table\" : \"accounts\","
            + " \"seq\" : 42, \"txid\" : 761, \"ts\" : \"2026-12-07T14:05:06.123456+00:00\", \"old\" : {\"id\":7,"
            + "\"balance\":12345678901234567890.10,\"notes\":\"a\\nb\"}, \"new\" : {\"id\":7,"
            + "\"balance\":0.00000001,\"notes\":\"a\\nb\"}}";
    private static final Instant NOW = Instant.parse("2026-12-07T14:05:06.789Z");

    private static S3Client s3;
    private final String bucket = "row-images-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void server() {
        s3 = S3MockServer.get().client();
    }

    private RowImageHandler handler() {
        s3.createBucket(b -> b.bucket(bucket));
        RowImageConfig config = RowImageConfig.of(Map.of(RowImageConfig.ROW_IMAGES_URI, "s3://" + bucket
                + "/row-images/shop/"));
        return new RowImageHandler(new RowImageSink.ObjectPerEvent(config.folder().orElseThrow(), s3,
                Clock.fixed(NOW, ZoneOffset.UTC)));
    }

    @Test
    void putsTheEventAsSentAsOneFirehoseRecordEndingTheLineAndAFailedPutFailsTheInvocation() throws Exception {
        try (FirehoseStub firehose = FirehoseStub.start()) {
            RowImageHandler handler = new RowImageHandler(new RowImageSink.Firehose("dmsdelta-row-images",
                    firehose.client()));
            assertEquals("{\"stored\":\"record record-1 of Firehose stream dmsdelta-row-images\"}",
                    invoke(handler, EVENT + "\n"));
            assertEquals(List.of(new FirehoseStub.Request("Firehose_20150804.PutRecord",
                    "{\"DeliveryStreamName\":\"dmsdelta-row-images\",\"Record\":{\"Data\":\"" + Base64.getEncoder()
                            .encodeToString((EVENT + "\n").getBytes(StandardCharsets.UTF_8)) + "\"}}")),
                    firehose.requests());

            firehose.failNext(10);
            assertThrows(SdkServiceException.class, () -> invoke(handler, EVENT), "Lambda retries the event");
        }
    }

    private static String invoke(RowImageHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                new RecordingContext());
        return out.toString(StandardCharsets.UTF_8);
    }

    private List<String> keys() {
        return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
    }

    @Test
    void storesTheEventAsSentAsOneJsonLinesObjectUnderTheHourOfItsArrivalAndARetryWritesTheSameObject()
            throws Exception {
        RowImageHandler handler = handler();
        String answer = invoke(handler, EVENT + "\n");
        String key = "row-images/shop/2026/12/07/14/" + NOW.toEpochMilli() + "-42-test-request.json";
        assertEquals("{\"stored\":\"s3://" + bucket + "/" + key + "\"}", answer);
        assertEquals(List.of(key), keys());
        ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
        assertEquals(EVENT + "\n", object.asUtf8String(), "byte for byte: numbers are never re-encoded");
        assertEquals("application/x-ndjson", object.response().contentType());

        invoke(handler, EVENT); // Lambda's retry of the same invocation
        assertEquals(List.of(key), keys());
    }

    @Test
    void whatIsNoRowImageFailsTheInvocationAndStoresNothing() {
        RowImageHandler handler = handler();
        for (String event : List.of("not json", "[1]", "{\"op\":\"MERGE\",\"schema\":\"s\",\"table\":\"t\",\"seq\":1}",
                "{\"op\":\"INSERT\",\"schema\":\"s\",\"table\":\"t\",\"seq\":\"1\"}",
                "{\"op\":\"INSERT\",\"schema\":\"s\",\"seq\":1}")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> invoke(handler, event));
            assertTrue(e.getMessage().startsWith("the event"), e.getMessage());
        }
        assertEquals(List.of(), keys());
    }

    @Test
    void theDestinationIsAFirehoseStreamOrAnS3FolderAndExactlyOne() {
        assertEquals(Optional.of(new RowImageConfig.S3Folder("b", "")), RowImageConfig.of(Map.of(
                RowImageConfig.ROW_IMAGES_URI, "s3://b")).folder());
        assertEquals(Optional.of(new RowImageConfig.S3Folder("b", "p/q/")), RowImageConfig.of(Map.of(
                RowImageConfig.ROW_IMAGES_URI, "s3://b/p/q")).folder());
        assertEquals(Optional.of("rows"), RowImageConfig.of(Map.of(RowImageConfig.ROW_IMAGES_FIREHOSE, "rows")).stream());
        for (Map<String, String> wrong : List.of(Map.of(RowImageConfig.ROW_IMAGES_URI, "/tmp/rows"),
                Map.of(RowImageConfig.ROW_IMAGES_FIREHOSE, "arn:aws:firehose:x"), Map.<String, String>of(),
                Map.of(RowImageConfig.ROW_IMAGES_URI, "s3://b", RowImageConfig.ROW_IMAGES_FIREHOSE, "rows"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RowImageConfig.of(wrong));
            assertTrue(e.getMessage().contains("ROW_IMAGES_"), e.getMessage());
        }
    }
}
