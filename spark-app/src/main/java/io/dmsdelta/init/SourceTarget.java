package io.dmsdelta.init;

/**
 * The change source init writes definitions for when it is not AWS DMS's files: each new table's {@code "source"}
 * comes from it. DMS has none (a definition without {@code "source"} is a DMS one).
 */
public sealed interface SourceTarget permits DebeziumTarget, DynamoDbTarget {

    /** The {@code "format"} of the definitions written. */
    String format();

    /** How the command line chose it, for messages: {@code init --format debezium}. */
    String command();

    /**
     * Whether an existing definition that this init did not select is one it reads the source of, so that its table
     * is gone from the source, rather than one of another source, which it leaves as it is.
     */
    default boolean answersFor(TableSpec existing) {
        return existing.format().equals(format());
    }
}
