package io.dmsdelta.config;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table whose changes are Debezium change events as they land on S3 (docs/configuration.md, "Debezium").
 *
 * @param topic            the Kafka topic (or Kinesis stream) of the table's events
 * @param layout           how the events are stored
 * @param topicsDir        the Kafka Connect S3 sink's {@code topics.dir}: events are in
 *                         {@code <source>/<topicsDir>/<topic>/partition=<p>/}
 * @param folder           for {@link Layout#FIREHOSE}: the folder under the source that holds the stream's
 *                         {@code YYYY/MM/dd/HH/} objects
 * @param connector        which database the events come from: decides the per-key sequence and what a bare number in
 *                         a timestamp column means
 * @param unavailableValue the connector's {@code unavailable.value.placeholder}: a column holding it keeps its stored
 *                         value
 * @param encodings        columns whose values the connector writes other than their type's default, by column name
 *                         (values as {@code io.dmsdelta.source.debezium.ValueEncoding} spells them)
 * @param settings         what every at-least-once source takes
 */
public record DebeziumSource(String topic, Layout layout, String topicsDir, String folder, Connector connector,
                             String unavailableValue, Map<String, String> encodings, EventSettings settings)
        implements EventSourceDefinition {

    public static final String FORMAT = "debezium";
    public static final String DEFAULT_UNAVAILABLE_VALUE = "__debezium_unavailable_value";
    public static final String DEFAULT_TOPICS_DIR = "topics";

    public DebeziumSource {
        requireNonNull(topic, "topic");
        requireNonNull(layout, "layout");
        requireNonNull(topicsDir, "topicsDir");
        requireNonNull(folder, "folder");
        requireNonNull(connector, "connector");
        requireNonNull(unavailableValue, "unavailableValue");
        encodings = Map.copyOf(encodings);
        requireNonNull(settings, "settings");
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** The column's encoding as the definition spells it, if it names one. */
    public Optional<String> encoding(String column) {
        return Optional.ofNullable(encodings.get(column));
    }

    /** How the events are stored. */
    public enum Layout {
        /** Confluent's Kafka Connect S3 sink: {@code <topic>+<partition>+<start offset>.json[.gz]}, one value per line. */
        KAFKA_CONNECT_S3("kafka-connect-s3"),
        /** Kinesis Data Firehose: {@code YYYY/MM/dd/HH/} objects of records, concatenated or one per line. */
        FIREHOSE("firehose");

        private final String configName;

        Layout(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Layout> of(String configName) {
            return java.util.Arrays.stream(values()).filter(l -> l.configName.equals(configName)).findFirst();
        }
    }

    /** The database the connector reads: its events' {@code source} block orders a key's changes. */
    public enum Connector {
        /** {@code source.lsn}: the change's position in the write-ahead log. */
        POSTGRESQL("postgresql"),
        /** {@code source.file}, {@code pos}, {@code row}: the binlog file, the event's position in it, the row in the event. */
        MYSQL("mysql");

        private final String configName;

        Connector(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Connector> of(String configName) {
            return java.util.Arrays.stream(values()).filter(c -> c.configName.equals(configName)).findFirst();
        }
    }
}
