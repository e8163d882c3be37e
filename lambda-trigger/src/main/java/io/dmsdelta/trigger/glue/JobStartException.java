package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * Glue did not start a run of the job for a DMS file. The message names the job, the file, the last error and what
 * to do; the cause is the SDK's exception for the last attempt.
 */
public final class JobStartException extends RuntimeException {

    private JobStartException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Every attempt was refused with an error that retrying can clear. */
    static JobStartException refused(String jobName, String sourceUri, int attempts, SdkException last) {
        return new JobStartException(notStarted(jobName, sourceUri) + attempts + " attempt(s) failed, the last with "
                + describe(last) + ". The invocation fails so that Lambda retries the event and then keeps it in the"
                + " function's dead-letter queue or on-failure destination: replay it from there, or start the job"
                + " with --source " + sourceUri + ".", last);
    }

    /** The first attempt failed with an error that retrying cannot clear. */
    static JobStartException failed(String jobName, String sourceUri, SdkException error) {
        return new JobStartException(notStarted(jobName, sourceUri) + describe(error) + ". Not retried: "
                + remedy(error), error);
    }

    /** The thread was interrupted while waiting to retry. */
    static JobStartException interrupted(String jobName, String sourceUri, InterruptedException e) {
        return new JobStartException(notStarted(jobName, sourceUri) + "interrupted while waiting to retry.", e);
    }

    private static String notStarted(String jobName, String sourceUri) {
        return "Glue job '" + jobName + "' was not started for " + sourceUri + ": ";
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode() + ": " + e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
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
