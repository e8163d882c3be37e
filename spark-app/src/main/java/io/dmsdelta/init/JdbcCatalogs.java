package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/** Connects to the source database and returns the catalog reader for its engine. */
public final class JdbcCatalogs {

    /** Seconds to wait for the server before giving up with a message. */
    static final int CONNECT_TIMEOUT_SECONDS = 15;

    private JdbcCatalogs() {
    }

    /**
     * Loads the engine's driver by name, so that it registers itself even where the JVM's service loading did not
     * see it (a driver added to the class path after start-up, as {@code spark-submit --packages} does).
     *
     * @throws ConfigException when the driver is not on the class path
     */
    static void loadDriver(JdbcUrl.Engine engine) {
        String driver = engine == JdbcUrl.Engine.POSTGRESQL ? "org.postgresql.Driver" : "org.mariadb.jdbc.Driver";
        String artifact = engine == JdbcUrl.Engine.POSTGRESQL ? "org.postgresql:postgresql"
                : "org.mariadb.jdbc:mariadb-java-client";
        try {
            Class.forName(driver);
        } catch (ClassNotFoundException e) {
            throw new ConfigException("The JDBC driver " + driver + " (" + artifact + ") is not on the class path: run"
                    + " init with bin/dms-delta, which has it, or add it (spark-submit --packages " + artifact + ":<version>).");
        }
    }

    /**
     * @throws SQLException when the server cannot be reached or refuses the login (the message may come from the
     *                      driver: the caller redacts the password from it before showing it)
     */
    public static SourceCatalog open(JdbcUrl url, Optional<String> user, Optional<Secret> password) throws SQLException {
        return open(url, user, password, false);
    }

    /**
     * @param debezium map the columns' types for Debezium's events ({@link DebeziumTypes}) rather than for DMS's files
     * @throws SQLException as {@link #open(JdbcUrl, Optional, Optional)}
     */
    public static SourceCatalog open(JdbcUrl url, Optional<String> user, Optional<Secret> password, boolean debezium)
            throws SQLException {
        Properties properties = new Properties();
        user.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p.reveal()));
        switch (url.engine()) {
            case POSTGRESQL:
                properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
                properties.setProperty("ApplicationName", "dms-delta init");
                break;
            default:
                properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
                break;
        }
        loadDriver(url.engine());
        Connection connection = DriverManager.getConnection(url.url(), properties);
        try {
            connection.setReadOnly(true); // init only reads the catalog
            return url.engine() == JdbcUrl.Engine.POSTGRESQL ? new PostgresCatalog(connection, url.shown(), debezium)
                    : new MySqlCatalog(connection, url.shown(), debezium);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }
}
