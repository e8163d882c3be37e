package io.dmsdelta.config;

import java.util.Optional;

/**
 * Which producer writes a table's change files, and how to read them: {@code "source"} in a table definition. A table
 * without one is an AWS DMS table, so every definition written before there were other sources keeps its meaning.
 */
public sealed interface SourceDefinition permits SourceDefinition.Dms, EventSourceDefinition {

    /** The {@code "format"} that names this source in a definition. */
    String format();

    /**
     * The column the Delta table keeps each row's change sequence in, for sources that deliver at least once: a
     * change applies only when its sequence is newer than the stored one. Empty for DMS, whose files are applied
     * once each, in order.
     */
    Optional<String> sequenceColumn();

    /** AWS DMS: {@code <schema>/<table>/} folders of LOAD and CDC files (see {@code ../shared/dms-format-notes.md}). */
    record Dms() implements SourceDefinition {
        public static final Dms INSTANCE = new Dms();
        public static final String FORMAT = "dms";

        @Override
        public String format() {
            return FORMAT;
        }

        @Override
        public Optional<String> sequenceColumn() {
            return Optional.empty();
        }
    }
}
