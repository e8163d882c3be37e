package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code "source"} that is a format and its settings alone: a DynamoDB one ({@link DynamoDbTarget#spec}), or one
 * init does not write (wal2json, pg-trigger), which it keeps exactly as it was written.
 */
public record SourceSettings(String format, Map<String, JsonNode> settings) implements SourceSpec {
    public SourceSettings {
        Objects.requireNonNull(format, "format");
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
}
