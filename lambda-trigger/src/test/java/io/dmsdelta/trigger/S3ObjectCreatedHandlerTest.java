package io.dmsdelta.trigger;

import io.dmsdelta.trigger.glue.JobStartException;
import io.dmsdelta.trigger.testing.GlueStub;
import io.dmsdelta.trigger.testing.GlueStub.Operation;
import io.dmsdelta.trigger.testing.RecordingContext;
import io.dmsdelta.trigger.testing.S3Events;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The handler end to end: S3 notification fixtures in, StartJobRun requests to a local Glue stub out. */
class S3ObjectCreatedHandlerTest {

    private static final String JOB = "dms-delta-apply";
    private static final String ORDER_LINES_CDC = "s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv";
    private static final String CONCURRENT_RUNS = "ConcurrentRunsExceededException";

    private final RecordingContext context = new RecordingContext();
    private GlueStub glue;
    private GlueClient client;

    @BeforeEach
    void startGlue() throws IOException {
        glue = GlueStub.start();
        client = glue.client();
    }

    @AfterEach
    void stopGlue() {
        client.close();
        glue.close();
    }

    @Test
    void startsTheJobForACdcFile() {
        String result = handle("cdc-file.json");

        assertStarted(ORDER_LINES_CDC);
        assertEquals("Started 1 run(s) of Glue job 'dms-delta-apply' [jr_1]; ignored 0 record(s)", result);
        assertEquals(List.of("Started Glue job 'dms-delta-apply' run jr_1 for s3://dms-bucket/dms/sales/order_lines/"
                + " with --source " + ORDER_LINES_CDC), context.lines());
    }

    @Test
    void startsTheJobForALoadFileInAParallelLoadSubfolder() {
        handle("load-parallel-subfolder.json");

        assertStarted("s3://dms-bucket/dms/sales/order_lines/SEGMENT1/SEGMENT1_LOAD00000001.csv");
    }

    @Test
    void startsTheJobForACdcFileInADatePartitionFolder() {
        handle("cdc-date-partitioned.json");

        assertStarted("s3://dms-bucket/dms/sales/order_lines/2024/06/12/20240612-103125108.csv.gz");
    }

    @Test
    void passesTheUrlDecodedKey() {
        // The event holds dms/my+schema/Ord%C3%A9r%2BLines+100%25/...: '+' is a space, %2B a '+', %25 a '%'.
        handle("encoded-key.json");

        assertStarted("s3://dms-bucket/dms/my schema/Ordér+Lines 100%/20240612-103125108.csv");
    }

    @Test
    void startsTheJobForATransactionFile() {
        handle("cdc-txn-file.json");

        assertStarted("s3://dms-bucket/dms/cdc-txn/CDC_TXN-20201117153046033.csv");
    }

    @Test
    void startsOneRunPerTableFolderWithItsFirstFile() {
        String result = handle("same-table-records.json");

        assertStarted(ORDER_LINES_CDC);
        assertTrue(result.endsWith("ignored 2 record(s)"), result);
        assertEquals(2, context.lines().stream().filter(line -> line.startsWith("Ignoring ")
                && line.endsWith(": the run for " + ORDER_LINES_CDC + " covers its folder"
                + " s3://dms-bucket/dms/sales/order_lines/")).count(), context.lines().toString());
    }

