package io.dmsdelta.init;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PostgreSQL database's tables, columns and primary keys, read from {@code pg_catalog}: columns in
 * {@code attnum} order (the order DMS writes them), dropped columns left out, domains read as their base type,
 * key columns in the order of the primary-key constraint.
 */
public final class PostgresCatalog implements SourceCatalog {

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

    private final Connection connection;
    private final String shown;

    /** @param shown the URL without properties, for the summary */
    public PostgresCatalog(Connection connection, String shown) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.shown = Objects.requireNonNull(shown, "shown");
    }

    @Override
    public String describe() {
        return "PostgreSQL " + shown;
    }

    @Override
    public List<TableName> tables() throws SQLException {
        List<TableName> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(new TableName(rows.getString(1), rows.getString(2)));
            }
        }
        tables.sort(null); // the database's collation may order names otherwise than the file init writes
        return tables;
    }

    @Override
    public SourceTable read(TableName table) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    PostgresTypes.Type type = new PostgresTypes.Type(rows.getString(2), rows.getString(3),
                            rows.getString(4), rows.getString(5));
                    columns.add(new SourceColumn(rows.getString(1), type.declared(), PostgresTypes.map(type)));
                }
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(PRIMARY_KEY)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    key.add(rows.getString(1));
                }
            }
        }
        return new SourceTable(table, columns, key, List.of());
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
