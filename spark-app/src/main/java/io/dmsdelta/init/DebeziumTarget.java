package io.dmsdelta.init;

import io.dmsdelta.config.DebeziumSource;

import java.util.Objects;

/**
 * {@code init --format debezium}: the definitions are written for Debezium change events of this connector, whose
 * topics are {@code <topicPrefix>.<schema>.<table>}.
 *
 * @param topicPrefix the connector's {@code topic.prefix}
 * @param connector   {@code postgresql} or {@code mysql}: the database the events come from
 */
public record DebeziumTarget(String topicPrefix, DebeziumSource.Connector connector) implements SourceTarget {
    public DebeziumTarget {
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        Objects.requireNonNull(connector, "connector");
    }

    @Override
    public String format() {
        return DebeziumSource.FORMAT;
    }

    @Override
    public String command() {
        return "init --format " + DebeziumSource.FORMAT;
    }
}
