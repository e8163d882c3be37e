package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

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
                + remedy(error), error);
    }

    private static String notStarted(String jobName, String sourceUri) {
        return "Glue job '" + jobName + "' was not started for " + sourceUri + ": ";
    }

    private static String remedy(SdkException e) {
        if (e instanceof EntityNotFoundException) {
            return "check that GLUE_JOB_NAME names a Glue job in the function's account and region.";
        }
        if (e instanceof AccessDeniedException) {
            return "allow glue:StartJobRun on the job in the function's execution role.";
        }
        return "this error does not go away by retrying; fix its cause, then replay the event.";
    }
}
