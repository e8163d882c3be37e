package io.dmsdelta.trigger;

import io.dmsdelta.trigger.glue.JobCheckException;
import io.dmsdelta.trigger.glue.JobStartException;
import io.dmsdelta.trigger.testing.EventFixtures;
import io.dmsdelta.trigger.testing.GlueStub;
import io.dmsdelta.trigger.testing.WithGlueStub;
import io.dmsdelta.trigger.testing.GlueStub.Operation;
import io.dmsdelta.trigger.testing.GlueStub.Run;
import io.dmsdelta.trigger.testing.RecordingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.InvalidInputException;
import software.amazon.awssdk.services.glue.model.ThrottlingException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The handler end to end, through the stream the Lambda runtime hands it: event fixtures in, the exact Glue requests
 * the local Glue stub received out.
 */
class TriggerHandlerTest extends WithGlueStub {

    private static final String JOB = "dms-delta-apply";
    private static final String FOLDER = "s3://dms-bucket/dms";
    private static final String ORDER_LINES_CDC = "s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv";
    private static final String CONCURRENT_RUNS = "ConcurrentRunsExceededException";
    private static final String STARTED_NONE_WAITING = "Started Glue job 'dms-delta-apply' run jr_1 with --source"
            + " s3://dms-bucket/dms (GetJobRuns listed 0 run(s), none waiting to start) for ";

    private final RecordingContext context = new RecordingContext();

