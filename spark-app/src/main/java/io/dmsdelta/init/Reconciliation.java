package io.dmsdelta.init;

import java.util.List;

/**
 * What init writes and reports.
 *
 * @param definitions the tables of the file to write, sorted by name
 * @param outcomes    one per table read or previously defined, sorted by name
 */
public record Reconciliation(List<TableSpec> definitions, List<TableOutcome> outcomes) {
    public Reconciliation {
        definitions = List.copyOf(definitions);
        outcomes = List.copyOf(outcomes);
    }

    /** Some change needs {@code --accept-changes}: nothing is written. */
    public boolean blocked() {
        return outcomes.stream().anyMatch(o -> o.status().blocks());
    }

    public long count(InitStatus status) {
        return outcomes.stream().filter(o -> o.status() == status).count();
    }
}