    @Test
    void startsOneRunForEachTableFolder() {
        String result = handle("two-tables.json");

        assertStarted(ORDER_LINES_CDC, "s3://dms-bucket/dms/ahmad_schema/Persons/LOAD00000001.csv");
        assertEquals("Started 2 run(s) of Glue job 'dms-delta-apply' [jr_1, jr_2]; ignored 1 record(s)", result);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "folder-marker.json         | a folder marker, not a file",
            "hadoop-folder-marker.json  | a folder marker, not a file",
            "other-bucket.json          | bucket other-bucket is not the bucket of the DMS bucket folder s3://dms-bucket/dms/",
            "outside-prefix.json        | outside the DMS bucket folder s3://dms-bucket/dms/",
            "prefix-look-alike.json     | outside the DMS bucket folder s3://dms-bucket/dms/",
            "dot-dot-traversal.json     | unsafe key, it has a '..' path segment",
            "dot-segment.json           | unsafe key, it has a '.' path segment",
            "empty-segment.json         | unsafe key, it has an empty path segment",
            "readme.json                | not a DMS data file name",
            "temporary-file.json        | not a DMS data file name",
            "not-in-table-folder.json   | a DMS file name, but not inside a <schema>/<table>/ folder of s3://dms-bucket/dms/",
            "object-removed.json        | event ObjectRemoved:Delete is not an ObjectCreated event",
            "newline-key.json           | unsafe key, it contains a control character",
    })
    void ignoresWithOneLogLineSayingWhy(String fixture, String reason) {
        String result = handle("ignored/" + fixture);

        assertEquals(List.of(), glue.requests());
        assertEquals(1, context.lines().size(), context.lines().toString());
        String line = context.lines().get(0);
        assertTrue(line.startsWith("Ignoring s3://") && line.contains(": " + reason), line);
        assertEquals("Started 0 run(s) of Glue job 'dms-delta-apply' []; ignored 1 record(s)", result);
    }

    @Test
    void logsAKeyWithALineBreakPercentEncodedOnOneLine() {
        // The key holds a newline, U+2028 and ESC [2K (erase the terminal line) to forge a second log line.
        handle("ignored/newline-key.json");

        assertEquals(List.of("Ignoring s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv%0AStarted Glue"
                + " job 'dms-delta-apply' run jr_999%E2%80%A8%1B[2K: unsafe key, it contains a control character; DMS"
                + " never writes such keys"), context.lines());
    }

    @Test
    void logsThePercentSignOfAKeyEncodedSoTheKeyCanBeReadBack() {
        handle("encoded-key.json");

        assertTrue(context.lines().get(0).endsWith(" with --source s3://dms-bucket/dms/my schema/Ordér+Lines 100%25/"
                + "20240612-103125108.csv"), context.lines().toString());
    }

    @Test
    void acceptsTheTestEventS3SendsWhenANotificationIsEnabled() {
        // It has no Records; the runtime's serializer makes that an empty list.
        handle("s3-test-event.json");

        assertEquals(List.of(), glue.requests());
    }

    @Test
    void retriesWhileGlueRefusesBecauseARunIsInFlight() {
        glue.failNext(Operation.START_JOB_RUN, 2, 400, CONCURRENT_RUNS);

        String result = handle("cdc-file.json");

        assertStarted(ORDER_LINES_CDC, ORDER_LINES_CDC, ORDER_LINES_CDC);
        assertTrue(result.startsWith("Started 1 run(s) of Glue job 'dms-delta-apply' [jr_3]"), result);
        List<String> retries = context.lines().stream().filter(line -> line.contains("retrying in")).toList();
        assertEquals(2, retries.size(), context.lines().toString());
        assertTrue(retries.get(0).contains("(attempt 1 of 4)") && retries.get(0).contains("retrying in 1 ms"),
                retries.get(0));
        assertTrue(retries.get(1).contains("(attempt 2 of 4)") && retries.get(1).contains("retrying in 2 ms"),
                retries.get(1));
    }

    @Test
    void failsTheInvocationWhenGlueRefusesEveryAttempt() {
        glue.failNext(Operation.START_JOB_RUN, 10, 400, CONCURRENT_RUNS);
        S3ObjectCreatedHandler handler = handler(Map.of(TriggerConfig.START_ATTEMPTS, "3"));

        JobStartException e = assertThrows(JobStartException.class,
                () -> handler.handleRequest(S3Events.load("cdc-file.json"), context));

        assertStarted(ORDER_LINES_CDC, ORDER_LINES_CDC, ORDER_LINES_CDC);
        // The SDK maps Glue's JSON error to the service's exception class.
        assertInstanceOf(ConcurrentRunsExceededException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("Glue job 'dms-delta-apply' was not started for " + ORDER_LINES_CDC
                + ": 3 attempt(s) failed, the last with ConcurrentRunsExceededException: stubbed"), e.getMessage());
        assertTrue(e.getMessage().contains("dead-letter queue"), e.getMessage());
    }

    @Test
    void failsAtOnceWhenTheJobDoesNotExist() {
        glue.failNext(Operation.START_JOB_RUN, 1, 400, "EntityNotFoundException");

        JobStartException e = assertThrows(JobStartException.class, () -> handle("cdc-file.json"));

        assertStarted(ORDER_LINES_CDC);
        assertInstanceOf(EntityNotFoundException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("Glue job 'dms-delta-apply' was not started for " + ORDER_LINES_CDC
                + ": EntityNotFoundException: stubbed"), e.getMessage());
        assertTrue(e.getMessage().contains("check that GLUE_JOB_NAME names a Glue job"), e.getMessage());
    }

    @Test
    void startsTheOtherTablesBeforeFailingForOne() {
        glue.failNext(Operation.START_JOB_RUN, 1, 400, "InvalidInputException");

        JobStartException e = assertThrows(JobStartException.class, () -> handle("two-tables.json"));

        assertStarted(ORDER_LINES_CDC, "s3://dms-bucket/dms/ahmad_schema/Persons/LOAD00000001.csv");
        assertInstanceOf(InvalidInputException.class, e.getCause());
        assertTrue(e.getMessage().contains(ORDER_LINES_CDC), e.getMessage());
        assertTrue(context.lines().contains("Started Glue job 'dms-delta-apply' run jr_2 for"
                + " s3://dms-bucket/dms/ahmad_schema/Persons/ with --source"
                + " s3://dms-bucket/dms/ahmad_schema/Persons/LOAD00000001.csv"), context.lines().toString());
    }

    @Test
    void theRuntimeConstructorReadsTheEnvironment() {
        assumeTrue(System.getenv(TriggerConfig.GLUE_JOB_NAME) == null, "GLUE_JOB_NAME is set in this environment");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, S3ObjectCreatedHandler::new);

        assertTrue(e.getMessage().startsWith("Environment variable GLUE_JOB_NAME is not set."), e.getMessage());
    }

    private String handle(String fixture) {
        return handler(Map.of()).handleRequest(S3Events.load(fixture), context);
    }

    private S3ObjectCreatedHandler handler(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(Map.of(
                TriggerConfig.GLUE_JOB_NAME, JOB,
                TriggerConfig.DMS_SOURCE_URI, "s3://dms-bucket/dms",
                TriggerConfig.RETRY_BASE_MILLIS, "1"));
        environment.putAll(overrides);
        return new S3ObjectCreatedHandler(new TriggerConfig(environment), client);
    }

    /** The stub received exactly one StartJobRun request per source, in this order, and nothing else. */
    private void assertStarted(String... sources) {
        List<GlueStub.Request> requests = glue.requests();
        assertEquals(sources.length, requests.size(),
                () -> requests.stream().map(GlueStub.Request::body).collect(Collectors.joining("\n")));
        for (int i = 0; i < sources.length; i++) {
            GlueStub.Request request = requests.get(i);
            assertEquals("POST", request.method());
            assertEquals("/", request.path());
            assertEquals("AWSGlue.StartJobRun", request.header("X-Amz-Target"));
            assertEquals("application/x-amz-json-1.1", request.header("Content-Type"));
            assertTrue(request.header("Authorization").startsWith(
                    "AWS4-HMAC-SHA256 Credential=AKIDTEST/"), request.header("Authorization"));
            assertTrue(request.header("Authorization").contains("/us-east-1/glue/aws4_request"),
                    request.header("Authorization"));
            JsonNode expected = JsonNode.parser().parse("{\"JobName\":\"" + JOB + "\",\"Arguments\":{\"--source\":\""
                    + sources[i] + "\"}}");
            assertEquals(expected, JsonNode.parser().parse(request.body()), request.body());
        }
    }
}
