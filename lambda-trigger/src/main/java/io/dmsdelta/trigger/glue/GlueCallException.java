package io.dmsdelta.trigger.glue;

import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.AccessDeniedException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

/**
 * A Glue call the trigger needed did not succeed, so the invocation fails (and Lambda retries the event, then keeps
 * it in the dead-letter queue). The message names the job, what was not done, the last error and what to do; the
 * cause is the SDK's exception of the last attempt.
 */
public abstract sealed class GlueCallException extends RuntimeException permits JobStartException, JobCheckException {

    GlueCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error as {@code <error code>: <message>}, safe for a log line. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return LogSafe.text(service.awsErrorDetails().errorCode() + ": " + e.getMessage());
        }
        return LogSafe.text(e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /**
     * What to do about an error that retrying cannot clear.
     *
     * @param iamActions the Glue actions the call needs, as the role must allow them
     */
    static String remedy(SdkException e, String iamActions) {
        if (e instanceof EntityNotFoundException) {
            return "check that GLUE_JOB_NAME names a Glue job in the function's account and region.";
        }
        if (e instanceof AccessDeniedException) {
            return "allow " + iamActions + " on the job in the function's execution role.";
        }
        return "this error does not go away by retrying; fix its cause, then replay the event.";
    }
}
