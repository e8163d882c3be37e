package io.dmsdelta.config;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableDefinitionsTest {

    @Test
    void readsKeysColumnsAndTypes() throws Exception {
        String json = java.nio.file.Files.readString(io.dmsdelta.testing.Pipeline.SAMPLE_TABLES);
        TableDefinitions defs = TableDefinitions.parse(json, "tables.json");
        TableDefinition lines = defs.find("sales", "order_lines").orElseThrow();
        assertEquals(List.of("order_id", "line_no"), lines.primaryKey());
        assertEquals(new DecimalType(10, 2), lines.column("unit_price").orElseThrow().type());
        assertEquals(DataTypes.TimestampType, lines.column("updated_at").orElseThrow().type());
        assertEquals("ahmad_schema.Persons", defs.find("ahmad_schema.Persons").orElseThrow().qualifiedName());
    }

    @Test
    void mistakesAreNamedWithTheirTable() {
        assertError("is not a Spark SQL type", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "integr"}]}]}""");
        assertError("primary key column nope is not one of its columns", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["nope"], "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("must name at least one column", """
                {"tables": [{"schema": "s", "table": "t", "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("primarykey", """
                {"tables": [{"schema": "s", "table": "t", "primarykey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("define s.t twice", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]},
                            {"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("reserves", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}, {"name": "__op", "type": "string"}]}]}""");
        assertError("comes after a column marked addedLater", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"},
                  {"name": "a", "type": "int", "addedLater": true}, {"name": "b", "type": "int"}]}]}""");
        assertError("it cannot be addedLater", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int", "addedLater": true}]}]}""");
        assertError("the before-image column BI_id of key id is also listed as a column", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_",
                  "columns": [{"name": "id", "type": "int"}, {"name": "bi_id", "type": "int"}]}]}""");
    }

    @Test
    void schemaAndTableNamesMustBePlainFolderNames() {
        for (String bad : List.of("..", ".", "a/b", "a\\\\b", "_quarantine", ".hidden", "c:d", "tab\\u0001")) {
            assertError("must be a plain folder name", """
                    {"tables": [{"schema": "%s", "table": "t", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}"""
                    .formatted(bad));
            assertError("must be a plain folder name", """
                    {"tables": [{"schema": "s", "table": "%s", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}"""
                    .formatted(bad));
        }
        TableDefinitions.parse("""
                {"tables": [{"schema": "my schema", "table": "Orders-2024.v2", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}""",
                "tables.json");
    }

    @Test
    void beforeImagesDefaultToTheKeyColumnsInTableOrder() {
        TableDefinition t = TableDefinitions.parse("""
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["b", "a"], "beforeImagePrefix": "before_",
                  "columns": [{"name": "a", "type": "int"}, {"name": "v", "type": "string"}, {"name": "b", "type": "int"}]}]}""",
                "tables.json").all().get(0);
        assertEquals(List.of("a", "b"), t.beforeImages().orElseThrow().columns());
        assertEquals(List.of("__before_a", "__before_b"), t.beforeImageFields());
        assertEquals(java.util.Optional.empty(), t.beforeImages().orElseThrow().fromNanos());
    }

    @Test
    void beforeImageColumnsOfOtherFiltersAreListedAndMustIncludeTheKey() {
        TableDefinition t = TableDefinitions.parse("""
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_",
                  "beforeImageColumns": ["id", "v"], "beforeImagesFrom": "20240612-103125108.csv",
                  "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}, {"name": "seq", "type": "decimal(38,0)"}]}]}""",
                "tables.json").all().get(0);
        assertEquals(List.of("__before_id", "__ignored_before_v"), t.beforeImageGroup("__ignored_"));
        assertEquals(java.util.Optional.of(1718188285108_000_000L), t.beforeImages().orElseThrow().fromNanos());
        assertError("must include every primary key column", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImageColumns": ["v"],
                  "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}]}""");
        assertError("beforeImageColumns names \"w\", which is not one of its columns", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImageColumns": ["id", "w"],
                  "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}]}""");
        assertError("give \"pk-only\"", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImageColumns": "all",
                  "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("need \"beforeImagePrefix\" too", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagesFrom": "20240612-103125108.csv",
                  "columns": [{"name": "id", "type": "int"}]}]}""");
        assertError("give the name of the first CDC file", """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "beforeImagePrefix": "BI_", "beforeImagesFrom": "yesterday",
                  "columns": [{"name": "id", "type": "int"}]}]}""");
    }

    @Test
    void wal2jsonAndTriggerSourcesTakeTheirFolderAndOrderOrShapeWithTheSettingsEveryEventSourceShares() {
        String table = """
                {"tables": [{"schema": "public", "table": "t", "primaryKey": ["id"], "source": SOURCE,
                  "columns": [{"name": "id", "type": "int"}]}]}""";
        Wal2JsonSource wal2json = (Wal2JsonSource) TableDefinitions.parse(table.replace("SOURCE",
                "{\"format\": \"wal2json\", \"folder\": \"wal/db\", \"lateArrivalMinutes\": 3}"), "tables.json")
                .all().get(0).source();
        assertEquals(new Wal2JsonSource("wal/db", Wal2JsonSource.Order.LSN, new EventSettings("_change_seq",
                java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(3))), wal2json);
        TriggerSource trigger = (TriggerSource) TableDefinitions.parse(table.replace("SOURCE",
                "{\"format\": \"pg-trigger\", \"folder\": \"rows\", \"shape\": \"row\", \"sequenceColumn\": \"_seq\"}"),
                "tables.json").all().get(0).source();
        assertEquals(new TriggerSource("rows", TriggerSource.Shape.ROW, new EventSettings("_seq",
                java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(10))), trigger);
        assertError("\"order\" is \"commit\"", table.replace("SOURCE",
                "{\"format\": \"wal2json\", \"folder\": \"wal/db\", \"order\": \"commit\"}"));
        assertError("the wal2json source has no setting \"topic\"", table.replace("SOURCE",
                "{\"format\": \"wal2json\", \"folder\": \"wal/db\", \"topic\": \"x\"}"));
        assertError("\"source\" needs \"folder\"", table.replace("SOURCE", "{\"format\": \"pg-trigger\"}"));
        assertError("\"shape\" is \"rows\"", table.replace("SOURCE",
                "{\"format\": \"pg-trigger\", \"folder\": \"f\", \"shape\": \"rows\"}"));
    }

    @Test
    void dynamodbSourcesTakeShapeTableRestColumnAndWhatADeleteByTimeToLiveBecomes() {
        String table = """
                {"tables": [{"schema": "dynamodb", "table": "orders", "primaryKey": ["pk"], "source": SOURCE,
                  "columns": [{"name": "pk", "type": "string"}, {"name": "_rest", "type": "string"},
                              {"name": "expired", "type": "boolean"}]}]}""";
        DynamoDbSource defaults = (DynamoDbSource) TableDefinitions.parse(table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"dynamodb/Orders\"}"), "tables.json").all().get(0).source();
        assertEquals(new DynamoDbSource("dynamodb/Orders", DynamoDbSource.Shape.STREAM, "orders",
                java.util.Optional.empty(), DynamoDbSource.TtlDeletes.DELETE, java.util.Optional.empty(),
                new EventSettings("_change_seq", java.time.Duration.ofDays(7), java.time.Duration.ofMinutes(10))),
                defaults);
        DynamoDbSource given = (DynamoDbSource) TableDefinitions.parse(table.replace("SOURCE", """
                {"format": "dynamodb", "folder": "k", "shape": "kinesis", "dynamoTable": "Orders",
                 "restColumn": "_rest", "ttlDeletes": "flag", "ttlFlagColumn": "expired"}"""), "tables.json")
                .all().get(0).source();
        assertEquals(new DynamoDbSource("k", DynamoDbSource.Shape.KINESIS, "Orders", java.util.Optional.of("_rest"),
                DynamoDbSource.TtlDeletes.FLAG, java.util.Optional.of("expired"), defaults.settings()), given);
        assertError("\"shape\" is \"firehose\"", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"shape\": \"firehose\"}"));
        assertError("\"restColumn\", which takes the attributes no column names as JSON text names rest, which is not"
                + " one of its columns", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"restColumn\": \"rest\"}"));
        assertError("names expired, of type boolean; declare it as string", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"restColumn\": \"expired\"}"));
        assertError("goes with \"ttlDeletes\": \"flag\", and only with it", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"ttlDeletes\": \"flag\"}"));
        assertError("names _rest, of type string; declare it as boolean", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"ttlDeletes\": \"flag\", \"ttlFlagColumn\": \"_rest\"}"));
        assertError("the dynamodb source has no setting \"order\"", table.replace("SOURCE",
                "{\"format\": \"dynamodb\", \"folder\": \"f\", \"order\": \"lsn\"}"));
    }

    private static void assertError(String expected, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> TableDefinitions.parse(json, "tables.json"));
        assertTrue(e.getMessage().contains(expected), "expected <" + expected + "> in: " + e.getMessage());
    }
}
