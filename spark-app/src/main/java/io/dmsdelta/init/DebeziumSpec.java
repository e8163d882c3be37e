package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dmsdelta.config.DebeziumSource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code "source"} of a Debezium definition as init reads and writes it: {@code "format": "debezium"}, then the
 * settings in the order they were written ({@code topicPrefix} and {@code connector} from init, any other set by
 * hand, kept as they are), then the per-column {@code encodings}.
 *
 * @param settings  every key but {@code format} and {@code encodings}, in order, as JSON values
 * @param encodings the value encoding per column name
 */
public record DebeziumSpec(Map<String, JsonNode> settings, Map<String, String> encodings) implements SourceSpec {

    public static final String TOPIC_PREFIX = "topicPrefix";
    public static final String TOPIC = "topic";
    public static final String CONNECTOR = "connector";

    public DebeziumSpec {
        settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        encodings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(encodings));
    }

    /** What init writes for a new table. */
    public static DebeziumSpec of(DebeziumTarget target, Map<String, String> encodings) {
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        settings.put(TOPIC_PREFIX, TextNode.valueOf(target.topicPrefix()));
        settings.put(CONNECTOR, TextNode.valueOf(target.connector().configName()));
        return new DebeziumSpec(settings, encodings);
    }

    @Override
    public String format() {
        return DebeziumSource.FORMAT;
    }

    /** The connector, {@code postgresql} when the definition does not say (as a run reads it). */
    public String connector() {
        return text(CONNECTOR).orElse(DebeziumSource.Connector.POSTGRESQL.configName());
    }
}
