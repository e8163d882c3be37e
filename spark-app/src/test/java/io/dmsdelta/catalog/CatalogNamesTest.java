package io.dmsdelta.catalog;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The names tables get in a catalog, and the names refused. */
class CatalogNamesTest {

    private static TableDefinition table(String schema, String name) {
        return new TableDefinition(schema, name, List.of("id"),
                List.of(new ColumnDefinition("id", org.apache.spark.sql.types.DataTypes.IntegerType)), java.util.Optional.empty());
    }

    @Test
    void aTableIsNamedSchemaUnderscoreTableInLowercase() {
        assertEquals("ahmad_schema_persons", CatalogNames.tableName(table("ahmad_schema", "Persons")));
        assertEquals("sales_order_lines", CatalogNames.tableName(table("sales", "order_lines")));
        CatalogNames.requireUsable(List.of(table("ahmad_schema", "Persons"), table("sales", "order_lines")));
    }

    @Test
    void twoTablesWithTheSameNameAreRefusedNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CatalogNames.requireUsable(List.of(table("a_b", "c"), table("x", "y"), table("a", "b_c"))));
        assertEquals("Tables a_b.c and a.b_c would both be registered in the catalog as 'a_b_c' (<schema>_<table>,"
                + " lowercased), so one would hide the other. Register them in separate runs with different"
                + " --catalog-database values (and --table), or rename one at the source (a DMS table-mapping rename"
                + " rule).", e.getMessage());
        assertThrows(ConfigException.class, () -> CatalogNames.requireUsable(List.of(table("s", "T"), table("s", "t"))));
    }

    @Test
    void aNameCatalogsDoNotTakeUnquotedIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> CatalogNames.requireUsable(List.of(table("dbo", "Order-Lines"))));
        assertEquals("Table dbo.Order-Lines would be registered in the catalog as 'dbo_order-lines', which is not a"
                + " name catalogs take unquoted: only lowercase letters, digits and underscores, at most 255"
                + " characters. Run it without --catalog-database, or rename the schema or table at the source (a DMS"
                + " table-mapping rename rule).", e.getMessage());
        assertThrows(ConfigException.class, () -> CatalogNames.requireUsable(List.of(table("s", "t".repeat(254)))));
        CatalogNames.requireUsable(List.of(table("s", "t".repeat(253))));
    }

    @Test
    void theDatabaseMustBeAPlainLowercaseName() {
        assertEquals("dms_delta", CatalogNames.database("dms_delta"));
        for (String bad : new String[] {"DmsDelta", "dms-delta", "", "a.b", "x".repeat(256)}) {
            ConfigException e = assertThrows(ConfigException.class, () -> CatalogNames.database(bad), bad);
            assertEquals(true, e.getMessage().startsWith("--catalog-database is '" + bad + "': give the catalog"
                    + " database's name in lowercase letters, digits and underscores"), e.getMessage());
        }
    }
}
