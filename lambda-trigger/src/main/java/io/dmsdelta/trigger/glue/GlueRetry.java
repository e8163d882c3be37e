package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;
import software.amazon.awssdk.services.glue.model.ResourceNumberLimitExceededException;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The trigger's one retry schedule for Glue calls: at most {@code attempts} calls, waiting {@code retryBaseMillis}
 * before the second and twice as long before each further one, for the errors that retrying can clear — refusals
 * while runs are in flight ({@code ConcurrentRunsExceededException}, {@code ResourceNumberLimitExceededException}
 * for the account-wide limit), throttling, 5xx and network errors. Any other error (wrong job name, access denied,
 * invalid input) ends the call at once.
 *
 * <p>The client must not retry by itself (see {@link GlueClients#builder()}): SDK retries underneath would
 * multiply the attempts and the time an invocation takes. Immutable and thread-safe.
 */
public final class GlueRetry {

    private final int attempts;
    private final long retryBaseMillis;

    /**
     * @param attempts        how many calls to make at most, at least 1
     * @param retryBaseMillis the wait before the second call, at least 0; doubles for each further call
     */
    public GlueRetry(int attempts, long retryBaseMillis) {
        if (attempts < 1 || retryBaseMillis < 0) {
            throw new IllegalArgumentException("attempts must be at least 1 and retryBaseMillis at least 0, got "
                    + attempts + " and " + retryBaseMillis);
        }
        this.attempts = attempts;
        this.retryBaseMillis = retryBaseMillis;
    }

    /**
     * Makes the call, retrying as above.
     *
     * @param action what the call does, for the log line of each retried attempt: {@code "Glue did not <action>
     *               (attempt 1 of 4): <error>; retrying in 2000 ms"}
     * @param call   one attempt; SDK exceptions it throws are the failed attempts, anything else is not caught
     * @param log    receives one line per failed attempt that will be retried
     * @return Glue's answer, or why there is none; never throws for an {@link SdkException}
     */
    public <T> CallOutcome<T> call(String action, Supplier<T> call, Consumer<String> log) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(call, "call");
        Objects.requireNonNull(log, "log");
        for (int attempt = 1; ; attempt++) {
            try {
                return new CallOutcome.Answered<>(call.get());
            } catch (SdkException e) {
                if (!isRetryable(e)) {
                    return new CallOutcome.NotRetryable<>(e);
                }
                if (attempt == attempts) {
                    return new CallOutcome.GaveUp<>(attempts, e);
                }
                long waitMillis = backoffMillis(retryBaseMillis, attempt);
                log.accept("Glue did not " + action + " (attempt " + attempt + " of " + attempts + "): "
                        + e.getMessage() + "; retrying in " + waitMillis + " ms");
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return new CallOutcome.Interrupted<>(interrupted);
                }
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
}
