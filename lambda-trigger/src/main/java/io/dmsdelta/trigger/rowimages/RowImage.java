package io.dmsdelta.trigger.rowimages;

import software.amazon.awssdk.protocols.jsoncore.JsonNode;

import java.math.BigInteger;
import java.util.Set;

/**
 * What the function checks of an event before storing it: a row image of {@code sql/postgresql/row-images.sql}.
 *
 * @param seq the sequence value the trigger took, digits
 */
record RowImage(String op, String schema, String table, String seq) {

    private static final Set<String> OPERATIONS = Set.of("INSERT", "UPDATE", "DELETE", "TRUNCATE");

    /** @throws IllegalArgumentException saying what the event lacks */
    static RowImage parse(String event) {
        JsonNode node;
        try {
            node = JsonNode.parser().parse(event);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the event is not JSON: " + e.getMessage(), e);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the event is not a JSON object; the row-image trigger sends one per row");
        }
        String op = text(node, "op");
        if (!OPERATIONS.contains(op)) {
            throw new IllegalArgumentException("the event's op is " + op + "; a row image has INSERT, UPDATE, DELETE"
                    + " or TRUNCATE");
        }
        JsonNode seq = node.field("seq").orElse(null);
        if (seq == null || !seq.isNumber() || !seq.asNumber().matches("[0-9]{1,38}")
                || new BigInteger(seq.asNumber()).signum() < 0) {
            throw new IllegalArgumentException("the event has no whole-number seq (the sequence value the trigger"
                    + " takes): it is no row image of sql/postgresql/row-images.sql");
        }
        return new RowImage(op, text(node, "schema"), text(node, "table"), seq.asNumber());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.field(field).orElse(null);
        if (value == null || !value.isString() || value.asString().isEmpty()) {
            throw new IllegalArgumentException("the event has no \"" + field + "\" text; a row image has op, schema,"
                    + " table and seq");
        }
        return value.asString();
    }
}
