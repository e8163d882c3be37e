package io.dmsdelta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code docs/run-report.schema.json}, and a check of JSON against it with the schema keywords it uses (type,
 * required, additionalProperties, properties, items, enum, const, minimum, $ref), so no validator library is needed.
 */
public final class ReportSchema {

    public static final JsonNode SCHEMA = read();

    private ReportSchema() {
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Files.readString(Pipeline.REPO.resolve("docs/run-report.schema.json")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Where a report's JSON does not fit the schema, or a table's reason and message do not come together. */
    public static List<String> problems(String json) {
        try {
            List<String> problems = new java.util.ArrayList<>();
            JsonNode report = new ObjectMapper().readTree(json);
            check(report, SCHEMA, "$", problems);
            for (int i = 0; i < report.path("tables").size(); i++) {
                JsonNode table = report.path("tables").get(i);
                if (table.path("reason").isNull() != table.path("message").isNull()) {
                    problems.add("$.tables[" + i + "]: reason " + table.path("reason") + " with message "
                            + table.path("message"));
                }
            }
            return problems;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
    }

    /** Adds to {@code problems} where {@code value} does not fit {@code schema}. */
    public static void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema.has("$ref")) {
            JsonNode target = SCHEMA;
            for (String part : schema.get("$ref").asText().substring(2).split("/")) {
                target = target.get(part);
            }
            check(value, target, at, problems);
            return;
        }
        if (schema.has("type") && !typeFits(value, schema.get("type"))) {
            problems.add(at + ": not " + (schema.get("type").isArray() ? schema.get("type").toString() : schema.get("type").asText()));
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode allowed : schema.get("enum")) {
                found |= allowed.equals(value);
            }
            if (!found) {
                problems.add(at + ": " + value + " is not one of the values");
            }
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            problems.add(at + ": is not " + schema.get("const"));
        }
        if (schema.has("minimum") && value.isNumber() && value.asLong() < schema.get("minimum").asLong()) {
            problems.add(at + ": below " + schema.get("minimum").asLong());
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) {
                    problems.add(at + ": lacks " + required.asText());
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                JsonNode property = schema.path("properties").get(field.getKey());
                if (property == null) {
                    if (!schema.path("additionalProperties").asBoolean(true)) {
                        problems.add(at + "." + field.getKey() + ": not in the schema");
                    }
                } else {
                    check(field.getValue(), property, at + "." + field.getKey(), problems);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
            }
        }
    }

    private static boolean typeFits(JsonNode value, JsonNode type) {
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (typeFits(value, one)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> throw new IllegalArgumentException("the check does not know type " + type);
        };
    }
}
