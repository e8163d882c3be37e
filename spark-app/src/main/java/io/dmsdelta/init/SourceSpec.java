package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code "source"} of a definition that is not a DMS one, as init reads and writes it: {@code "format"}, then
 * the settings in the order they were written, each kept as the JSON value it is.
 */
public sealed interface SourceSpec permits DebeziumSpec, SourceSettings {

    String format();

    /** Every key but {@code format} (and Debezium's {@code encodings}), in order. */
    Map<String, JsonNode> settings();

    default Optional<String> text(String setting) {
        JsonNode value = settings().get(setting);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }
}
