package io.dmsdelta.trigger.glue;

import io.dmsdelta.trigger.testing.GlueStub;
import io.dmsdelta.trigger.testing.WithGlueStub;
import io.dmsdelta.trigger.testing.GlueStub.Operation;
import io.dmsdelta.trigger.testing.GlueStub.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.JobRunState;
import software.amazon.awssdk.services.glue.model.ThrottlingException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check against the Glue stub: which runs count, how far it lists, the container's own run, failures. */
class PendingRunCheckTest extends WithGlueStub {

    private static final String JOB = "dms-delta-apply";
    private static final String FOLDER = "s3://dms-bucket/dms";
    private static final String LIST = "{\"JobName\":\"" + JOB + "\",\"MaxResults\":10}";

    private final List<String> log = new ArrayList<>();

    @Test
    void findsNoneForAJobWithoutRuns() {
        assertEquals(new PendingRun.NoneFound(0), find(Optional.empty()));

        assertRequests(LIST);
    }

    @ParameterizedTest
    @ValueSource(strings = {"WAITING", "STARTING"})
    void findsARunThatHasNotStartedYet(String state) {
        glue.withRuns(Run.of("jr_2", state, FOLDER), Run.of("jr_1", "RUNNING", FOLDER));

        assertEquals(new PendingRun.Found("jr_2", JobRunState.fromValue(state), PendingRun.Evidence.LISTED),
                find(Optional.empty()));

        assertRequests(LIST);
        assertEquals(List.of(), log);
    }