    @Test
    void startsOneRunOfTheWholeFolderForACdcFileWhenTheJobHasNoRuns() {
        String result = handle("cdc-file.json");

        assertCheckedThenStarted(FOLDER);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for 1 DMS file(s); ignored 0 record(s)", result);
        assertEquals(List.of(STARTED_NONE_WAITING + "1 DMS file(s): " + ORDER_LINES_CDC), context.lines());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "load-parallel-subfolder.json | s3://dms-bucket/dms/sales/order_lines/SEGMENT1/SEGMENT1_LOAD00000001.csv",
            "cdc-date-partitioned.json    | s3://dms-bucket/dms/sales/order_lines/2024/06/12/20240612-103125108.csv.gz",
            "cdc-txn-file.json            | s3://dms-bucket/dms/cdc-txn/CDC_TXN-20201117153046033.csv",
    })
    void startsTheSameRunForEveryKindOfDmsFile(String fixture, String file) {
        handle(fixture);

        assertCheckedThenStarted(FOLDER);
        assertEquals(List.of(STARTED_NONE_WAITING + "1 DMS file(s): " + file), context.lines());
    }

    @Test
    void namesTheFileByItsUrlDecodedKeyWithThePercentSignEncoded() {
        // The event holds dms/my+schema/Ord%C3%A9r%2BLines+100%25/...: '+' is a space, %2B a '+', %25 a '%'.
        handle("encoded-key.json");

        assertCheckedThenStarted(FOLDER);
        assertEquals(List.of(STARTED_NONE_WAITING + "1 DMS file(s): s3://dms-bucket/dms/my schema/Ordér+Lines 100%25/"
                + "20240612-103125108.csv"), context.lines());
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAITING", "STARTING"})
    void startsNoRunWhileARunOfTheFolderHasNotStartedYet(String state) {
        glue.withRuns(Run.of("jr_8", state, FOLDER), Run.of("jr_7", "RUNNING", FOLDER),
                Run.of("jr_6", "SUCCEEDED", FOLDER));

        String result = handle("cdc-file.json");

        assertOperations(Operation.GET_JOB_RUNS);
        assertEquals("Started no run of Glue job 'dms-delta-apply': run jr_8 is " + state + " and covers 1 DMS"
                + " file(s); ignored 0 record(s)", result);
        assertEquals(List.of("Not starting Glue job 'dms-delta-apply': run jr_8 is " + state + " (listed by"
                + " GetJobRuns) and has not listed s3://dms-bucket/dms yet, so it covers 1 DMS file(s): "
                + ORDER_LINES_CDC), context.lines());
    }

    @Test
    void startsARunWhenTheRunsAreOnlyRunningOrFinished() {
        // The RUNNING run may have listed the folder before the file came: the new run waits in Glue's queue.
        glue.withRuns(Run.of("jr_r", "RUNNING", FOLDER), Run.of("jr_s", "SUCCEEDED", FOLDER),
                Run.of("jr_f", "FAILED", FOLDER), Run.of("jr_e", "EXPIRED", FOLDER));

        String result = handle("cdc-file.json");

        assertCheckedThenStarted(FOLDER);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for 1 DMS file(s); ignored 0 record(s)", result);
        assertEquals(List.of("Started Glue job 'dms-delta-apply' run jr_1 with --source s3://dms-bucket/dms (GetJobRuns"
                + " listed 2 run(s), none waiting to start) for 1 DMS file(s): " + ORDER_LINES_CDC), context.lines());
    }

    @Test
    void startsARunWhenTheOnlyWaitingRunWillNotApplyTheFolder() {
        glue.withRuns(new Run("jr_o", "WAITING", Map.of("--dms-delta-command", "optimize")),
                Run.of("jr_r", "RUNNING", FOLDER));

        handle("cdc-file.json");

        assertCheckedThenStarted(FOLDER);
    }

    @Test
    void checksOnceAndStartsOnceForAnEventWithFilesOfManyTables() {
        String result = handle("many-tables.json");

        assertCheckedThenStarted(FOLDER);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for 17 DMS file(s); ignored 1 record(s)", result);
        assertEquals(2, context.lines().size(), context.lines().toString());
        assertEquals("Ignoring s3://dms-bucket/dms/hr/employees/README.txt: not a DMS data file name (LOAD*,"
                + " yyyyMMdd-HHmmss*, CDC_TXN-*; .csv, .csv.gz or .parquet)", context.lines().get(0));
        assertTrue(context.lines().get(1).startsWith(STARTED_NONE_WAITING + "17 DMS file(s): "
                + "s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv, "), context.lines().get(1));
        assertTrue(context.lines().get(1).endsWith(", s3://dms-bucket/dms/hr/employees/SEGMENT1/SEGMENT1_LOAD00000001.csv"),
                context.lines().get(1));
    }

    @Test
    void checksOnceAndStartsNoneForAnEventWithFilesOfManyTablesWhileARunIsWaiting() {
        glue.withRuns(Run.of("jr_8", "WAITING", FOLDER));

        handle("many-tables.json");

        assertOperations(Operation.GET_JOB_RUNS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same-table-records.json", "two-tables.json"})
    void startsOneRunForSeveralFilesOfOneTableOrOfSeveral(String fixture) {
        String result = handle(fixture);

        assertCheckedThenStarted(FOLDER);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for 3 DMS file(s); ignored 0 record(s)", result);
    }

    @Test
    void aScheduledEventChecksAndStartsTheSameRun() {
        String result = handle("scheduled-event.json");

        assertCheckedThenStarted(FOLDER);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for the schedule", result);
        assertEquals(List.of(STARTED_NONE_WAITING + "the schedule"
                + " arn:aws:events:us-east-1:123456789012:rule/dms-delta-TriggerSchedule-1A2B3C4D5E6F"), context.lines());
    }

    @Test
    void aScheduledEventStartsNoRunWhileOneIsWaiting() {
        glue.withRuns(Run.of("jr_8", "WAITING", FOLDER), Run.of("jr_7", "RUNNING", FOLDER));

        String result = handle("scheduled-event.json");

        assertOperations(Operation.GET_JOB_RUNS);
        assertEquals("Started no run of Glue job 'dms-delta-apply': run jr_8 is WAITING and covers the schedule",
                result);
    }

    @Test
    void keepsAtMostOneRunWaitingWhileFilesKeepComing() {
        TriggerHandler handler = handler(Map.of());

        handle(handler, "cdc-file.json");          // no runs: starts jr_1, which waits
        handle(handler, "two-tables.json");        // jr_1 is waiting: no start
        glue.setState("jr_1", "RUNNING");
        handle(handler, "scheduled-event.json");   // jr_1 may have listed already: starts jr_2, which waits
        handle(handler, "cdc-txn-file.json");      // jr_2 is waiting: no start
        glue.setState("jr_1", "SUCCEEDED").setState("jr_2", "RUNNING");
        handle(handler, "many-tables.json");       // starts jr_3

        assertOperations(Operation.GET_JOB_RUNS, Operation.START_JOB_RUN, Operation.GET_JOB_RUNS,
                Operation.GET_JOB_RUNS, Operation.START_JOB_RUN, Operation.GET_JOB_RUNS,
                Operation.GET_JOB_RUNS, Operation.START_JOB_RUN);
        assertEquals(List.of("jr_3", "jr_2", "jr_1"), glue.runs().stream().map(Run::id).toList());
    }

    @Test
    void doesNotStartASecondRunWhileTheListingDoesNotShowTheRunThisContainerStarted() {
        glue.listingLags();
        TriggerHandler handler = handler(Map.of());

        handle(handler, "cdc-file.json");
        String result = handle(handler, "two-tables.json");

        assertOperations(Operation.GET_JOB_RUNS, Operation.START_JOB_RUN, Operation.GET_JOB_RUNS,
                Operation.GET_JOB_RUN);
        assertEquals(JsonNode.parser().parse("{\"JobName\":\"" + JOB + "\",\"RunId\":\"jr_1\"}"),
                glue.requests().get(3).json());
        assertEquals("Started no run of Glue job 'dms-delta-apply': run jr_1 is WAITING and covers 3 DMS file(s);"
                + " ignored 0 record(s)", result);
        assertTrue(context.lines().get(1).startsWith("Not starting Glue job 'dms-delta-apply': run jr_1 is WAITING"
                + " (started by this container, not listed by GetJobRuns yet) and has not listed s3://dms-bucket/dms"
                + " yet, so it covers 3 DMS file(s): "), context.lines().get(1));
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
    void ignoresWithOneLogLineSayingWhyAndCallsNoGlue(String fixture, String reason) {
        String result = handle("ignored/" + fixture);

        assertEquals(List.of(), glue.requests());
        assertEquals(1, context.lines().size(), context.lines().toString());
        String line = context.lines().get(0);
        assertTrue(line.startsWith("Ignoring s3://") && line.contains(": " + reason), line);
        assertEquals("No DMS file in the event; ignored 1 record(s)", result);
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
    void acceptsTheTestEventS3SendsWhenANotificationIsEnabled() {
        String result = handle("s3-test-event.json");

        assertEquals(List.of(), glue.requests());
        assertEquals("S3 test event; nothing to start", result);
        assertEquals(List.of("S3 test event for bucket dms-bucket: nothing to start"), context.lines());
    }

    @Test
    void failsForAnEventItDoesNotTakeWithoutCallingGlue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> handler(Map.of())
                .handleRequest(stream("{\"Records\":{}}"), new ByteArrayOutputStream(), context));

        assertEquals("The S3 event notification's Records is not a list.", e.getMessage());
        assertEquals(List.of(), glue.requests());
    }

    @Test
    void startsTheWholeBucketForAnEmptyPrefix() {
        handle(handler(Map.of(TriggerConfig.DMS_SOURCE_URI, "s3://dms-bucket/")), "cdc-file.json");

        assertCheckedThenStarted("s3://dms-bucket");
    }

    @Test
    void retriesWhileGlueRefusesBecauseARunIsInFlight() {
        glue.failNext(Operation.START_JOB_RUN, 2, 400, CONCURRENT_RUNS);

        String result = handle("cdc-file.json");

        assertCheckedThenStarted(FOLDER, FOLDER, FOLDER);
        assertEquals("Started run jr_3 of Glue job 'dms-delta-apply' for 1 DMS file(s); ignored 0 record(s)", result);
        List<String> retries = context.lines().stream().filter(line -> line.contains("retrying in")).toList();
        assertEquals(2, retries.size(), context.lines().toString());
        assertTrue(retries.get(0).startsWith("Glue did not start job 'dms-delta-apply' for s3://dms-bucket/dms"
                + " (attempt 1 of 4): ") && retries.get(0).endsWith("retrying in 1 ms"), retries.get(0));
        assertTrue(retries.get(1).contains("(attempt 2 of 4)") && retries.get(1).endsWith("retrying in 2 ms"),
                retries.get(1));
    }

    @Test
    void failsTheInvocationWhenGlueRefusesEveryAttempt() {
        glue.failNext(Operation.START_JOB_RUN, 10, 400, CONCURRENT_RUNS);
        TriggerHandler handler = handler(Map.of(TriggerConfig.START_ATTEMPTS, "3"));

        JobStartException e = assertThrows(JobStartException.class, () -> handle(handler, "cdc-file.json"));

        assertCheckedThenStarted(FOLDER, FOLDER, FOLDER);
        // The SDK maps Glue's JSON error to the service's exception class.
        assertInstanceOf(ConcurrentRunsExceededException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("Glue job 'dms-delta-apply' was not started for " + FOLDER
                + ": 3 attempt(s) failed, the last with ConcurrentRunsExceededException: stubbed"), e.getMessage());
        assertTrue(e.getMessage().contains("dead-letter queue"), e.getMessage());
        assertEquals(e.getMessage(), context.lines().get(context.lines().size() - 1));
    }

    @Test
    void failsAtOnceWhenGlueRejectsTheStart() {
        glue.failNext(Operation.START_JOB_RUN, 1, 400, "InvalidInputException");

        JobStartException e = assertThrows(JobStartException.class, () -> handle("two-tables.json"));

        assertCheckedThenStarted(FOLDER);
        assertInstanceOf(InvalidInputException.class, e.getCause());
        assertTrue(e.getMessage().endsWith("Not retried: this error does not go away by retrying; fix its cause, then"
                + " replay the event."), e.getMessage());
    }

    @Test
    void retriesAThrottledCheck() {
        glue.failNext(Operation.GET_JOB_RUNS, 1, 400, "ThrottlingException");

        String result = handle("cdc-file.json");

        assertOperations(Operation.GET_JOB_RUNS, Operation.GET_JOB_RUNS, Operation.START_JOB_RUN);
        assertEquals("Started run jr_1 of Glue job 'dms-delta-apply' for 1 DMS file(s); ignored 0 record(s)", result);
        assertTrue(context.lines().get(0).startsWith("Glue did not list the runs of job 'dms-delta-apply' (attempt 1"
                + " of 4): stubbed ThrottlingException"), context.lines().get(0));
    }

    @Test
    void failsWithoutStartingWhenTheCheckFailsEveryAttempt() {
        glue.failNext(Operation.GET_JOB_RUNS, 3, 400, "ThrottlingException");
        TriggerHandler handler = handler(Map.of(TriggerConfig.START_ATTEMPTS, "3"));

        JobCheckException e = assertThrows(JobCheckException.class, () -> handle(handler, "scheduled-event.json"));

        assertOperations(Operation.GET_JOB_RUNS, Operation.GET_JOB_RUNS, Operation.GET_JOB_RUNS);
        assertInstanceOf(ThrottlingException.class, e.getCause());
        assertTrue(e.getMessage().startsWith("Could not tell whether a run of Glue job 'dms-delta-apply' is already"
                + " waiting, so no run was started for s3://dms-bucket/dms: 3 GetJobRuns attempt(s) failed"),
                e.getMessage());
    }

    @Test
    void failsAtOnceWhenTheJobDoesNotExist() {
        glue.failNext(Operation.GET_JOB_RUNS, 1, 400, "EntityNotFoundException");

        JobCheckException e = assertThrows(JobCheckException.class, () -> handle("cdc-file.json"));

        assertOperations(Operation.GET_JOB_RUNS);
        assertInstanceOf(EntityNotFoundException.class, e.getCause());
        assertTrue(e.getMessage().contains(": GetJobRuns failed with EntityNotFoundException: stubbed"), e.getMessage());
        assertTrue(e.getMessage().contains("check that GLUE_JOB_NAME names a Glue job"), e.getMessage());
    }

    @Test
    void theRuntimeConstructorReadsTheEnvironment() {
        assumeTrue(System.getenv(TriggerConfig.GLUE_JOB_NAME) == null, "GLUE_JOB_NAME is set in this environment");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, TriggerHandler::new);

        assertTrue(e.getMessage().startsWith("Environment variable GLUE_JOB_NAME is not set."), e.getMessage());
    }

    private String handle(String fixture) {
        return handle(handler(Map.of()), fixture);
    }

    /** Invokes the handler as the Lambda runtime does, and returns the summary it wrote (a JSON string). */
    private String handle(TriggerHandler handler, String fixture) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            handler.handleRequest(EventFixtures.stream(fixture), output, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JsonNode.parser().parse(output.toString(StandardCharsets.UTF_8)).asString();
    }

    private TriggerHandler handler(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(Map.of(
                TriggerConfig.GLUE_JOB_NAME, JOB,
                TriggerConfig.DMS_SOURCE_URI, FOLDER,
                TriggerConfig.RETRY_BASE_MILLIS, "1"));
        environment.putAll(overrides);
        return new TriggerHandler(new TriggerConfig(environment), client);
    }

    private static InputStream stream(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The stub received requests of exactly these operations, in this order, each signed as the function signs. */
    private void assertOperations(Operation... operations) {
        List<GlueStub.Request> requests = glue.requests();
        assertEquals(List.of(operations), glue.operations(),
                () -> requests.stream().map(GlueStub.Request::body).collect(Collectors.joining("\n")));
        for (GlueStub.Request request : requests) {
            assertEquals("POST", request.method());
            assertEquals("/", request.path());
            assertEquals("application/x-amz-json-1.1", request.header("Content-Type"));
            assertTrue(request.header("Authorization").startsWith(
                    "AWS4-HMAC-SHA256 Credential=AKIDTEST/"), request.header("Authorization"));
            assertTrue(request.header("Authorization").contains("/us-east-1/glue/aws4_request"),
                    request.header("Authorization"));
        }
    }

    /**
     * The stub received exactly one GetJobRuns request of the job's newest runs, then one StartJobRun request per
     * source given, with arguments exactly {@code {"--source": source}}, and nothing else.
     */
    private void assertCheckedThenStarted(String... sources) {
        Operation[] operations = new Operation[sources.length + 1];
        operations[0] = Operation.GET_JOB_RUNS;
        Arrays.fill(operations, 1, operations.length, Operation.START_JOB_RUN);
        assertOperations(operations);
        List<GlueStub.Request> requests = glue.requests();
        assertEquals(JsonNode.parser().parse("{\"JobName\":\"" + JOB + "\",\"MaxResults\":10}"),
                requests.get(0).json(), requests.get(0).body());
        for (int i = 0; i < sources.length; i++) {
            JsonNode expected = JsonNode.parser().parse("{\"JobName\":\"" + JOB + "\",\"Arguments\":{\"--source\":\""
                    + sources[i] + "\"}}");
            assertEquals(expected, requests.get(i + 1).json(), requests.get(i + 1).body());
        }
    }
}
