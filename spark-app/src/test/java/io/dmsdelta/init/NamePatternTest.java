package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DMS's table-mapping wildcards: %, _, [set], [range], and everything else literally and case-sensitively. */
class NamePatternTest {

    @Test
    void percentMatchesAnyRunUnderscoreOneCharacter() {
        NamePattern orders = new NamePattern("order%");
        assertTrue(orders.matches("order"));
        assertTrue(orders.matches("orders"));
        assertTrue(orders.matches("order_lines"));
        assertFalse(orders.matches("xorders"));
        NamePattern one = new NamePattern("t_");
        assertTrue(one.matches("t1"));
        assertFalse(one.matches("t"));
        assertFalse(one.matches("t12"));
        assertTrue(new NamePattern("%").matches(""));
    }

    @Test
    void setsAndRangesAndALiteralUnderscore() {
        assertTrue(new NamePattern("t[ab]").matches("tb"));
        assertFalse(new NamePattern("t[ab]").matches("tc"));
        assertTrue(new NamePattern("t[a-d]x").matches("tcx"));
        assertFalse(new NamePattern("t[a-d]x").matches("tex"));
        NamePattern literal = new NamePattern("TEST[_]T%");
        assertTrue(literal.matches("TEST_T1"));
        assertFalse(literal.matches("TESTxT1"));
        // a bracket that opens no set is itself
        assertTrue(new NamePattern("a[b").matches("a[b"));
    }

    @Test
    void regexCharactersAndCaseAreLiteral() {
        assertTrue(new NamePattern("a.b$").matches("a.b$"));
        assertFalse(new NamePattern("a.b").matches("axb"));
        assertFalse(new NamePattern("Orders").matches("orders"));
        assertTrue(new NamePattern("Orders").isLiteral());
        assertFalse(new NamePattern("Ord%").isLiteral());
    }

    @Test
    void tablePatternsAreSchemaDotTable() {
        TablePattern pattern = TablePattern.parse("sales.order%", "--include");
        assertTrue(pattern.matches(new TableName("sales", "orders")));
        assertFalse(pattern.matches(new TableName("sale", "orders")));
        assertTrue(TablePattern.parse("%.t.v2", "--include").matches(new TableName("s", "t.v2")));
        for (String bad : List.of("orders", ".orders", "public.")) {
            ConfigException e = assertThrows(ConfigException.class, () -> TablePattern.parse(bad, "--include"));
            assertTrue(e.getMessage().startsWith("--include " + bad + " is not schema.table"), e.getMessage());
        }
    }

    @Test
    void aSelectionIncludesThenExcludes() {
        TableSelection selection = new TableSelection(List.of(TablePattern.parse("app.%", "--include")),
                List.of(TablePattern.parse("app.tmp[_]%", "--exclude")));
        assertTrue(selection.selects(new TableName("app", "orders")));
        assertTrue(selection.selects(new TableName("app", "tmpx")));
        assertFalse(selection.selects(new TableName("app", "tmp_1")));
        assertFalse(selection.selects(new TableName("other", "orders")));
    }
}
