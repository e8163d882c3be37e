package io.dmsdelta.trigger.glue;

import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

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
}
