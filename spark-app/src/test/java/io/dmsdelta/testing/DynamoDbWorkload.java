package io.dmsdelta.testing;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded random workload on a real DynamoDB API (moto's) through the AWS SDK: puts of whole items with varying
 * attributes and every descriptor, update expressions (SET, REMOVE, ADD to numbers and sets, DELETE from sets),
 * conditional updates that succeed or fail, deletes and keys inserted again. The table ({@link #DEFINITION_COLUMNS})
 * has a partition and a sort key and a stream of new and old images.
 */
public final class DynamoDbWorkload {

    public static final String PARTITION_KEY = "customer";
    public static final String SORT_KEY = "order_no";

    /** The columns of the tests' definition, as JSON; other attributes go to {@code _item_rest}. */
    public static final String DEFINITION_COLUMNS = """
            [{"name": "customer", "type": "string"}, {"name": "order_no", "type": "bigint"},
             {"name": "status", "type": "string"}, {"name": "amount", "type": "decimal(38,2)"},
             {"name": "qty", "type": "int"}, {"name": "ratio", "type": "double"}, {"name": "paid", "type": "boolean"},
             {"name": "photo", "type": "binary"}, {"name": "placed", "type": "timestamp"},
             {"name": "tags", "type": "array<string>"}, {"name": "scores", "type": "array<bigint>"},
             {"name": "address", "type": "string"}, {"name": "lines", "type": "string"},
             {"name": "note", "type": "string"}, {"name": "_item_rest", "type": "string"}]""";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Random random;
    private int conditionalFailures;

    public DynamoDbWorkload(DynamoDbClient dynamo, String table, long seed) {
        this.dynamo = dynamo;
        this.table = table;
        this.random = new Random(seed);
    }

    /** Creates the table with a stream of new and old images. */
    public void createTable() {
        dynamo.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.N).build())
                .streamSpecification(s -> s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }

    public String table() {
        return table;
    }

    /** How many conditional updates the table refused so far (their condition did not hold). */
    public int conditionalFailures() {
        return conditionalFailures;
    }

    public void runBatch(int operations) {
        for (int i = 0; i < operations; i++) {
            Map<String, AttributeValue> key = key();
            int pick = random.nextInt(100);
            if (pick < 35) {
                dynamo.putItem(b -> b.tableName(table).item(item(key)));
            } else if (pick < 60) {
                update(key);
            } else if (pick < 72) {
                conditionalUpdate(key);
            } else if (pick < 87) {
                dynamo.deleteItem(b -> b.tableName(table).key(key));
            } else {
                setUpdate(key);
            }
        }
    }

    /** Every item of the table, as a Scan returns it. */
    public List<Map<String, AttributeValue>> scan() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(b -> b.tableName(table).exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    private Map<String, AttributeValue> key() {
        return Map.of(PARTITION_KEY, s("c" + random.nextInt(5)), SORT_KEY, n(String.valueOf(1 + random.nextInt(8))));
    }

    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = new HashMap<>(key);
        item.put("status", s(List.of("new", "paid", "shipped", "été ✓").get(random.nextInt(4))));
        item.put("amount", n(amount()));
        maybe(item, "qty", () -> n(String.valueOf(random.nextInt(2_000_000) - 1_000_000)));
        maybe(item, "ratio", () -> n(List.of("0.125", "-3.5", "1000000", "0.000001").get(random.nextInt(4))));
        maybe(item, "paid", () -> AttributeValue.fromBool(random.nextBoolean()));
        maybe(item, "photo", () -> AttributeValue.fromB(SdkBytes.fromByteArray(bytes())));
        maybe(item, "placed", () -> s("2026-%02d-%02dT%02d:%02d:%02d.%06dZ".formatted(1 + random.nextInt(12),
                1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60),
                random.nextInt(1_000_000))));
        maybe(item, "tags", () -> AttributeValue.fromSs(List.of("t" + random.nextInt(3), "u" + random.nextInt(3))));
        maybe(item, "scores", () -> AttributeValue.fromNs(List.of(String.valueOf(random.nextInt(100)),
                String.valueOf(100 + random.nextInt(100)), "9007199254740993")));
        maybe(item, "address", () -> AttributeValue.fromM(Map.of("city", s("Lyon"), "zip", n("69001.5"),
                "geo", AttributeValue.fromL(List.of(n("45.76"), n("4.83"))), "none", AttributeValue.fromNul(true))));
        maybe(item, "lines", () -> AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of("sku", s("A-1"),
                "qty", n(String.valueOf(random.nextInt(9))))), s("gift"), AttributeValue.fromBs(List.of(
                SdkBytes.fromByteArray(bytes()))))));
        maybe(item, "note", () -> random.nextBoolean() ? s("x".repeat(random.nextInt(50))) : AttributeValue.fromNul(true));
        maybe(item, "x_" + random.nextInt(3), () -> random.nextBoolean() ? n("7.50") : s("other"));
        return item;
    }

    private void update(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        values.put(":s", s("updated-" + random.nextInt(10)));
        sets.add("#st = :s");
        if (random.nextBoolean()) {
            values.put(":a", n(amount()));
            sets.add("amount = :a");
        }
        String expression = "SET " + String.join(", ", sets);
        if (random.nextBoolean()) {
            values.put(":q", n(String.valueOf(random.nextInt(10))));
            expression += " ADD qty :q";
        }
        if (random.nextInt(3) == 0) {
            expression += " REMOVE note, photo";
        }
        String update = expression;
        dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression(update)
                .expressionAttributeNames(Map.of("#st", "status")).expressionAttributeValues(values));
    }

    /** An update only if the item exists with a status: refused where it does not (nothing is written then). */
    private void conditionalUpdate(Map<String, AttributeValue> key) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression("SET paid = :p, ratio = :r")
                    .conditionExpression("attribute_exists(#st) AND #st <> :shipped")
                    .expressionAttributeNames(Map.of("#st", "status"))
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromBool(true), ":r", n("2.25"),
                            ":shipped", s("shipped"))));
        } catch (ConditionalCheckFailedException e) {
            conditionalFailures++;
        }
    }

    private void setUpdate(Map<String, AttributeValue> key) {
        boolean add = random.nextBoolean();
        dynamo.updateItem(b -> b.tableName(table).key(key).updateExpression((add ? "ADD" : "DELETE") + " tags :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromSs(List.of("t" + random.nextInt(3))))));
    }

    private String amount() {
        return random.nextInt(10) == 0 ? "12345678901234567890123456.78"
                : BigDecimal.valueOf(random.nextInt(1_000_000), 2).toPlainString();
    }

    private byte[] bytes() {
        byte[] bytes = new byte[1 + random.nextInt(12)];
        random.nextBytes(bytes);
        return bytes;
    }

    private void maybe(Map<String, AttributeValue> item, String name, java.util.function.Supplier<AttributeValue> value) {
        if (random.nextInt(4) != 0) {
            item.put(name, value.get());
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }
}
