package io.dmsdelta.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.apache.spark.sql.Row;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The check that a Delta table of {@link DynamoDbWorkload}'s columns equals the DynamoDB table, read with a Scan:
 * every item a row, every attribute its column's value (numbers exactly, sets as sets, maps and lists as JSON), the
 * attributes no column names in {@code _item_rest}.
 */
public final class DynamoDbTables {

    private static final ObjectMapper JSON = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final List<String> COLUMNS = List.of("customer", "order_no", "status", "amount", "qty", "ratio",
            "paid", "photo", "placed", "tags", "scores", "address", "lines", "note");

    private DynamoDbTables() {
    }

    public static void assertEqualToScan(List<Map<String, AttributeValue>> items, String deltaPath) {
        List<Row> rows = TestSpark.get().read().format("delta").load(deltaPath).collectAsList();
        assertEquals(items.size(), rows.size(), "rows: one per item of the table");
        Map<String, Map<String, String>> expected = new TreeMap<>();
        items.forEach(item -> expected.put(key(item.get("customer").s(), item.get("order_no").n()), expectedRow(item)));
        Map<String, Map<String, String>> actual = new TreeMap<>();
        rows.forEach(row -> actual.put(key(row.getString(row.fieldIndex("customer")),
                String.valueOf(row.getLong(row.fieldIndex("order_no")))), actualRow(row)));
        assertEquals(expected.keySet(), actual.keySet(), "keys");
        expected.forEach((key, row) -> assertEquals(row, actual.get(key), "item " + key));
    }

    private static String key(String customer, String orderNo) {
        return customer + "/" + orderNo;
    }

    /** Each column's value as text, from the item as DynamoDB returned it. */
    private static Map<String, String> expectedRow(Map<String, AttributeValue> item) {
        Map<String, String> row = new TreeMap<>();
        for (String column : COLUMNS) {
            AttributeValue value = item.get(column);
            row.put(column, value == null || Boolean.TRUE.equals(value.nul()) ? null : expected(column, value));
        }
        Map<String, JsonNode> rest = new TreeMap<>();
        item.forEach((name, value) -> {
            if (!COLUMNS.contains(name)) {
                rest.put(name, plain(value));
            }
        });
        row.put("_item_rest", rest.isEmpty() ? null : canonical(JSON.valueToTree(rest)));
        return row;
    }

    private static String expected(String column, AttributeValue value) {
        return switch (column) {
            case "order_no", "qty", "amount", "ratio" -> new BigDecimal(value.n()).stripTrailingZeros().toPlainString();
            case "paid" -> value.bool().toString();
            case "photo" -> HexFormat.of().formatHex(value.b().asByteArray());
            case "placed" -> Instant.parse(value.s()).toString();
            case "tags" -> value.ss().stream().sorted().toList().toString();
            case "scores" -> value.ns().stream().map(BigDecimal::new).sorted().map(BigDecimal::toPlainString)
                    .toList().toString();
            case "address", "lines" -> canonical(plain(value));
            default -> value.s();
        };
    }

    private static Map<String, String> actualRow(Row row) {
        Map<String, String> out = new TreeMap<>();
        for (String column : COLUMNS) {
            Object value = row.get(row.fieldIndex(column));
            out.put(column, value == null ? null : actual(column, value));
        }
        String rest = row.getString(row.fieldIndex("_item_rest"));
        out.put("_item_rest", rest == null ? null : canonical(parse(rest)));
        return out;
    }

    private static String actual(String column, Object value) {
        return switch (column) {
            case "order_no", "qty", "amount", "ratio" -> new BigDecimal(value.toString()).stripTrailingZeros()
                    .toPlainString();
            case "photo" -> HexFormat.of().formatHex((byte[]) value);
            case "placed" -> ((Timestamp) value).toInstant().toString();
            case "tags" -> scala.collection.JavaConverters.seqAsJavaList(((scala.collection.Seq<?>) value)).stream()
                    .map(Object::toString).sorted().toList().toString();
            case "scores" -> scala.collection.JavaConverters.seqAsJavaList(((scala.collection.Seq<?>) value)).stream()
                    .map(v -> new BigDecimal(v.toString())).sorted().map(BigDecimal::toPlainString).toList().toString();
            case "address", "lines" -> canonical(parse((String) value));
            default -> value.toString();
        };
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** A value as plain JSON: numbers exact, binary as base64, sets as arrays. */
    private static JsonNode plain(AttributeValue value) {
        JsonNodeFactory nodes = JSON.getNodeFactory();
        return switch (value.type()) {
            case S -> nodes.textNode(value.s());
            case N -> nodes.numberNode(new BigDecimal(value.n()));
            case B -> nodes.textNode(java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()));
            case BOOL -> nodes.booleanNode(value.bool());
            case NUL -> nodes.nullNode();
            case M -> {
                var object = nodes.objectNode();
                value.m().forEach((k, v) -> object.set(k, plain(v)));
                yield object;
            }
            case L -> {
                var array = nodes.arrayNode();
                value.l().forEach(v -> array.add(plain(v)));
                yield array;
            }
            case SS -> {
                var array = nodes.arrayNode();
                value.ss().forEach(array::add);
                yield array;
            }
            case NS -> {
                var array = nodes.arrayNode();
                value.ns().forEach(n -> array.add(new BigDecimal(n)));
                yield array;
            }
            case BS -> {
                var array = nodes.arrayNode();
                value.bs().forEach(b -> array.add(java.util.Base64.getEncoder().encodeToString(b.asByteArray())));
                yield array;
            }
            default -> throw new IllegalArgumentException(value.toString());
        };
    }

    /** JSON as text with object fields sorted and numbers without trailing zeros, so equal values compare equal. */
    private static String canonical(JsonNode node) {
        if (node.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(field.getKey() + ":" + canonical(field.getValue()));
            }
            return fields.stream().sorted().collect(Collectors.joining(",", "{", "}"));
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(e -> elements.add(canonical(e)));
            return elements.toString();
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros().toPlainString();
        }
        return node.toString();
    }

}
