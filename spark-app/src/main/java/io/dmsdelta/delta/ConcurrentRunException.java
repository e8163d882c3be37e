package io.dmsdelta.delta;

/**
 * Another run changed the table while this one was working; this run wrote nothing. Running again continues
 * from what the other run committed.
 */
public class ConcurrentRunException extends RuntimeException {
    public ConcurrentRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
