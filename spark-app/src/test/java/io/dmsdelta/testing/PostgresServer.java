package io.dmsdelta.testing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A real PostgreSQL server from the Debian package, started once per test JVM (initdb and pg_ctl in a temporary
 * folder, on 127.0.0.1 and a free port) and stopped when the last test has run. PostgreSQL refuses to run as root,
 * so when the tests do, it runs as the package's {@code postgres} user. A superuser with a password is set up, so
 * that logins go through password authentication as in production. The server runs with {@code wal_level=logical}
 * (replication slots for change capture).
 *
 * <p>Use: {@code @RegisterExtension static final PostgresServer.Extension PG = new PostgresServer.Extension();},
 * then {@code PG.server()}. Without the binaries the test class is skipped, saying so.
 */
public final class PostgresServer implements ExtensionContext.Store.CloseableResource {

    public static final String USER = "dmsdelta";

    /**
     * Logical decoding for change capture (Debezium with the built-in pgoutput plugin, see {@link DebeziumCapture}):
     * every server the tests start has it, it costs nothing to the tests that do not use it. The superuser
     * {@link #USER} may replicate, and initdb's pg_hba.conf lets it connect for replication from 127.0.0.1.
     */
    private static final String LOGICAL_DECODING =
            " -c wal_level=logical -c max_replication_slots=16 -c max_wal_senders=16";

    private final Path bin;
    private final Path folder;
    private final int port;
    private final String password;

    private PostgresServer(Path bin, Path folder, int port, String password) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.password = password;
    }

    /** Registers with a test class: starts the server for the first class that needs it, skips when not installed. */
    public static final class Extension implements BeforeAllCallback {
        private PostgresServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            Optional<Path> initdb = LocalServer.executable(initdbCandidates());
            Assumptions.assumeTrue(initdb.isPresent(), "PostgreSQL is not installed (no initdb in"
                    + " /usr/lib/postgresql/<version>/bin or /usr/local/bin): install the Debian package postgresql,"
                    + " as .ci/run does, to run these tests");
            server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(PostgresServer.class, k -> start(initdb.get()), PostgresServer.class);
        }

        public PostgresServer server() {
            if (server == null) {
                throw new IllegalStateException("the PostgreSQL server has not been started (is the extension registered?)");
            }
            return server;
        }
    }

    private static List<Path> initdbCandidates() {
        List<Path> candidates = new ArrayList<>(LocalServer.versioned(Path.of("/usr/lib/postgresql"), "initdb"));
        candidates.add(Path.of("/usr/local/bin/initdb"));
        candidates.add(Path.of("/usr/bin/initdb"));
        return candidates;
    }

    private static PostgresServer start(Path initdb) {
        Path bin = resolved(initdb).getParent();
        Path folder = LocalServer.temporaryFolder("dmsdelta-postgres");
        String password = "pg-" + UUID.randomUUID();
        Path log = folder.resolve("server.log");
        try {
            Path passwordFile = Files.writeString(folder.resolve("password"), password);
            if (LocalServer.isRoot()) {
                LocalServer.chown(folder, "postgres");
                LocalServer.chown(passwordFile, "postgres");
            }
            LocalServer.run(LocalServer.as("postgres", List.of(bin.resolve("initdb").toString(), "-D",
                    folder.resolve("data").toString(), "-U", USER, "--pwfile=" + passwordFile, "--auth=scram-sha-256",
                    "--encoding=UTF8", "--no-locale", "--no-sync")), log, 120);
            int port = LocalServer.freePort();
            LocalServer.run(LocalServer.as("postgres", List.of(bin.resolve("pg_ctl").toString(), "-D",
                    folder.resolve("data").toString(), "-l", folder.resolve("postgres.log").toString(), "-w", "-t", "60",
                    "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c fsync=off" + LOGICAL_DECODING,
                    "start")), log, 90);
            return new PostgresServer(bin, folder, port, password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("PostgreSQL did not start: " + e.getMessage() + "\n"
                    + LocalServer.tail(folder.resolve("postgres.log")), e);
        }
    }

    private static Path resolved(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }

    /** A program of the server's installation ({@code pg_recvlogical}, say). */
    public Path program(String name) {
        return bin.resolve(name);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The server listens on 127.0.0.1 at this port. */
    public int port() {
        return port;
    }

    public String password() {
        return password;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, password);
    }

    /** Creates a database (dropping one of the same name first) and runs {@code statements} in it. */
    public void createDatabase(String database, String... statements) throws SQLException {
        try (Connection admin = connect("postgres"); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS " + database);
            sql.execute("CREATE DATABASE " + database);
        }
        execute(database, statements);
    }

    public void execute(String database, String... statements) throws SQLException {
        try (Connection connection = connect(database); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    @Override
    public void close() {
        try {
            LocalServer.run(LocalServer.as("postgres", List.of(bin.resolve("pg_ctl").toString(), "-D",
                    folder.resolve("data").toString(), "-m", "fast", "-w", "stop")), folder.resolve("server.log"), 60);
        } finally {
            LocalServer.deleteTree(folder);
        }
    }
}
