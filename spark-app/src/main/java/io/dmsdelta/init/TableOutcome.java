package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;

/**
 * One line of init's summary and the notes under it.
 *
 * @param summary what happened, in one sentence
 * @param details the differences and notes, one a line
 */
public record TableOutcome(TableName name, InitStatus status, String summary, List<String> details) {
    public TableOutcome {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        details = List.copyOf(details);
    }
}
