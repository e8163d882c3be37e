package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DMS task's table mappings, read as DMS reads them: selection first, then the rules whose locator matches. */
class TableMappingsTest {

    static final String MAPPINGS = """
            {"rules": [
              {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
               "object-locator": {"schema-name": "app", "table-name": "%"}},
              {"rule-type": "selection", "rule-id": "2", "rule-name": "2", "rule-action": "exclude",
               "object-locator": {"schema-name": "app", "table-name": "tmp[_]%"}},
              {"rule-type": "selection", "rule-id": "3", "rule-name": "3", "rule-action": "explicit",
               "object-locator": {"schema-name": "audit", "table-name": "log_2024"}},
              {"rule-type": "transformation", "rule-id": "10", "rule-name": "10", "rule-target": "column",
               "rule-action": "add-column", "value": "AR_H_CHANGE_SEQ", "expression": "$AR_H_CHANGE_SEQ",
               "data-type": {"type": "string", "length": 50},
               "object-locator": {"schema-name": "%", "table-name": "%"}},
              {"rule-type": "transformation", "rule-id": "11", "rule-name": "11", "rule-target": "column",
               "rule-action": "add-before-image-columns",
               "before-image-def": {"column-prefix": "BI_", "column-suffix": "", "column-filter": "non-lob"},
               "object-locator": {"schema-name": "app", "table-name": "order%"}},
              {"rule-type": "transformation", "rule-id": "12", "rule-name": "12", "rule-target": "column",
               "rule-action": "add-before-image-columns",
               "object-locator": {"schema-name": "audit", "table-name": "%"}},
              {"rule-type": "transformation", "rule-id": "13", "rule-name": "13", "rule-target": "column",
               "rule-action": "rename", "value": "customer", "old-value": null,
               "object-locator": {"schema-name": "app", "table-name": "orders", "column-name": "cust"}},
              {"rule-type": "table-settings", "rule-id": "20", "rule-name": "20",
               "object-locator": {"schema-name": "app", "table-name": "orders"}, "parallel-load": {"type": "none"}}
            ]}""";

    @Test
    void selectionRulesIncludeThenExcludeWithWildcardsAndExplicitNamesLiterally() {
        TableMappings mappings = TableMappings.parse(MAPPINGS, "mappings.json");
        TableSelection selection = mappings.selection();
        assertTrue(selection.selects(new TableName("app", "orders")));
        assertTrue(selection.selects(new TableName("app", "tmpx")));
        assertFalse(selection.selects(new TableName("app", "tmp_1")));
        assertTrue(selection.selects(new TableName("audit", "log_2024")));
        assertFalse(selection.selects(new TableName("audit", "logx2024")), "explicit takes _ literally");
        assertFalse(selection.selects(new TableName("other", "orders")));
        assertEquals(List.of("rule 20 (rule-type table-settings) is not handled by init: it does not change the"
                + " definitions it writes."), mappings.notes());
    }

    @Test
    void transformationRulesApplyToTheTablesTheirLocatorMatches() {
        TableMappings mappings = TableMappings.parse(MAPPINGS, "mappings.json");
        TableRules orders = mappings.rulesFor(new TableName("app", "orders"));
        assertEquals(List.of("AR_H_CHANGE_SEQ"), orders.addedColumns());
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), orders.sequenceColumn());
        assertEquals(Optional.of(new MappingRule.AddBeforeImages("11", TablePattern.parse("app.order%", "x"), "BI_",
                BeforeImageFilter.NON_LOB)), orders.beforeImages());
        assertEquals(List.of("rule 13 (transformation rename (rule-target column)) applies to this table but is not"
                + " handled by init: check that the definition matches what DMS writes, and adjust it by hand."),
                orders.notes());

        TableRules customers = mappings.rulesFor(new TableName("app", "customers"));
        assertEquals(Optional.empty(), customers.beforeImages(), "rule 11 does not match app.customers");
        assertEquals(List.of(), customers.notes());

        TableRules log = mappings.rulesFor(new TableName("audit", "log_2024"));
        MappingRule.AddBeforeImages defaults = log.beforeImages().orElseThrow();
        assertEquals("BI_", defaults.prefix(), "DMS's default prefix");
        assertEquals(BeforeImageFilter.PK_ONLY, defaults.filter(), "DMS's default filter");
    }

    @Test
    void theSampleTaskMappingsRead() throws Exception {
        TableMappings mappings = TableMappings.parse(Files.readString(Pipeline.REPO.resolve("dms-config/table-mappings.json")),
                "dms-config/table-mappings.json");
        assertTrue(mappings.selection().selects(new TableName("sales", "order_lines")));
        assertFalse(mappings.selection().selects(new TableName("sales", "orders")));
        TableRules rules = mappings.rulesFor(new TableName("ahmad_schema", "Persons"));
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), rules.sequenceColumn());
        assertEquals(BeforeImageFilter.PK_ONLY, rules.beforeImages().orElseThrow().filter());
    }

    @Test
    void whatCannotBeReadIsRefusedNamingTheRule() {
        assertError("rule 5 adds before-image columns with column-suffix \"_old\"; dms-delta finds before-image columns"
                + " by their prefix alone", """
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-action": "include",
                            "object-locator": {"schema-name": "%", "table-name": "%"}},
                           {"rule-type": "transformation", "rule-id": "5", "rule-target": "column",
                            "rule-action": "add-before-image-columns", "object-locator": {"schema-name": "%"},
                            "before-image-def": {"column-prefix": "", "column-suffix": "_old"}}]}""");
        assertError("select no tables", """
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-action": "exclude",
                            "object-locator": {"schema-name": "%", "table-name": "%"}}]}""");
        assertError("rule 1 has rule-action \"copy\"", """
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-action": "copy",
                            "object-locator": {"schema-name": "%", "table-name": "%"}}]}""");
        assertError("rule #1 has no \"object-locator\"", """
                {"rules": [{"rule-type": "selection", "rule-action": "include"}]}""");
        assertError("have no \"rules\" array", "{\"tables\": []}");
        assertError("not valid JSON", "{");
        assertError("has column-filter \"lobs\"", """
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-action": "include",
                            "object-locator": {"schema-name": "%", "table-name": "%"}},
                           {"rule-type": "transformation", "rule-id": "2", "rule-action": "add-before-image-columns",
                            "object-locator": {"schema-name": "%"}, "before-image-def": {"column-filter": "lobs"}}]}""");
    }

    @Test
    void otherAddColumnExpressionsAreNotHandled() {
        TableMappings mappings = TableMappings.parse("""
                {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-action": "include",
                            "object-locator": {"schema-name": "%", "table-name": "%"}},
                           {"rule-type": "transformation", "rule-id": "2", "rule-target": "column",
                            "rule-action": "add-column", "value": "loaded_at", "expression": "datetime('now')",
                            "object-locator": {"schema-name": "%", "table-name": "%"}}]}""", "m.json");
        TableRules rules = mappings.rulesFor(new TableName("s", "t"));
        assertEquals(List.of(), rules.addedColumns());
        assertEquals(List.of("rule 2 (transformation add-column (rule-target column), expression datetime('now'))"
                + " applies to this table but is not handled by init: check that the definition matches what DMS"
                + " writes, and adjust it by hand."), rules.notes());
    }

    private static void assertError(String expected, String json) {
        ConfigException e = assertThrows(ConfigException.class, () -> TableMappings.parse(json, "m.json"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
