package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.core.exception.SdkException;

/**
 * Glue did not start a run of the job. The message names the job, the run's {@code --source}, the last error and
 * what to do; the cause is the SDK's exception for the last attempt.
 */
public final class JobStartException extends GlueCallException {

    private JobStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exception for a StartJobRun call that did not end with Glue's answer. */
    static JobStartException of(String jobName, String sourceUri, CallOutcome<?> outcome) {
        if (outcome instanceof CallOutcome.GaveUp<?> gaveUp) {
            return refused(jobName, sourceUri, gaveUp.attempts(), gaveUp.last());
        }
        if (outcome instanceof CallOutcome.NotRetryable<?> notRetryable) {
            return failed(jobName, sourceUri, notRetryable.error());
        }
        if (outcome instanceof CallOutcome.Interrupted<?> interrupted) {
            return new JobStartException(notStarted(jobName, sourceUri) + "interrupted while waiting to retry.",
                    interrupted.cause());
        }
        throw new IllegalArgumentException("Glue answered; there is no failure to report: " + outcome);
    }

    /** Every attempt was refused with an error that retrying can clear. */
    private static JobStartException refused(String jobName, String sourceUri, int attempts, SdkException last) {
        return new JobStartException(notStarted(jobName, sourceUri) + attempts + " attempt(s) failed, the last with "
                + describe(last) + ". The invocation fails so that Lambda retries the event and then keeps it in the"
                + " function's dead-letter queue or on-failure destination: replay it from there, or start the job"
                + " with --source " + sourceUri + ".", last);
    }

    /** The first attempt failed with an error that retrying cannot clear. */
    private static JobStartException failed(String jobName, String sourceUri, SdkException error) {
        return new JobStartException(notStarted(jobName, sourceUri) + describe(error) + ". Not retried: "
                + remedy(error, "glue:StartJobRun"), error);
    }

    private static String notStarted(String jobName, String sourceUri) {
        return "Glue job '" + jobName + "' was not started for " + sourceUri + ": ";
    }
}
