package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.GetJobRunRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunResponse;
import software.amazon.awssdk.services.glue.model.GetJobRunsRequest;
import software.amazon.awssdk.services.glue.model.GetJobRunsResponse;
import software.amazon.awssdk.services.glue.model.JobRun;
import software.amazon.awssdk.services.glue.model.JobRunState;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds a run of the job that is waiting to start and will apply the DMS bucket folder: such a run has not listed
 * the folder yet, so it will see every file written until now, and starting another run would only cost.
 *
 * <p><b>What counts.</b> A run whose state is {@code WAITING} (queued behind the run in flight) or {@code STARTING}
 * (leaving the queue; the job script has not run yet), unless its own arguments show that it will not apply the
 * whole folder: a {@code --source} other than the folder, a {@code --dms-delta-command} other than {@code run}
 * ({@code optimize}, {@code rewind}), or {@code --table}. A run without {@code --source} counts: it gets the job's
 * default, which is the folder in the stack and in {@code glue-job.json}. A {@code RUNNING} run does not count: it
 * may have listed the folder already.
 *
 * <p><b>How it looks.</b> GetJobRuns lists the runs newest first (as Glue documents it), {@value #PAGE_SIZE} per
 * page, following NextToken. The listing stops at the first run that counts, and at the first run that has ended
 * ({@code SUCCEEDED}, {@code FAILED}, {@code STOPPED}, {@code TIMEOUT}, {@code ERROR}, {@code EXPIRED}): Glue
 * takes a job's queued runs in the order they were started, so a run still waiting is newer than any run that has
 * ended, and the runs below are history (90 days of it, too much to read on every invocation). If the run this
 * container started last is not among the runs listed (the listing may lag just after StartJobRun), GetJobRun
 * gives its state. Each call is retried with {@link GlueRetry}.
 *
 * <p><b>Why being wrong is safe.</b> Correctness never depends on this check, only cost does: any run applies every
 * pending file of every table, a duplicate run finds nothing to do, and Glue runs one at a time. Missing a pending
 * run (one that Glue took out of order, or a start the listing does not show yet on another container) costs one
 * more run, which waits in Glue's queue. A counted run that then never runs (it expires in the queue, or fails to
 * start) leaves the new files to the next event or to the schedule.
 */
public final class PendingRunCheck {

    /** Runs per GetJobRuns page: a pending run, if any, is among the newest few. */
    static final int PAGE_SIZE = 10;
    /** Pages at most; only runs that neither count nor have ended would fill them, which one-at-a-time rules out. */
    static final int MAX_PAGES = 20;

    // The Glue launcher's argument that picks the dms-delta command (DmsDeltaGlueLauncher.CommandArgument).
    private static final String COMMAND_ARGUMENT = "--dms-delta-command";
    private static final Set<JobRunState> PENDING = Set.of(JobRunState.WAITING, JobRunState.STARTING);
    private static final Set<JobRunState> ENDED = Set.of(JobRunState.STOPPED, JobRunState.SUCCEEDED,
            JobRunState.FAILED, JobRunState.TIMEOUT, JobRunState.ERROR, JobRunState.EXPIRED);

    private final GlueClient glue;
    private final String jobName;
    private final String sourceUri;
    private final GlueRetry retry;

