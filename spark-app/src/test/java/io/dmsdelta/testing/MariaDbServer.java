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
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server from the Debian package (mariadb-server), started once per test JVM
 * (mariadb-install-db, then mariadbd on 127.0.0.1 and a free port, with its own data folder and socket) and
 * stopped when the last test has run. A user {@code dmsdelta} with a password and every privilege is created at
 * start-up, and the tests log in as it over TCP.
 *
 * <p>Use: {@code @RegisterExtension static final MariaDbServer.Extension DB = new MariaDbServer.Extension();},
 * then {@code DB.server()}. Without the binaries the test class is skipped, saying so.
 */
public final class MariaDbServer implements ExtensionContext.Store.CloseableResource {

    public static final String USER = "dmsdelta";

    private final Process process;
    private final Path folder;
    private final int port;
    private final String password;

    private MariaDbServer(Process process, Path folder, int port, String password) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.password = password;
    }

    /** Registers with a test class: starts the server for the first class that needs it, skips when not installed. */
    public static final class Extension implements BeforeAllCallback {
        private MariaDbServer server;

        @Override
        public void beforeAll(ExtensionContext context) {
            Optional<Path> server = LocalServer.executable(List.of(Path.of("/usr/sbin/mariadbd"), Path.of("/usr/bin/mariadbd"),
                    Path.of("/usr/sbin/mysqld")));
            Optional<Path> install = LocalServer.executable(List.of(Path.of("/usr/bin/mariadb-install-db"),
                    Path.of("/usr/bin/mysql_install_db")));
            Assumptions.assumeTrue(server.isPresent() && install.isPresent(), "MariaDB is not installed (no mariadbd"
                    + " in /usr/sbin or no mariadb-install-db in /usr/bin): install the Debian package mariadb-server,"
                    + " as .ci/run does, to run these tests");
            this.server = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(MariaDbServer.class, k -> start(server.get(), install.get()), MariaDbServer.class);
        }

        public MariaDbServer server() {
            if (server == null) {
                throw new IllegalStateException("the MariaDB server has not been started (is the extension registered?)");
            }
            return server;
        }
    }

    private static MariaDbServer start(Path mariadbd, Path installDb) {
        Path folder = LocalServer.temporaryFolder("dmsdelta-mariadb");
        String password = "mdb-" + UUID.randomUUID();
        Path log = folder.resolve("server.log");
        // mariadbd refuses to run as root unless told to; --user is for root alone
        List<String> asUser = LocalServer.isRoot() ? List.of("--user=root") : List.of();
        try {
            List<String> installCommand = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
                    "--datadir=" + folder.resolve("data"), "--auth-root-authentication-method=normal", "--skip-test-db"));
            installCommand.addAll(asUser);
            LocalServer.run(installCommand, log, 120);
            Path init = Files.writeString(folder.resolve("init.sql"), "CREATE USER IF NOT EXISTS '" + USER + "'@'%'"
                    + " IDENTIFIED BY '" + password + "';\nGRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%';\n");
            int port = LocalServer.freePort();
            List<String> command = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                    "--datadir=" + folder.resolve("data"), "--socket=" + folder.resolve("mariadb.sock"),
                    "--port=" + port, "--bind-address=127.0.0.1", "--pid-file=" + folder.resolve("mariadb.pid"),
                    "--log-error=" + folder.resolve("error.log"), "--skip-name-resolve",
                    "--init-file=" + init, "--innodb-buffer-pool-size=32M", "--innodb-log-file-size=16M",
                    "--innodb-flush-log-at-trx-commit=0", "--character-set-server=utf8mb4"));
            command.addAll(asUser);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            MariaDbServer server = new MariaDbServer(process, folder, port, password);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw new IllegalStateException("MariaDB did not start: " + e.getMessage() + "\n"
                    + LocalServer.tail(folder.resolve("error.log")), e);
        }
    }

    /** Until the server takes a login; at most a minute. */
    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd ended with exit code " + process.exitValue());
            }
            try (Connection ignored = connect("")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("mariadbd took no login within a minute: " + last);
    }

    /** {@code jdbc:mariadb://127.0.0.1:<port>/<database>}; the database may be empty. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

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
        try (Connection admin = connect(""); Statement sql = admin.createStatement()) {
            sql.execute("DROP DATABASE IF EXISTS `" + database + "`");
            sql.execute("CREATE DATABASE `" + database + "`");
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
            process.destroy(); // SIGTERM: mariadbd shuts down cleanly
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            LocalServer.deleteTree(folder);
        }
    }
}
