package io.dmsdelta.catalog;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinition;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names dms-delta's tables get in a catalog. Glue, Hive and Spark's session catalog have one level of names below
 * the database, and DMS has two ({@code schema.table}), so table {@code schema.table} is registered as
 * {@code <database>.<schema>_<table>}, lowercased: {@code ahmad_schema.Persons} becomes
 * {@code <database>.ahmad_schema_persons}.
 *
 * <p>Names are held to what every engine reading the catalog takes without quoting and what Glue stores as given
 * (Glue and Athena fold names to lowercase, and allow at most 255 bytes): lowercase letters, digits and underscores,
 * 1 to 255 characters. A table whose name does not fit, or two tables whose names come out the same
 * ({@code a_b.c} and {@code a.b_c}, or {@code s.T} and {@code s.t}), are a configuration error: the run refuses to
 * start rather than register one table over another.
 */
public final class CatalogNames {

    static final int MAX_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");

    private CatalogNames() {
    }

    /** The table's name in the catalog: {@code <schema>_<table>}, lowercased (not checked: see {@link #requireUsable}). */
    public static String tableName(TableDefinition table) {
        return (table.schema() + "_" + table.table()).toLowerCase(Locale.ROOT);
    }

    /**
     * The database name as given, when it is usable.
     *
     * @throws ConfigException naming the option, the value and the rule
     */
    public static String database(String name) {
        if (name == null || !usable(name)) {
            throw new ConfigException("--catalog-database is '" + name + "': give the catalog database's name in"
                    + " lowercase letters, digits and underscores (at most " + MAX_LENGTH + "), as Glue, Athena and"
                    + " Spark all take it, e.g. --catalog-database dms_delta.");
        }
        return name;
    }

    /**
     * Checks that every table the run registers has a usable name and no two have the same one.
     *
     * @param tables the tables of one run, all registered in one database
     * @throws ConfigException naming the tables, the name and what to do
     */
    public static void requireUsable(List<TableDefinition> tables) {
        Map<String, TableDefinition> byName = new LinkedHashMap<>();
        for (TableDefinition table : tables) {
            String name = tableName(table);
            if (!usable(name)) {
                throw new ConfigException("Table " + table.qualifiedName() + " would be registered in the catalog as '"
                        + name + "', which is not a name catalogs take unquoted: only lowercase letters, digits and"
                        + " underscores, at most " + MAX_LENGTH + " characters. Run it without --catalog-database, or"
                        + " rename the schema or table at the source (a DMS table-mapping rename rule).");
            }
            TableDefinition other = byName.putIfAbsent(name, table);
            if (other != null) {
                throw new ConfigException("Tables " + other.qualifiedName() + " and " + table.qualifiedName()
                        + " would both be registered in the catalog as '" + name + "' (<schema>_<table>, lowercased),"
                        + " so one would hide the other. Register them in separate runs with different"
                        + " --catalog-database values (and --table), or rename one at the source (a DMS table-mapping"
                        + " rename rule).");
            }
        }
    }

    private static boolean usable(String name) {
        return NAME.matcher(name).matches() && name.getBytes(StandardCharsets.UTF_8).length <= MAX_LENGTH;
    }
}
