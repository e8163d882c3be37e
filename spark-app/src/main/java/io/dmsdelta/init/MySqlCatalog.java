package io.dmsdelta.init;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A MySQL or MariaDB server's tables, columns and primary keys, read from {@code information_schema}: each
 * database is a schema (DMS names the folder after it), columns in {@code ORDINAL_POSITION} order, key columns
 * in the order of the {@code PRIMARY} constraint. The system databases are left out.
 */
public final class MySqlCatalog implements SourceCatalog {

    private static final String TABLES = """
            SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
            WHERE TABLE_TYPE = 'BASE TABLE'
              AND TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
            ORDER BY 1, 2""";

    private static final String COLUMNS = """
            SELECT COLUMN_NAME, DATA_TYPE, COLUMN_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE
            FROM information_schema.COLUMNS
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
            ORDER BY ORDINAL_POSITION""";

    private static final String PRIMARY_KEY = """
            SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
            WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY'
            ORDER BY ORDINAL_POSITION""";

    private final Connection connection;
    private final String shown;

    /** @param shown the URL without properties, for the summary */
    public MySqlCatalog(Connection connection, String shown) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.shown = Objects.requireNonNull(shown, "shown");
    }

    @Override
    public String describe() {
        return "MySQL/MariaDB " + shown;
    }

    @Override
    public List<TableName> tables() throws SQLException {
        List<TableName> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(TABLES); ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                tables.add(new TableName(rows.getString(1), rows.getString(2)));
            }
        }
        tables.sort(null); // the server's collation may order names otherwise than the file init writes
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
                    MySqlTypes.Type type = new MySqlTypes.Type(rows.getString(2), rows.getString(3),
                            number(rows, 4), number(rows, 5));
                    columns.add(new SourceColumn(rows.getString(1), type.columnType(), MySqlTypes.map(type)));
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

    private static Optional<Long> number(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
