package io.dmsdelta.init;

import java.util.Objects;

/**
 * One column as a definition file writes it: {@code {"name": ..., "type": ..., "addedLater": true}}.
 *
 * @param type       a Spark SQL DDL type, as written (a hand-set spelling is kept)
 * @param addedLater DMS wrote files without the column before the source (or a rule) gained it
 */
public record ColumnSpec(String name, String type, boolean addedLater) {
    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
