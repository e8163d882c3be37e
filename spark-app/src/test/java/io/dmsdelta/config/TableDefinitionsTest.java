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

    private static void assertError(String expected, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> TableDefinitions.parse(json, "tables.json"));
        assertTrue(e.getMessage().contains(expected), "expected <" + expected + "> in: " + e.getMessage());
    }
}
