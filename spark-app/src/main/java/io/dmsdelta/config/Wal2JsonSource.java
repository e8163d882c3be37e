package io.dmsdelta.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table whose changes are PostgreSQL logical decoding output of the wal2json plugin, format version 1 or 2, as a
 * consumer such as {@code pg_recvlogical} archives it: files of the database's stream in one folder, whose changes
 * are routed to tables by their {@code schema} and {@code table} (docs/configuration.md, "wal2json").
 *
 * @param folder the folder under the source that holds the stream's files (plain or {@code .gz})
 * @param order  what orders a key's changes
 */
public record Wal2JsonSource(String folder, Order order, EventSettings settings)
        implements EventSourceDefinition {

    public static final String FORMAT = "wal2json";

    public Wal2JsonSource {
        requireNonNull(folder, "folder");
        requireNonNull(order, "order");
        requireNonNull(settings, "settings");
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** What orders a key's changes. */
    public enum Order {
        /**
         * The log position wal2json writes with {@code include-lsn}: version 2's {@code lsn} of each change, version
         * 1's {@code nextlsn} of its transaction then the change's place in it. A change the consumer sent again has
         * the same position, so it is recognised and dropped.
         */
        LSN("lsn"),
        /**
         * For streams written without {@code include-lsn}: the file's modification time, then the change's place in
         * the file. Files must arrive in the stream's order, and a re-sent part of the stream is applied again.
         */
        ARRIVAL("arrival");

        private final String configName;

        Order(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Order> of(String configName) {
            return java.util.Arrays.stream(values()).filter(o -> o.configName.equals(configName)).findFirst();
        }
    }
}
