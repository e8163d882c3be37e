package io.dmsdelta.catalog;

import org.apache.spark.sql.types.StructType;

import static java.util.Objects.requireNonNull;

/**
 * What a catalog should say about one dms-delta table: the name it is queried by, where its Delta table is and the
 * columns it has now (from the table's Delta log).
 *
 * @param database the catalog database, a valid {@link CatalogNames} name
 * @param name     the table's name in it, {@link CatalogNames#tableName}
 * @param location the Delta table's URI, as dms-delta writes it
 * @param source   the DMS table, {@code schema.table}, for descriptions and messages
 * @param schema   the Delta table's columns
 */
public record CatalogEntry(String database, String name, String location, String source, StructType schema) {

    public CatalogEntry {
        requireNonNull(database, "database");
        requireNonNull(name, "name");
        requireNonNull(location, "location");
        requireNonNull(source, "source");
        requireNonNull(schema, "schema");
    }

    /** {@code database.name}, as a query names it. */
    public String qualifiedName() {
        return database + "." + name;
    }
}
