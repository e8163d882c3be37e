package io.dmsdelta.trigger.dynamodb;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeVisitor;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;

import java.util.List;
import java.util.Map;

/**
 * A JSON value written back compactly, as it was read: fields in their order, and numbers as their text, never
 * through a double or a {@code BigDecimal} ({@code 1e5} stays {@code 1e5}). The SDK's JSON tree keeps a number's
 * text, and its writer (the SDK's own Jackson generator) escapes strings as JSON requires, so no line break of a
 * value can end the line.
 */
final class CompactJson {

    private CompactJson() {
    }

    /** The value as UTF-8 JSON, without whitespace. */
    static byte[] bytes(JsonNode value) {
        JsonWriter writer = JsonWriter.create();
        value.visit(new Copy(writer));
        return writer.getBytes();
    }

    private record Copy(JsonWriter writer) implements JsonNodeVisitor<Void> {

        @Override
        public Void visitNull() {
            writer.writeNull();
            return null;
        }

        @Override
        public Void visitBoolean(boolean bool) {
            writer.writeValue(bool);
            return null;
        }

        @Override
        public Void visitNumber(String number) {
            writer.writeNumber(number);
            return null;
        }

        @Override
        public Void visitString(String string) {
            writer.writeValue(string);
            return null;
        }

        @Override
        public Void visitArray(List<JsonNode> array) {
            writer.writeStartArray();
            array.forEach(item -> item.visit(this));
            writer.writeEndArray();
            return null;
        }

        @Override
        public Void visitObject(Map<String, JsonNode> object) {
            writer.writeStartObject();
            object.forEach((name, value) -> {
                writer.writeFieldName(name);
                value.visit(this);
            });
            writer.writeEndObject();
            return null;
        }

        @Override
        public Void visitEmbeddedObject(Object embeddedObject) {
            // Only a tree built in code holds one; JsonNode.parser() makes none.
            throw new IllegalArgumentException("an embedded object is not JSON");
        }
    }
}
