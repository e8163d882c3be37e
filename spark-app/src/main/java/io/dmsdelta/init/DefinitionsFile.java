package io.dmsdelta.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.SourceDefinition;
import io.dmsdelta.config.TableDefinitions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code tables.json} text init writes and reads back. Written stable, so that a re-run over an unchanged
 * source gives the same bytes and a diff shows only real changes: tables sorted by schema and table, keys in a
 * fixed order, columns in DMS's order one a line, two-space indents.
 */
public final class DefinitionsFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DefinitionsFile() {
    }

    /** The file's text, tables sorted by {@code schema.table}, ending with a newline. */
    public static String write(List<TableSpec> tables) {
        List<TableSpec> sorted = new ArrayList<>(tables);
        sorted.sort(Comparator.comparing(TableSpec::name));
        StringBuilder out = new StringBuilder("{\n  \"tables\": [");
        for (int i = 0; i < sorted.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n");
            table(out, sorted.get(i));
        }
        return out.append("\n  ]\n}\n").toString();
    }

    private static void table(StringBuilder out, TableSpec t) {
        String indent = "      ";
        out.append("    {\n");
        out.append(indent).append("\"schema\": ").append(quote(t.name().schema())).append(",\n");
        out.append(indent).append("\"table\": ").append(quote(t.name().table())).append(",\n");
        out.append(indent).append("\"primaryKey\": ").append(list(t.primaryKey())).append(",\n");
        t.source().ifPresent(d -> source(out, indent, d, t.columnNames()));
        t.sequenceColumn().ifPresent(s -> out.append(indent).append("\"sequenceColumn\": ").append(quote(s)).append(",\n"));
        t.beforeImagePrefix().ifPresent(p -> out.append(indent).append("\"beforeImagePrefix\": ").append(quote(p)).append(",\n"));
        t.beforeImageColumns().ifPresent(c -> out.append(indent).append("\"beforeImageColumns\": ")
                .append(c instanceof ImagedColumns.Listed listed ? list(listed.columns()) : quote("pk-only")).append(",\n"));
        t.beforeImagesFrom().ifPresent(f -> out.append(indent).append("\"beforeImagesFrom\": ").append(quote(f)).append(",\n"));
        if (t.ignoreUnknownColumns()) {
            out.append(indent).append("\"ignoreUnknownColumns\": true,\n");
        }
        out.append(indent).append("\"columns\": [\n");
        for (int i = 0; i < t.columns().size(); i++) {
            ColumnSpec c = t.columns().get(i);
            out.append(indent).append("  {\"name\": ").append(quote(c.name())).append(", \"type\": ").append(quote(c.type()))
                    .append(c.addedLater() ? ", \"addedLater\": true" : "").append('}')
                    .append(i < t.columns().size() - 1 ? ",\n" : "\n");
        }
        out.append(indent).append("]\n    }");
    }

    /**
     * {@code "source": {"format": ..., <settings>}}, and for Debezium on a line of its own the encodings, in column
     * order.
     */
    private static void source(StringBuilder out, String indent, SourceSpec source, List<String> columns) {
        out.append(indent).append("\"source\": {\"format\": ").append(quote(source.format()));
        source.settings().forEach((name, value) -> out.append(", ").append(quote(name)).append(": ").append(json(value)));
        if (source instanceof DebeziumSpec debezium && !debezium.encodings().isEmpty()) {
            List<String> ordered = new ArrayList<>(columns.stream().filter(debezium.encodings()::containsKey).toList());
            debezium.encodings().keySet().stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
            out.append(",\n").append(indent).append("  \"encodings\": {").append(String.join(", ", ordered.stream()
                    .map(c -> quote(c) + ": " + quote(debezium.encodings().get(c))).toList())).append('}');
        }
        out.append("},\n");
    }

    /**
     * Reads a definition file back, after {@link TableDefinitions#parse} has validated it exactly as a run would
     * (so an invalid previous file fails with that message).
     *
     * @throws io.dmsdelta.config.ConfigException when the file is not valid table definitions
     */
    public static List<TableSpec> read(String json, String origin) {
        TableDefinitions.parse(json, origin);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("parsed once, but not twice: " + e.getOriginalMessage(), e);
        }
        List<TableSpec> tables = new ArrayList<>();
        for (JsonNode t : root.get("tables")) {
            List<ColumnSpec> columns = new ArrayList<>();
            for (JsonNode c : t.get("columns")) {
                columns.add(new ColumnSpec(c.get("name").asText(), c.get("type").asText(), c.path("addedLater").asBoolean(false)));
            }
            List<String> key = new ArrayList<>();
            t.get("primaryKey").forEach(k -> key.add(k.asText()));
            Optional<ImagedColumns> imaged = Optional.empty();
            JsonNode images = t.get("beforeImageColumns");
            if (images != null && images.isArray()) {
                List<String> listed = new ArrayList<>();
                images.forEach(n -> listed.add(n.asText()));
                imaged = Optional.of(new ImagedColumns.Listed(listed));
            } else if (images != null && !images.isNull()) {
                imaged = Optional.of(ImagedColumns.KEY_ONLY);
            }
            tables.add(new TableSpec(new TableName(t.get("schema").asText(), t.get("table").asText()), key, columns,
                    text(t, "sequenceColumn"), text(t, "beforeImagePrefix"), imaged, text(t, "beforeImagesFrom"),
                    t.path("ignoreUnknownColumns").asBoolean(false), source(t.get("source"))));
        }
        return tables;
    }

    /**
     * The {@code "source"} of another producer than DMS (the file is valid): Debezium's with its encodings apart, any
     * other as its settings, kept as written.
     */
    private static Optional<SourceSpec> source(JsonNode source) {
        if (source == null || !source.isObject()
                || SourceDefinition.Dms.FORMAT.equals(source.path("format").asText())) {
            return Optional.empty();
        }
        String format = source.path("format").asText();
        boolean debezium = DebeziumSource.FORMAT.equals(format);
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        Map<String, String> encodings = new LinkedHashMap<>();
        source.fields().forEachRemaining(field -> {
            if (debezium && field.getKey().equals("encodings")) {
                field.getValue().fields().forEachRemaining(e -> encodings.put(e.getKey(), e.getValue().asText()));
            } else if (!field.getKey().equals("format")) {
                settings.put(field.getKey(), field.getValue());
            }
        });
        return Optional.of(debezium ? new DebeziumSpec(settings, encodings) : new SourceSettings(format, settings));
    }

    private static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON value always writes as JSON", e);
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static String list(List<String> values) {
        return "[" + String.join(", ", values.stream().map(DefinitionsFile::quote).toList()) + "]";
    }

    private static String quote(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string always writes as JSON", e);
        }
    }
}
