package io.dmsdelta.trigger.glue;

import io.dmsdelta.testing.MotoServer;
import io.dmsdelta.trigger.testing.MotoStateManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trigger's Glue calls (GetJobRuns, GetJobRun, StartJobRun) against moto's Glue, an implementation written by
 * others, beside the hand-written stub: what the trigger did, then the runs moto holds, read back with GetJobRuns.
 *
 * <p>moto moves a run from STARTING to RUNNING to SUCCEEDED as it is described (by default at once); these tests hold
 * every run where it is ({@link #HELD}) and move one a state on ({@link #advance}) where the test says so. moto does
 * not queue runs (Glue's job run queuing): a start beyond the job's MaxConcurrentRuns is refused with
 * ConcurrentRunsExceededException, as Glue refuses it for a job without queuing. moto lists a job's runs oldest
 * first, Glue newest first: no test here depends on the order. Each test has a job of its own.
 */
class GlueJobsMotoTest {

    private static final String FOLDER = "s3://dms-bucket/dms";
    private static final String JOB_RUN = "glue::job_run";
    /** A manual transition that does not come within a test: runs stay in their state. */
    private static final String HELD = "{\"progression\": \"manual\", \"times\": 1000000}";
    /** The next state on the next description. */
    private static final String ONE_STEP = "{\"progression\": \"manual\", \"times\": 1}";

    private static MotoStateManager states;
    private static GlueClient glue;

    private final String job = "dms-delta-apply-" + UUID.randomUUID();
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startMoto() {
        MotoServer moto = MotoServer.get();
        states = new MotoStateManager(moto);
        states.set(JOB_RUN, HELD);
        // The client as the function builds it: URL-connection HTTP client, no SDK retries.
        glue = moto.client(GlueClients.builder());
    }

    @AfterAll
    static void releaseMoto() {
        glue.close();
        states.unset(JOB_RUN);
    }

    @Test
    void startsOneRunOfTheWholeFolderWhenTheJobHasNoRuns() {
        createJob(1);

        RunOutcome outcome = trigger().ensureRun(log::add);

        JobRun run = onlyRun();
        assertEquals(new RunOutcome.Started(run.id(), 0), outcome);
        assertEquals(job, run.jobName());
        assertEquals(Map.of("--source", FOLDER), run.arguments());
        assertEquals(JobRunState.STARTING, run.jobRunState());
        assertEquals(List.of(), log);
    }

    @Test
    void startsNoSecondRunWhileTheFirstHasNotStarted() {
        createJob(1);
        CoalescingStarter container = trigger();
        String first = started(container.ensureRun(log::add));

        RunOutcome again = container.ensureRun(log::add);
        RunOutcome otherContainer = trigger().ensureRun(log::add);

        RunOutcome pending = new RunOutcome.Pending(new PendingRun.Found(first, JobRunState.STARTING,
                PendingRun.Evidence.LISTED));
        assertEquals(pending, again);
        assertEquals(pending, otherContainer);
        assertEquals(first, onlyRun().id());
    }

    @Test
    void aRunningRunDoesNotSpareAStartWhichGlueRefusesWithoutAQueueUntilTheRunHasEnded() {
        createJob(1);
        CoalescingStarter container = trigger();
        String first = started(container.ensureRun(log::add));
        advance(first, JobRunState.RUNNING);

        JobStartException refused = assertThrows(JobStartException.class, () -> container.ensureRun(log::add));

        assertInstanceOf(ConcurrentRunsExceededException.class, refused.getCause());
        assertTrue(refused.getMessage().startsWith("Glue job '" + job + "' was not started for " + FOLDER + ": 3"
                + " attempt(s) failed, the last with ConcurrentRunsExceededException: "), refused.getMessage());
        assertEquals(first, onlyRun().id());

        advance(first, JobRunState.SUCCEEDED);
        RunOutcome retried = container.ensureRun(log::add);

        List<JobRun> runs = runs();
        assertEquals(List.of(first, started(retried)), runs.stream().map(JobRun::id).toList());
        assertEquals(new RunOutcome.Started(runs.get(1).id(), 1), retried);
        assertEquals(List.of(JobRunState.SUCCEEDED, JobRunState.STARTING),
                runs.stream().map(JobRun::jobRunState).toList());
        assertEquals(Map.of("--source", FOLDER), runs.get(1).arguments());
    }

    @Test
    void aRunningRunDoesNotSpareAStartWhichGoesBesideItWhenTheJobHasRoom() {
        createJob(2);
        String first = started(trigger().ensureRun(log::add));
        advance(first, JobRunState.RUNNING);

        RunOutcome outcome = trigger().ensureRun(log::add);
        String second = started(outcome);
        RunOutcome third = trigger().ensureRun(log::add);

        assertEquals(new RunOutcome.Started(second, 1), outcome);
        assertEquals(new RunOutcome.Pending(new PendingRun.Found(second, JobRunState.STARTING,
                PendingRun.Evidence.LISTED)), third);
        assertEquals(List.of(first, second), runs().stream().map(JobRun::id).toList());
    }

    @Test
    void followsTheNextTokenOfTheListing() {
        int running = PendingRunCheck.PAGE_SIZE + 1;
        createJob(running + 1);
        List<String> ids = IntStream.range(0, running).mapToObj(i -> glue.startJobRun(r -> r.jobName(job)
                .arguments(Map.of("--source", FOLDER))).jobRunId()).toList();
        ids.forEach(id -> advance(id, JobRunState.RUNNING));

        RunOutcome outcome = trigger().ensureRun(log::add);

        // All listed, over two pages: none was waiting, so the trigger started one.
        String started = started(outcome);
        assertEquals(new RunOutcome.Started(started, running), outcome);
        assertEquals(running + 1, runs().size());
    }

    @Test
    void startsARunWhenTheRunThisContainerStartedIsGoneWithItsJob() {
        createJob(1);
        CoalescingStarter container = trigger();
        String gone = started(container.ensureRun(log::add));
        glue.deleteJob(r -> r.jobName(job));
        createJob(1);

        RunOutcome outcome = container.ensureRun(log::add);

        // GetJobRun answered EntityNotFoundException for the run this container remembered: it covers nothing.
        JobRun run = onlyRun();
        assertEquals(new RunOutcome.Started(run.id(), 0), outcome);
        assertNotEquals(gone, run.id());
    }

    @Test
    void anUnknownJobFailsTheCheckAtOnceAndStartsNothing() {
        JobCheckException e = assertThrows(JobCheckException.class, () -> trigger().ensureRun(log::add));

        assertInstanceOf(EntityNotFoundException.class, e.getCause());
        assertTrue(e.getMessage().endsWith("Not retried: check that GLUE_JOB_NAME names a Glue job in the function's"
                + " account and region."), e.getMessage());
        assertEquals(List.of(), log);
    }

    @Test
    void anUnknownJobFailsTheStartAtOnce() {
        JobStartException e = assertThrows(JobStartException.class,
                () -> new GlueJobStarter(glue, job, retry()).start(FOLDER, log::add));

        assertInstanceOf(EntityNotFoundException.class, e.getCause());
        assertTrue(e.getMessage().endsWith("Not retried: check that GLUE_JOB_NAME names a Glue job in the function's"
                + " account and region."), e.getMessage());
        assertEquals(List.of(), log);
    }

    /** The trigger's Glue side as the handler wires it, for this test's job and the DMS bucket folder. */
    private CoalescingStarter trigger() {
        return new CoalescingStarter(new PendingRunCheck(glue, job, FOLDER, retry()),
                new GlueJobStarter(glue, job, retry()), FOLDER);
    }

    private static GlueRetry retry() {
        return new GlueRetry(3, 1);
    }

    /** A job like the stack's, without default arguments, so that a run's arguments are only those it was given. */
    private void createJob(int maxConcurrentRuns) {
        glue.createJob(r -> r.name(job).role("arn:aws:iam::123456789012:role/dms-delta-glue")
                .command(c -> c.name("glueetl").scriptLocation("s3://dms-bucket/glue/dms_delta_glue.py"))
                .executionProperty(p -> p.maxConcurrentRuns(maxConcurrentRuns))
                .glueVersion("5.0").workerType("G.1X").numberOfWorkers(2));
    }

    /** Moves the run one state on (GetJobRun describes it once), and checks it is now in {@code expected}. */
    private void advance(String runId, JobRunState expected) {
        states.set(JOB_RUN, ONE_STEP);
        try {
            assertEquals(expected, glue.getJobRun(r -> r.jobName(job).runId(runId)).jobRun().jobRunState());
        } finally {
            states.set(JOB_RUN, HELD);
        }
    }

    private List<JobRun> runs() {
        return glue.getJobRunsPaginator(r -> r.jobName(job)).jobRuns().stream().toList();
    }

    private JobRun onlyRun() {
        List<JobRun> runs = runs();
        assertEquals(1, runs.size(), runs.toString());
        return runs.get(0);
    }

    private static String started(RunOutcome outcome) {
        return assertInstanceOf(RunOutcome.Started.class, outcome).runId();
    }
}
