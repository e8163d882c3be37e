package io.dmsdelta.catalog;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.InternalServiceException;
import software.amazon.awssdk.services.glue.model.OperationTimeoutException;

import java.io.IOException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * One Glue Data Catalog call with the retries the Lambda trigger's Glue calls have: at most {@code attempts} calls,
 * waiting {@code retryBaseMillis} before the second and twice as long before each further one, for the errors that
 * retrying can clear (throttling, 5xx, {@code InternalServiceException}, {@code OperationTimeoutException}, a
 * {@code ConcurrentModificationException} from another writer of the same table, no answer at all). Any other error
 * (access denied, invalid input, an entity that exists or does not) ends the call at once. The client must not retry
 * by itself ({@link GlueRegistry#client()}), or the attempts would multiply. Immutable and thread-safe.
 */
final class GlueCalls {

    private final int attempts;
    private final long retryBaseMillis;
    private final Consumer<String> log;

    /**
     * @param attempts        calls to make at most, at least 1
     * @param retryBaseMillis the wait before the second call, at least 0; doubles for each further one
     * @param log             receives one line per failed attempt that is retried
     */
    GlueCalls(int attempts, long retryBaseMillis, Consumer<String> log) {
        if (attempts < 1 || retryBaseMillis < 0) {
            throw new IllegalArgumentException("attempts must be at least 1 and retryBaseMillis at least 0, got "
                    + attempts + " and " + retryBaseMillis);
        }
        this.attempts = attempts;
        this.retryBaseMillis = retryBaseMillis;
        this.log = requireNonNull(log, "log");
    }

    /**
     * Makes the call, retrying as above.
     *
     * @param operation the Glue operation, e.g. {@code GetTable}, for messages
     * @param target    what it is about, e.g. {@code dms_delta.sales_orders}, for messages
     * @throws Failed with a message saying what Glue answered (or that it did not), and the SDK's exception as cause
     */
    <T> T call(String operation, String target, Supplier<T> call) throws Failed {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (SdkException e) {
                if (!isRetryable(e)) {
                    throw new Failed("Glue refused " + operation + " on " + target + ": " + describe(e)
                            + remedy(operation, e), e);
                }
                if (attempt == attempts) {
                    throw new Failed("Glue did not answer " + operation + " on " + target + " after " + attempts
                            + " attempt(s), the last with " + describe(e) + "; the next run tries again", e);
                }
                long waitMillis = retryBaseMillis << (attempt - 1);
                log.accept("Glue did not answer " + operation + " on " + target + " (attempt " + attempt + " of "
                        + attempts + "): " + describe(e) + "; retrying in " + waitMillis + " ms");
                try {
                    Thread.sleep(waitMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new Failed("interrupted while waiting to retry " + operation + " on " + target, e);
                }
            }
        }
    }

    /** Whether retrying can clear the error: throttling, 5xx, a concurrent update, no answer. */
    static boolean isRetryable(SdkException e) {
        if (e instanceof InternalServiceException || e instanceof OperationTimeoutException
                || e instanceof ConcurrentModificationException) {
            return true;
        }
        if (e instanceof AwsServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        // No answer from Glue: the SDK wraps the I/O error (connection refused or reset, timeout).
        return e instanceof SdkClientException && e.getCause() instanceof IOException;
    }

    /** The error as Glue named it, without the SDK's request id noise: {@code AccessDeniedException: <message>}. */
    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String remedy(String operation, SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && "AccessDeniedException".equals(service.awsErrorDetails().errorCode())) {
            return ". Allow glue:" + operation + " on the Data Catalog, the database and its tables in the role"
                    + " dms-delta runs with (the CloudFormation stack's Glue job role has exactly what registration"
                    + " needs: docs/deploy-aws.md)";
        }
        return "";
    }

    /** A Glue call that did not give an answer; the message is complete. */
    static final class Failed extends Exception {
        Failed(String message, SdkException cause) {
            super(message, cause);
        }

        /** The SDK's exception: what Glue answered, or why there is no answer. */
        SdkException sdkCause() {
            return (SdkException) getCause();
        }
    }
}
