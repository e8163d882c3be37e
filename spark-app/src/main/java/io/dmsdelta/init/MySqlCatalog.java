package io.dmsdelta.init;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A MySQL or MariaDB server's tables, columns and primary keys, read from {@code information_schema}: each
 * database is a schema (DMS names the folder after it), columns in {@code ORDINAL_POSITION} order, key columns
 * in the order of the {@code PRIMARY} constraint. The system databases are left out.
 */
final class MySqlCatalog extends JdbcCatalog {

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

    private final boolean debezium;

    /**
     * @param shown    the URL without properties, for the summary
     * @param debezium map the types for Debezium's events ({@link DebeziumTypes}) rather than for DMS's files
     */
    MySqlCatalog(Connection connection, String shown, boolean debezium) {
        super(connection, shown, new Queries(TABLES, COLUMNS, PRIMARY_KEY));
        this.debezium = debezium;
    }

    @Override
    String engine() {
        return "MySQL/MariaDB";
    }

    @Override
    SourceColumn column(ResultSet row) throws SQLException {
        MySqlTypes.Type type = new MySqlTypes.Type(row.getString(2), row.getString(3), number(row, 4), number(row, 5));
        return new SourceColumn(row.getString(1), type.columnType(), debezium ? DebeziumTypes.mysql(type) : MySqlTypes.map(type));
    }

    private static Optional<Long> number(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
