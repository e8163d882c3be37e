package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;
import software.amazon.awssdk.services.glue.model.ResourceNumberLimitExceededException;
import software.amazon.awssdk.services.glue.model.StartJobRunRequest;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Starts runs of one Glue job with {@code StartJobRun}, passing one DMS file as {@code --source}, and retries
 * refusals.
 *
 * <p>Glue may refuse a start while runs are in flight ({@code ConcurrentRunsExceededException}, or
 * {@code ResourceNumberLimitExceededException} for the account-wide limit), throttle it, or fail with a 5xx or a
 * network error. These are retried: at most {@code attempts} calls in all, waiting {@code retryBaseMillis} before
 * the second and twice as long before each further one. Retrying is safe even when a failed call did reach Glue:
 * a run applies what is pending in its folder, so a second run of the same folder finds nothing to do. Any other
 * error (wrong job name, access denied, invalid input) is not retried.
 *
 * <p>The client must not retry by itself (see {@link GlueClients#builder()}): this class owns the schedule.
 */
public final class GlueJobStarter {

    /** The dms-delta option the started run gets; the job's DefaultArguments supply all others. */
    static final String SOURCE_ARGUMENT = "--source";

    private final GlueClient glue;
    private final String jobName;
    private final int attempts;
    private final long retryBaseMillis;

    /**
     * @param attempts        how many StartJobRun calls to make at most per start, at least 1
     * @param retryBaseMillis the wait before the second call, at least 0; doubles for each further call
     */
    public GlueJobStarter(GlueClient glue, String jobName, int attempts, long retryBaseMillis) {
        if (attempts < 1 || retryBaseMillis < 0) {
            throw new IllegalArgumentException("attempts must be at least 1 and retryBaseMillis at least 0, got "
                    + attempts + " and " + retryBaseMillis);
        }
        this.glue = glue;
        this.jobName = jobName;
        this.attempts = attempts;
        this.retryBaseMillis = retryBaseMillis;
    }

    public String jobName() {
        return jobName;
    }

    /**
     * Starts a run with arguments exactly {@code {"--source": sourceUri}}.
     *
     * @param sourceUri the DMS file, {@code s3://<bucket>/<key>}
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
        for (int attempt = 1; ; attempt++) {
            try {
                return glue.startJobRun(request).jobRunId();
            } catch (SdkException e) {
                if (!isRetryable(e)) {
                    throw JobStartException.failed(jobName, sourceUri, e);
                }
                if (attempt == attempts) {
                    throw JobStartException.refused(jobName, sourceUri, attempts, e);
                }
                long waitMillis = backoffMillis(retryBaseMillis, attempt);
                log.accept("Glue did not start job '" + jobName + "' for " + sourceUri + " (attempt " + attempt
                        + " of " + attempts + "): " + e.getMessage() + "; retrying in " + waitMillis + " ms");
                sleep(waitMillis, sourceUri);
            }
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (from 1): {@code baseMillis * 2^(attempt - 1)}. Cannot overflow
     * within the bounds {@code TriggerConfig} allows (10 attempts, 60 s).
     */
    static long backoffMillis(long baseMillis, int attempt) {
        return baseMillis << (attempt - 1);
    }

    /** Whether retrying can clear the error: refusals while runs are in flight, throttling, 5xx, network errors. */
    static boolean isRetryable(SdkException e) {
        if (e instanceof ConcurrentRunsExceededException || e instanceof ResourceNumberLimitExceededException
                || e instanceof InternalServiceException || e instanceof OperationTimeoutException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // No answer from Glue: the SDK wraps the I/O error (connection refused or reset, timeout).
        return e instanceof SdkClientException && e.getCause() instanceof IOException;
    }

    private void sleep(long millis, String sourceUri) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw JobStartException.interrupted(jobName, sourceUri, e);
        }
    }
}
