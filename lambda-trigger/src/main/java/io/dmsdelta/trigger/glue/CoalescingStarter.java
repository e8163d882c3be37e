package io.dmsdelta.trigger.glue;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Makes sure that a run of the job will apply the DMS bucket folder from now on, with at most one StartJobRun: if
 * {@link PendingRunCheck} finds a run that is {@code WAITING} or {@code STARTING} (it has not listed the folder
 * yet, so it will see every file written so far), nothing is started; otherwise one run is started with arguments
 * exactly {@code {"--source": "s3://<bucket>/<prefix>"}}. A run that is only {@code RUNNING} may have listed the
 * folder already, so it does not stop a start: the new run waits in Glue's queue behind it. At any time at most one
 * run executes (Glue's MaxConcurrentRuns 1) and one that the trigger started waits, so starts are bounded by runs,
 * not by files.
 *
 * <p><b>Race-free in the deployment.</b> The check and the start are two calls, and another invocation's start
 * between them would let two runs wait. The function has a reserved concurrency of 1, so invocations (of the S3
 * notifications and of the schedule alike) never overlap, and no other trigger invocation can start a run between
 * this one's check and start. Glue may list a run only a moment after StartJobRun has returned; so this object keeps
 * the id of the run it started last (one object per Lambda container, which serves one invocation at a time) and
 * {@link PendingRunCheck} asks GetJobRun for that run when GetJobRuns does not list it yet.
 *
 * <p><b>Safe when it errs.</b> Correctness never depends on the check or on the remembered id, only cost does: any
 * run applies every pending file of every table, a duplicate run finds nothing to do, and Glue runs one at a time.
 * A start the check could have spared (a start by another container whose listing lags, a run started by hand)
 * costs one more short run; a waiting run that then never runs (expired in the queue) leaves the files to the next
 * event or to the schedule, never for good.
 */
public final class CoalescingStarter {

    private final PendingRunCheck check;
    private final GlueJobStarter starter;
    private final String sourceUri;
    // Only a cost saving, and only within this container: see above.
    private final AtomicReference<String> startedHere = new AtomicReference<>();

    /** @param sourceUri the DMS bucket folder, {@code s3://<bucket>/<prefix>}: the {@code --source} of the runs */
    public CoalescingStarter(PendingRunCheck check, GlueJobStarter starter, String sourceUri) {
        this.check = Objects.requireNonNull(check, "check");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.sourceUri = Objects.requireNonNull(sourceUri, "sourceUri");
    }

    public String jobName() {
        return starter.jobName();
    }

    public String sourceUri() {
        return sourceUri;
    }

    /**
     * Checks, then starts a run if none is waiting to start.
     *
     * @param log receives the lines of retried calls and of pending runs that do not count
     * @throws JobCheckException if Glue did not say which runs the job has (after the retries): nothing was started
     * @throws JobStartException if no run was waiting and Glue did not start one (after the retries)
     */
    public RunOutcome ensureRun(Consumer<String> log) {
        PendingRun pending = check.find(Optional.ofNullable(startedHere.get()), log);
        if (pending instanceof PendingRun.Found found) {
            return new RunOutcome.Pending(found);
        }
        String runId = starter.start(sourceUri, log);
        startedHere.set(runId);
        // The only other kind of PendingRun.
        return new RunOutcome.Started(runId, ((PendingRun.NoneFound) pending).runsListed());
    }
}
