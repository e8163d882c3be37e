package io.dmsdelta.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * The real producer of wal2json streams: PostgreSQL's {@code pg_recvlogical} reading a replication slot of the
 * wal2json plugin (the Debian package {@code postgresql-<version>-wal2json}) into a file, archived in chunks as a
 * consumer archives its output: {@link #archive()} waits until everything committed so far is in the file, has
 * pg_recvlogical reopen it (SIGHUP, as for log rotation) and stores the finished chunk in the stream's folder, named
 * so that the names sort, optionally gzipped. {@link #resend} stores an archived chunk again, as a consumer restarted
 * from an older position sends that part of the stream again.
 *
 * <p>Markers are logical decoding messages ({@code pg_logical_emit_message}), which wal2json writes and dms-delta
 * skips. The slot is dropped on close.
 */
public final class Wal2JsonCapture implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(90);

    private final PostgresServer server;
    private final String database;
    private final Path folder;
    private final boolean gzip;
    private final String slot = "dmsdelta_w2j_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final Path work;
    private final Path current;
    private final Process process;
    private final List<Path> archived = new ArrayList<>();
    private int markers;

    /**
     * @param folder  where the stream's chunks are stored
     * @param options wal2json's options, e.g. {@code format-version=2}, {@code include-lsn=1}
     */
    public Wal2JsonCapture(PostgresServer server, String database, Path folder, boolean gzip, String... options)
            throws SQLException, IOException {
        this.server = server;
        this.database = database;
        this.folder = folder;
        this.gzip = gzip;
        try {
            server.execute(database, "SELECT pg_create_logical_replication_slot('" + slot + "', 'wal2json')");
        } catch (SQLException e) {
            Assumptions.assumeFalse(String.valueOf(e.getMessage()).contains("wal2json"), "the wal2json plugin is not"
                    + " installed: install the Debian package postgresql-<version>-wal2json, as .ci/run does ("
                    + e.getMessage() + ")");
            throw e;
        }
        this.work = Files.createTempDirectory("dmsdelta-wal2json");
        this.current = work.resolve("stream.json");
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(server.program("pg_recvlogical").toString(), "-h", "127.0.0.1",
                "-p", Integer.toString(server.port()), "-U", PostgresServer.USER, "-d", database, "--slot", slot,
                "--start", "-f", current.toString(), "-F", "0", "-s", "1", "--no-loop"));
        for (String option : options) {
            command.add("-o");
            command.add(option);
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("pg_recvlogical.log").toFile());
        builder.environment().put("PGPASSWORD", server.password());
        this.process = builder.start();
    }

    /** Stores everything committed so far as the stream's next chunk. */
    public void archive() throws Exception {
        awaitInFile(mark());
        Path closing = work.resolve("closing.json");
        Files.move(current, closing, StandardCopyOption.ATOMIC_MOVE);
        new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).start().waitFor();
        // The chunk is finished once pg_recvlogical writes to a new file: the next marker is there.
        awaitInFile(mark());
        archived.add(store(closing, String.format("chunk-%06d", archived.size() + 1)));
    }

    /** Stores an archived chunk again under a new name that sorts after every chunk so far. */
    public void resend(Random random) throws IOException {
        Path chunk = archived.get(random.nextInt(archived.size()));
        Path copy = work.resolve("resent.json");
        if (gzip) {
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(chunk))) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
        } else {
            Files.copy(chunk, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        store(copy, String.format("chunk-%06d-resent", archived.size()));
    }

    private String mark() throws SQLException {
        String token = "dmsdelta-marker-" + slot + "-" + (++markers);
        server.execute(database, "SELECT pg_logical_emit_message(true, 'dmsdelta-test', '" + token + "')");
        return token;
    }

    private void awaitInFile(String token) throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pg_recvlogical ended: " + Files.readString(work.resolve("pg_recvlogical.log")));
            }
            if (Files.exists(current) && Files.readString(current).contains(token)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("pg_recvlogical did not write " + token + " within " + WAIT);
    }

    private Path store(Path chunk, String name) throws IOException {
        Path target = folder.resolve(name + (gzip ? ".json.gz" : ".json"));
        Path partial = folder.resolve("_" + name + ".tmp"); // hidden while written, as an upload is
        if (gzip) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(partial))) {
                Files.copy(chunk, out);
            }
        } else {
            Files.copy(chunk, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
            server.execute(database, "SELECT pg_drop_replication_slot('" + slot + "')");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the slot " + slot, e);
        } finally {
            LocalServer.deleteTree(work);
        }
    }

    /** Files stored so far, for messages. */
    public List<Path> archived() {
        return List.copyOf(archived);
    }
}
