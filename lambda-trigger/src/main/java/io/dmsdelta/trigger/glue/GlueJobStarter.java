package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;
import software.amazon.awssdk.services.glue.model.StartJobRunResponse;

import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Starts runs of one Glue job with {@code StartJobRun}, passing one {@code --source}, and retries refusals with
 * {@link GlueRetry}.
 *
 * <p>Glue may refuse a start while runs are in flight ({@code ConcurrentRunsExceededException}, or
 * {@code ResourceNumberLimitExceededException} for the account-wide limit), throttle it, or fail with a 5xx or a
 * network error; these are retried. Retrying is safe even when a failed call did reach Glue: a run applies what is
 * pending, so a second run finds nothing to do. Any other error (wrong job name, access denied, invalid input) is
 * not retried.
 */
public final class GlueJobStarter {

    /** The dms-delta option the started run gets; the job's DefaultArguments supply all others. */
    static final String SOURCE_ARGUMENT = "--source";

    private final GlueClient glue;
    private final String jobName;
    private final GlueRetry retry;

    public GlueJobStarter(GlueClient glue, String jobName, GlueRetry retry) {
        this.glue = Objects.requireNonNull(glue, "glue");
        this.jobName = Objects.requireNonNull(jobName, "jobName");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    public String jobName() {
        return jobName;
    }

    /**
     * Starts a run with arguments exactly {@code {"--source": sourceUri}}.
     *
     * @param sourceUri what the run applies, {@code s3://<bucket>/<key>}
     * @param log       receives one line per refused attempt that will be retried
     * @return the JobRunId Glue assigned; the run may wait in Glue's queue
     * @throws JobStartException if every attempt was refused, if an error occurred that retrying cannot clear (at
     *                           once, after one call), or if the thread was interrupted while waiting
     */
    public String start(String sourceUri, Consumer<String> log) {
        StartJobRunRequest request = StartJobRunRequest.builder()
                .jobName(jobName)
                .arguments(Map.of(SOURCE_ARGUMENT, sourceUri))
                .build();
        CallOutcome<StartJobRunResponse> outcome = retry.call("start job '" + jobName + "' for " + sourceUri,
                () -> glue.startJobRun(request), log);
        if (outcome instanceof CallOutcome.Answered<StartJobRunResponse> answered) {
            return answered.response().jobRunId();
        }
        throw JobStartException.of(jobName, sourceUri, outcome);
    }
}
