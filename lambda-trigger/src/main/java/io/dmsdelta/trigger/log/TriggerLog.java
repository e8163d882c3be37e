package io.dmsdelta.trigger.log;

import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The function's log: one call, one log line. Keys and URIs in a line should already be encoded with
 * {@link LogSafe#uri}; every line is passed through {@link LogSafe#text} as well, so that text the trigger did not
 * write itself (a Glue error message, an event's field) cannot break the line either.
 */
public final class TriggerLog implements Consumer<String> {

    private final LambdaLogger logger;

    public TriggerLog(LambdaLogger logger) {
        this.logger = Objects.requireNonNull(logger, "logger");
    }

    @Override
    public void accept(String line) {
        logger.log(LogSafe.text(line));
    }
}