    @Test
    void doesNotCountARunThatIsRunningOrHasEnded() {
        glue.withRuns(Run.of("jr_3", "RUNNING", FOLDER), Run.of("jr_2", "SUCCEEDED", FOLDER),
                Run.of("jr_1", "FAILED", FOLDER));

        assertEquals(new PendingRun.NoneFound(2), find(Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"PAUSED", ""})
    void looksPastARunInAStateItDoesNotKnowOrWithoutOne(String state) {
        glue.withRuns(Run.of("jr_3", state, FOLDER), Run.of("jr_2", "WAITING", FOLDER), Run.of("jr_1", "RUNNING", FOLDER));

        assertEquals(new PendingRun.Found("jr_2", JobRunState.WAITING, PendingRun.Evidence.LISTED),
                find(Optional.empty()));
    }

    @Test
    void findsNoneWhenGlueGivesNoStateForTheRunThisContainerStarted() {
        glue.withRuns(Run.of("jr_2", "SUCCEEDED", FOLDER), Run.of("jr_1", "", FOLDER));

        assertEquals(new PendingRun.NoneFound(1), find(Optional.of("jr_1")));
    }

    @Test
    void followsNextTokenAndStopsAtTheFirstRunThatCounts() {
        glue.pageSize(1).withRuns(new Run("jr_4", "WAITING", Map.of("--dms-delta-command", "optimize")),
                Run.of("jr_3", "WAITING", FOLDER), Run.of("jr_2", "RUNNING", FOLDER), Run.of("jr_1", "SUCCEEDED", FOLDER));

        assertEquals(new PendingRun.Found("jr_3", JobRunState.WAITING, PendingRun.Evidence.LISTED),
                find(Optional.empty()));

        assertRequests(LIST, "{\"JobName\":\"" + JOB + "\",\"MaxResults\":10,\"NextToken\":\"page-1\"}");
        assertEquals(List.of("Run jr_4 of Glue job 'dms-delta-apply' is WAITING, but it runs dms-delta optimize: not"
                + " counting on it"), log);
    }

    @Test
    void stopsListingAtTheFirstRunThatHasEnded() {
        // A run queued before one that has ended cannot be waiting still: Glue takes queued runs in order.
        glue.pageSize(1).withRuns(Run.of("jr_3", "RUNNING", FOLDER), Run.of("jr_2", "SUCCEEDED", FOLDER),
                Run.of("jr_1", "WAITING", FOLDER));

        assertEquals(new PendingRun.NoneFound(2), find(Optional.empty()));

        assertRequests(LIST, "{\"JobName\":\"" + JOB + "\",\"MaxResults\":10,\"NextToken\":\"page-1\"}");
    }

    @Test
    void listsAtMostMaxPages() {
        glue.pageSize(1).withRuns(IntStream.range(0, PendingRunCheck.MAX_PAGES + 5)
                .mapToObj(i -> Run.of("jr_r" + i, "RUNNING", FOLDER)).toArray(Run[]::new));

        assertEquals(new PendingRun.NoneFound(PendingRunCheck.MAX_PAGES), find(Optional.empty()));

        assertEquals(PendingRunCheck.MAX_PAGES, glue.requests().size());
        assertEquals(List.of("GetJobRuns listed 20 runs of Glue job 'dms-delta-apply' in 20 pages without one that"
                + " has ended; not looking further"), log);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--dms-delta-command=optimize",
            "--dms-delta-command=rewind",
            "--table=sales.order_lines",
            "--source=s3://dms-bucket/dms/sales/order_lines/20240612-103125108.csv",
            "--source=s3://dms-bucket/other",
    })
    void doesNotCountAPendingRunThatWillNotApplyTheWholeFolder(String argument) {
        String[] nameAndValue = argument.split("=", 2);
        glue.withRuns(new Run("jr_1", "WAITING", Map.of(nameAndValue[0], nameAndValue[1])));

        assertEquals(new PendingRun.NoneFound(1), find(Optional.empty()));

        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("Run jr_1 of Glue job 'dms-delta-apply' is WAITING, but "), log.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--source=s3://dms-bucket/dms", "--source=s3://dms-bucket/dms/",
            "--dms-delta-command=run", "--strict=true"})
    void countsAPendingRunOfTheWholeFolder(String argument) {
        Map<String, String> arguments = argument.isEmpty() ? Map.of()
                : Map.of(argument.split("=", 2)[0], argument.split("=", 2)[1]);
        glue.withRuns(new Run("jr_1", "WAITING", arguments));

        assertInstanceOf(PendingRun.Found.class, find(Optional.empty()));
    }

    @Test
    void asksForTheRunThisContainerStartedWhenTheListingDoesNotShowItYet() {
        glue.withRuns(Run.of("jr_0", "RUNNING", FOLDER)).listingLags();
        String started = client.startJobRun(b -> b.jobName(JOB).arguments(Map.of("--source", FOLDER))).jobRunId();

        assertEquals(new PendingRun.Found(started, JobRunState.WAITING, PendingRun.Evidence.STARTED_HERE),
                find(Optional.of(started)));

        assertEquals(List.of(Operation.START_JOB_RUN, Operation.GET_JOB_RUNS, Operation.GET_JOB_RUN),
                glue.operations());
        assertEquals(JsonNode.parser().parse("{\"JobName\":\"" + JOB + "\",\"RunId\":\"" + started + "\"}"),
                glue.requests().get(2).json());
    }

    @Test
    void trustsTheListingForTheRunThisContainerStartedOnceItShowsIt() {
        glue.withRuns(Run.of("jr_1", "RUNNING", FOLDER));

        assertEquals(new PendingRun.NoneFound(1), find(Optional.of("jr_1")));

        assertRequests(LIST);
    }

    @Test
    void findsNoneWhenTheRunThisContainerStartedIsNotWaitingAnyMore() {
        glue.withRuns(Run.of("jr_2", "SUCCEEDED", FOLDER), Run.of("jr_1", "SUCCEEDED", FOLDER));

        assertEquals(new PendingRun.NoneFound(1), find(Optional.of("jr_1")));

        assertEquals(List.of(Operation.GET_JOB_RUNS, Operation.GET_JOB_RUN), glue.operations());
    }

    @Test
    void findsNoneWhenGlueNoLongerKnowsTheRunThisContainerStarted() {
        assertEquals(new PendingRun.NoneFound(0), find(Optional.of("jr_gone")));

        assertEquals(List.of("Glue job 'dms-delta-apply' has no run jr_gone (started by this container) any more"),
                log);
    }

    @Test
    void retriesAThrottledListing() {
        glue.withRuns(Run.of("jr_1", "WAITING", FOLDER)).failNext(Operation.GET_JOB_RUNS, 1, 400, "ThrottlingException");

        assertInstanceOf(PendingRun.Found.class, find(Optional.empty()));

        assertRequests(LIST, LIST);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("Glue did not list the runs of job 'dms-delta-apply' (attempt 1 of 3): "),
                log.get(0));
    }

    @Test
    void failsWhenTheListingFailsEveryAttempt() {
        glue.failNext(Operation.GET_JOB_RUNS, 3, 400, "ThrottlingException");

        JobCheckException e = assertThrows(JobCheckException.class, () -> find(Optional.empty()));

        assertRequests(LIST, LIST, LIST);
        assertInstanceOf(ThrottlingException.class, e.getCause());
        assertEquals("Could not tell whether a run of Glue job 'dms-delta-apply' is already waiting, so no run was"
                + " started for s3://dms-bucket/dms: 3 GetJobRuns attempt(s) failed, the last with ThrottlingException:"
                + " stubbed ThrottlingException (Service: Glue, Status Code: 400, Request ID: stub-request-3). The"
                + " invocation fails rather than start a run unchecked, so that Lambda retries the event and then keeps"
                + " it in the function's dead-letter queue or on-failure destination; the next event or the schedule"
                + " starts a run once Glue answers. To apply the files at once, start the job with --source"
                + " s3://dms-bucket/dms.", e.getMessage());
    }

    @Test
    void failsAtOnceWhenTheRoleMayNotListRuns() {
        glue.failNext(Operation.GET_JOB_RUNS, 1, 400, "AccessDeniedException");

        JobCheckException e = assertThrows(JobCheckException.class, () -> find(Optional.empty()));

        assertRequests(LIST);
        assertInstanceOf(AccessDeniedException.class, e.getCause());
        assertTrue(e.getMessage().endsWith("Not retried: allow glue:GetJobRuns and glue:GetJobRun on the job in the"
                + " function's execution role."), e.getMessage());
    }

    @Test
    void failsWhenTheRunThisContainerStartedCannotBeAskedFor() {
        glue.failNext(Operation.GET_JOB_RUN, 3, 503, "ServiceUnavailableException");

        JobCheckException e = assertThrows(JobCheckException.class, () -> find(Optional.of("jr_1")));

        assertEquals(List.of(Operation.GET_JOB_RUNS, Operation.GET_JOB_RUN, Operation.GET_JOB_RUN,
                Operation.GET_JOB_RUN), glue.operations());
        assertTrue(e.getMessage().contains(": 3 GetJobRun attempt(s) failed, the last with ServiceUnavailableException"),
                e.getMessage());
    }

    private PendingRun find(Optional<String> startedHere) {
        return new PendingRunCheck(client, JOB, FOLDER, new GlueRetry(3, 1)).find(startedHere, log::add);
    }

    /** The stub received exactly these GetJobRuns requests, in this order, and nothing else. */
    private void assertRequests(String... bodies) {
        List<GlueStub.Request> requests = glue.requests();
        assertEquals(bodies.length, requests.size(), requests.toString());
        for (int i = 0; i < bodies.length; i++) {
            assertEquals(Operation.GET_JOB_RUNS, requests.get(i).operation());
            assertEquals(JsonNode.parser().parse(bodies[i]), requests.get(i).json(), requests.get(i).body());
        }
    }
}