    /**
     * @param sourceUri the DMS bucket folder, {@code s3://<bucket>/<prefix>}: the {@code --source} a run must have
     *                  to count
     */
    public PendingRunCheck(GlueClient glue, String jobName, String sourceUri, GlueRetry retry) {
        this.glue = Objects.requireNonNull(glue, "glue");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.sourceUri = Objects.requireNonNull(sourceUri, "sourceUri");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * Looks for a pending run, as above.
     *
     * @param startedHere the id of the run this container started last, if any
     * @param log         receives a line per retried call and per pending run that does not count
     * @throws JobCheckException if GetJobRuns or GetJobRun did not answer (after the retries)
     */
    public PendingRun find(Optional<String> startedHere, Consumer<String> log) {
        Objects.requireNonNull(startedHere, "startedHere");
        Set<String> listed = new HashSet<>();
        String nextToken = null;
        for (int page = 1; page <= MAX_PAGES; page++) {
            GetJobRunsResponse response = listRuns(nextToken, log);
            for (JobRun run : response.jobRuns()) {
                listed.add(run.id());
                // A state this SDK does not know (UNKNOWN_TO_SDK_VERSION), or none, is neither: keep looking.
                JobRunState state = run.jobRunState();
                if (state == null) {
                    continue;
                }
                if (PENDING.contains(state)) {
                    Optional<String> notCovering = whyNotCovering(run.arguments());
                    if (notCovering.isEmpty()) {
                        return new PendingRun.Found(run.id(), state, PendingRun.Evidence.LISTED);
                    }
                    log.accept("Run " + run.id() + " of Glue job '" + jobName + "' is " + state + ", but "
                            + notCovering.get() + ": not counting on it");
                } else if (ENDED.contains(state)) {
                    return startedHere(startedHere, listed, log);
                }
            }
            nextToken = response.nextToken();
            if (nextToken == null || nextToken.isEmpty()) {
                return startedHere(startedHere, listed, log);
            }
        }
        log.accept("GetJobRuns listed " + listed.size() + " runs of Glue job '" + jobName + "' in " + MAX_PAGES
                + " pages without one that has ended; not looking further");
        return startedHere(startedHere, listed, log);
    }

    /** The listing found no pending run: the run this container started, if the listing did not show it. */
    private PendingRun startedHere(Optional<String> startedHere, Set<String> listed, Consumer<String> log) {
        if (startedHere.isEmpty() || listed.contains(startedHere.get())) {
            return new PendingRun.NoneFound(listed.size());
        }
        String runId = startedHere.get();
        GetJobRunRequest request = GetJobRunRequest.builder().jobName(jobName).runId(runId).build();
        CallOutcome<GetJobRunResponse> outcome = retry.call("return run " + runId + " of job '" + jobName + "'",
                () -> glue.getJobRun(request), log);
        if (outcome instanceof CallOutcome.NotRetryable<GetJobRunResponse> failed
                && failed.error() instanceof EntityNotFoundException) {
            // Gone (the job was deleted and created again, say): it will not run, so it covers nothing.
            log.accept("Glue job '" + jobName + "' has no run " + runId + " (started by this container) any more");
            return new PendingRun.NoneFound(listed.size());
        }
        if (!(outcome instanceof CallOutcome.Answered<GetJobRunResponse> answered)) {
            throw JobCheckException.of(jobName, "GetJobRun", sourceUri, outcome);
        }
        JobRun run = answered.response().jobRun();
        JobRunState state = run == null ? null : run.jobRunState();
        return state != null && PENDING.contains(state)
                ? new PendingRun.Found(runId, state, PendingRun.Evidence.STARTED_HERE)
                : new PendingRun.NoneFound(listed.size());
    }

    private GetJobRunsResponse listRuns(String nextToken, Consumer<String> log) {
        GetJobRunsRequest request = GetJobRunsRequest.builder()
                .jobName(jobName)
                .maxResults(PAGE_SIZE)
                .nextToken(nextToken)
                .build();
        CallOutcome<GetJobRunsResponse> outcome = retry.call("list the runs of job '" + jobName + "'",
                () -> glue.getJobRuns(request), log);
        if (outcome instanceof CallOutcome.Answered<GetJobRunsResponse> answered) {
            return answered.response();
        }
        throw JobCheckException.of(jobName, "GetJobRuns", sourceUri, outcome);
    }

    /** Why a pending run with these arguments will not apply the whole folder; empty if it will. */
    private Optional<String> whyNotCovering(Map<String, String> arguments) {
        String command = arguments.get(COMMAND_ARGUMENT);
        if (command != null && !command.equals("run")) {
            return Optional.of("it runs dms-delta " + command);
        }
        if (arguments.containsKey("--table")) {
            return Optional.of("it applies only the tables its --table names");
        }
        String source = arguments.get(GlueJobStarter.SOURCE_ARGUMENT);
        if (source != null && !withoutTrailingSlash(source).equals(withoutTrailingSlash(sourceUri))) {
            return Optional.of("its --source is not " + sourceUri);
        }
        return Optional.empty();
    }

    private static String withoutTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
