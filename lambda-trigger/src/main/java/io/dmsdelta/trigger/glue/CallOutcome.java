package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.core.exception.SdkException;

import java.util.Objects;

/**
 * How a Glue call made by {@link GlueRetry} ended: with Glue's answer, or with the reason there is none.
 *
 * @param <T> the type of Glue's answer
 */
public sealed interface CallOutcome<T> {

    /** Glue answered. */
    record Answered<T>(T response) implements CallOutcome<T> {
        public Answered {
            Objects.requireNonNull(response, "response");
        }
    }

    /** Every attempt failed with an error that retrying can clear; {@code last} is the last attempt's. */
    record GaveUp<T>(int attempts, SdkException last) implements CallOutcome<T> {
        public GaveUp {
            Objects.requireNonNull(last, "last");
        }
    }

    /** The first attempt failed with an error that retrying cannot clear; no further attempt was made. */
    record NotRetryable<T>(SdkException error) implements CallOutcome<T> {
        public NotRetryable {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The thread was interrupted while waiting to retry. */
    record Interrupted<T>(InterruptedException cause) implements CallOutcome<T> {
        public Interrupted {
            Objects.requireNonNull(cause, "cause");
        }
    }
}
