package io.dmsdelta.init;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A database's tables, columns and primary keys, read over JDBC with three catalog queries that each engine
 * gives: every table as (schema, table); a table's columns in DMS's order; its key columns in key order. The
 * last two take the schema and table name as their two parameters.
 */
abstract sealed class JdbcCatalog implements SourceCatalog permits PostgresCatalog, MySqlCatalog {

    /** The catalog queries of one engine. */
    record Queries(String tables, String columns, String primaryKey) {
        Queries {
            Objects.requireNonNull(tables, "tables");
            Objects.requireNonNull(columns, "columns");
            Objects.requireNonNull(primaryKey, "primaryKey");
        }
    }

    private final Connection connection;
    private final String shown;
    private final Queries queries;

    /** @param shown the URL without properties, for the summary */
    JdbcCatalog(Connection connection, String shown, Queries queries) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.shown = Objects.requireNonNull(shown, "shown");
        this.queries = Objects.requireNonNull(queries, "queries");
    }

    /** The engine's name, for the summary. */
    abstract String engine();

    /** One row of the columns query as a column: its name is the first field. */
    abstract SourceColumn column(ResultSet row) throws SQLException;

    @Override
    public final String describe() {
        return engine() + " " + shown;
    }

    @Override
    public final List<TableName> tables() throws SQLException {
        List<TableName> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(queries.tables());
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(new TableName(rows.getString(1), rows.getString(2)));
            }
        }
        tables.sort(null); // the server's collation may order names otherwise than the file init writes
        return tables;
    }

    @Override
    public final SourceTable read(TableName table) throws SQLException {
        List<SourceColumn> columns = new ArrayList<>();
        try (PreparedStatement statement = prepare(queries.columns(), table); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                columns.add(column(rows));
            }
        }
        List<String> key = new ArrayList<>();
        try (PreparedStatement statement = prepare(queries.primaryKey(), table);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                key.add(rows.getString(1));
            }
        }
        return new SourceTable(table, columns, key, List.of());
    }

    private PreparedStatement prepare(String query, TableName table) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(query);
        try {
            statement.setString(1, table.schema());
            statement.setString(2, table.table());
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    @Override
    public final void close() throws SQLException {
        connection.close();
    }
}
