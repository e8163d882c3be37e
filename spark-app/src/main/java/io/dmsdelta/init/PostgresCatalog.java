package io.dmsdelta.init;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A PostgreSQL database's tables, columns and primary keys, read from {@code pg_catalog}: columns in
 * {@code attnum} order (the order DMS writes them), dropped columns left out, domains read as their base type,
 * key columns in the order of the primary-key constraint.
 */
final class PostgresCatalog extends JdbcCatalog {

    private static final String TABLES = """
            SELECT n.nspname, c.relname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'
            ORDER BY 1, 2""";

    private static final String RELATION = """
            (SELECT c.oid FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relname = ?)""";

    private static final String COLUMNS = """
            SELECT a.attname,
                   coalesce(b.typname, t.typname),
                   coalesce(b.typtype, t.typtype),
                   coalesce(b.typcategory, t.typcategory),
                   CASE WHEN b.oid IS NULL THEN pg_catalog.format_type(a.atttypid, a.atttypmod)
                        ELSE pg_catalog.format_type(b.oid, t.typtypmod) END
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
            WHERE a.attrelid = %s AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY a.attnum""".formatted(RELATION);

    private static final String PRIMARY_KEY = """
            SELECT a.attname
            FROM pg_catalog.pg_constraint k
            CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS key(attnum, position)
            JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = key.attnum
            WHERE k.conrelid = %s AND k.contype = 'p'
            ORDER BY key.position""".formatted(RELATION);

    private final boolean debezium;

    /**
     * @param shown    the URL without properties, for the summary
     * @param debezium map the types for Debezium's events ({@link DebeziumTypes}) rather than for DMS's files
     */
    PostgresCatalog(Connection connection, String shown, boolean debezium) {
        super(connection, shown, new Queries(TABLES, COLUMNS, PRIMARY_KEY));
        this.debezium = debezium;
    }

    @Override
    String engine() {
        return "PostgreSQL";
    }

    @Override
    SourceColumn column(ResultSet row) throws SQLException {
        PostgresTypes.Type type = new PostgresTypes.Type(row.getString(2), row.getString(3), row.getString(4),
                row.getString(5));
        return new SourceColumn(row.getString(1), type.declared(), debezium ? DebeziumTypes.postgres(type) : PostgresTypes.map(type));
    }
}
