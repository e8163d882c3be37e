package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.testing.MotoServer;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code init --from-dynamodb} through the command line, against moto's DynamoDB: the table is created and filled
 * through the AWS SDK, init reads it with the SDK's default credentials chain (system properties here).
 */
class DynamoDbInitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CREDENTIALS = Map.of("aws.accessKeyId", MotoServer.ACCESS_KEY,
            "aws.secretAccessKey", MotoServer.SECRET_KEY);
    private static final Map<String, String> before = new HashMap<>();
    private static DynamoDbClient dynamo;

    @TempDir
    Path dir;

    @BeforeAll
    static void credentials() {
        CREDENTIALS.forEach((name, value) -> {
            before.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        dynamo = MotoServer.get().client(DynamoDbClient.builder().httpClient(MotoServer.http().build()));
    }

    @AfterAll
    static void restore() {
        dynamo.close();
        before.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    @Test
    void theKeySchemaAndASampleOfItemsGiveTheDefinition() {
        String table = "Shop-Orders.v2";
        create(table, new Key("customer", ScalarAttributeType.S),
                Optional.of(new Key("orderNo", ScalarAttributeType.N)));
        Map<String, AttributeValue> ann = new HashMap<>();
        ann.put("customer", s("ann"));
        ann.put("orderNo", n("1"));
        ann.put("amount", n("12.5"));
        ann.put("qty", n("3"));
        ann.put("photo", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2})));
        ann.put("paid", AttributeValue.fromBool(true));
        ann.put("note", AttributeValue.fromNul(true));
        ann.put("address", AttributeValue.fromM(Map.of("city", s("Oslo"), "zip", n("150"))));
        ann.put("items", AttributeValue.fromL(List.of(s("pen"), n("2"))));
        ann.put("labels", AttributeValue.fromSs(List.of("new", "gift")));
        ann.put("scores", AttributeValue.fromNs(List.of("1", "2.25")));
        ann.put("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromByteArray(new byte[] {3}))));
        ann.put("mixed", s("x"));
        ann.put("Code", s("A"));
        ann.put("code", s("a"));
        ann.put("__meta", s("m"));
        ann.put("with space", s("w"));
        Map<String, AttributeValue> bob = new HashMap<>();
        bob.put("customer", s("bob"));
        bob.put("orderNo", n("2"));
        bob.put("amount", n("7"));
        bob.put("qty", n("9000000000"));
        bob.put("paid", AttributeValue.fromBool(false));
        bob.put("note", AttributeValue.fromNul(true));
        bob.put("mixed", n("5"));
        bob.put("big", n("123456789012345678901234567890"));
        bob.put("tiny", n("0.0000000000000000001"));
        put(table, ann);
        put(table, bob);

        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init(args(table, "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(json("""
                {"tables": [{"schema": "dynamodb", "table": "shop_orders_v2", "primaryKey": ["customer", "orderNo"],
                  "source": {"format": "dynamodb", "folder": "dynamodb/Shop-Orders.v2", "shape": "stream",
                             "dynamoTable": "Shop-Orders.v2", "restColumn": "_item_rest"},
                  "columns": [
                    {"name": "customer", "type": "string"},
                    {"name": "orderNo", "type": "bigint"},
                    {"name": "Code", "type": "string"},
                    {"name": "address", "type": "string"},
                    {"name": "amount", "type": "decimal(38,1)"},
                    {"name": "big", "type": "decimal(38,0)"},
                    {"name": "blobs", "type": "array<binary>"},
                    {"name": "items", "type": "string"},
                    {"name": "labels", "type": "array<string>"},
                    {"name": "mixed", "type": "string"},
                    {"name": "note", "type": "string"},
                    {"name": "paid", "type": "boolean"},
                    {"name": "photo", "type": "binary"},
                    {"name": "qty", "type": "bigint"},
                    {"name": "scores", "type": "array<decimal(38,2)>"},
                    {"name": "tiny", "type": "double"},
                    {"name": "_item_rest", "type": "string"}]}]}"""), json(out));
        TableDefinition parsed = definitions(out).find("dynamodb.shop_orders_v2").orElseThrow();
        assertEquals(List.of("customer", "orderNo"), parsed.primaryKey());
        assertEquals(17, columns(parsed).size());

        // a re-run over the same items writes the same bytes
        String first = InitFiles.read(out);
        assertEquals(ExitCodes.OK, init(args(table, "--output", out.toString())).exitCode());
        assertEquals(first, InitFiles.read(out));
    }

    @Test
    void optionsNameTheDefinitionSizeTheSampleAndSetTheSource() {
        String table = "init_options";
        create(table, new Key("id", ScalarAttributeType.N), Optional.empty());
        put(table, Map.of("id", n("1"), "a", s("x")));
        put(table, Map.of("id", n("2"), "b", s("y")));

        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init(args(table, "--output", out.toString(), "--schema", "shop", "--sample-size", "1",
                "--dynamodb-shape", "kinesis", "--dynamodb-folder", "landing/init_options", "--no-rest-column",
                "--type", "shop.init_options.id=decimal(20,0)"));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        JsonNode written = json(out).get("tables").get(0);
        assertEquals(json("""
                {"format": "dynamodb", "folder": "landing/init_options", "shape": "kinesis",
                 "dynamoTable": "init_options"}"""), written.get("source"));
        assertEquals("shop", written.get("schema").asText());
        List<String> names = new ArrayList<>();
        written.get("columns").forEach(c -> names.add(c.get("name").asText()));
        assertTrue(names.equals(List.of("id", "a")) || names.equals(List.of("id", "b")), "one item read: " + names);
        assertEquals("decimal(20,0)", written.get("columns").get(0).get("type").asText());
        definitions(out).find("shop.init_options").orElseThrow();
    }

    @Test
    void anEmptyTableGivesItsKeyAndTheRestColumn() {
        String table = "init_empty";
        create(table, new Key("id", ScalarAttributeType.N), Optional.of(new Key("at", ScalarAttributeType.S)));
        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init(args(table, "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(List.of("id bigint", "at string", "_item_rest string"),
                columns(definitions(out).find("dynamodb.init_empty").orElseThrow()));
    }

    @Test
    void aNewAttributeIsAddedLaterAndOtherDefinitionsInTheFileStayAsWritten() {
        String table = "init_rerun";
        create(table, new Key("id", ScalarAttributeType.S), Optional.empty());
        put(table, Map.of("id", s("1"), "a", n("1")));
        String others = """
                {"tables": [
                  {"schema": "app", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]},
                  {"schema": "public", "table": "events", "primaryKey": ["id"],
                   "source": {"format": "wal2json", "folder": "wal", "order": "arrival"},
                   "columns": [{"name": "id", "type": "bigint"}]}]}""";
        Path out = InitFiles.write(dir.resolve("tables.json"), others);
        assertEquals(ExitCodes.OK, init(args(table, "--output", out.toString())).exitCode());
        put(table, Map.of("id", s("2"), "b", AttributeValue.fromBool(true)));

        Pipeline.Result again = init(args(table, "--output", out.toString()));
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(List.of("id string", "a bigint", "_item_rest string", "b boolean addedLater"),
                columns(definitions(out).find("dynamodb.init_rerun").orElseThrow()));
        JsonNode written = json(out).get("tables");
        JsonNode expected = json(others).get("tables");
        assertEquals(expected.get(0), written.get(0));
        assertEquals(expected.get(1), written.get(2), "the wal2json source is kept");
    }

    @Test
    void anUnknownTableOrAnUnreachableEndpointIsAUsageErrorAndNothingIsWritten() {
        Path out = dir.resolve("tables.json");
        String refused = init(args("NoSuchTable", "--output", out.toString())).usageError();
        assertTrue(refused.contains("DynamoDB table NoSuchTable in us-east-1 at " + MotoServer.get().endpoint()
                + " does not exist"), refused);
        String unreachable = "http://127.0.0.1:1"; // nothing listens: connection refused
        String cannot = init("--from-dynamodb", "T", "--region", "us-east-1", "--dynamodb-endpoint", unreachable,
                "--output", out.toString()).usageError();
        assertTrue(cannot.contains("cannot read DynamoDB table T in us-east-1 at " + unreachable), cannot);
        assertFalse(Files.exists(out));
    }

    private static String[] args(String table, String... more) {
        List<String> all = new ArrayList<>(List.of("--from-dynamodb", table, "--region", MotoServer.REGION.id(),
                "--dynamodb-endpoint", MotoServer.get().endpoint()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /** A key attribute of a table to create. */
    private record Key(String name, ScalarAttributeType type) {
    }

    private static void create(String table, Key hash, Optional<Key> range) {
        List<KeySchemaElement> key = new ArrayList<>();
        List<AttributeDefinition> attributes = new ArrayList<>();
        // the sort key first in the request: init orders the key by its type, not by its place
        range.ifPresent(sort -> key.add(KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build()));
        key.add(KeySchemaElement.builder().attributeName(hash.name()).keyType(KeyType.HASH).build());
        for (Key k : range.map(sort -> List.of(sort, hash)).orElse(List.of(hash))) {
            attributes.add(AttributeDefinition.builder().attributeName(k.name()).attributeType(k.type()).build());
        }
        dynamo.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST).keySchema(key)
                .attributeDefinitions(attributes));
    }

    private static void put(String table, Map<String, AttributeValue> item) {
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static JsonNode json(Path file) {
        return json(InitFiles.read(file));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
