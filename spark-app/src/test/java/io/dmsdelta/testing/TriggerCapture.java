package io.dmsdelta.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * The project's row trigger ({@code sql/postgresql/row-images.sql}) installed for real in a database, its events
 * stored under {@code YYYY/MM/dd/HH/} folders.
 *
 * <p>{@link Delivery#LAMBDA}: a stand-in for Aurora's {@code aws_lambda.invoke}, of the same signature, records each
 * invocation's payload in a table; {@link #export} stores each invocation not stored yet as the row-image Lambda
 * does, one object {@code <epoch ms>-<seq>-<request id>.json} holding the event as sent; {@link #redeliver} stores
 * some again under other request ids, as Lambda's asynchronous invocations may arrive twice. {@link Delivery#QUEUE}:
 * the trigger's own queue table, drained as the script says: one JSON-lines object per export, then
 * {@code dmsdelta.forget} of exactly those events.
 */
public final class TriggerCapture {

    /** How the trigger delivers its events. */
    public enum Delivery { QUEUE, LAMBDA }

    private static final Path SCRIPT = Pipeline.REPO.resolve("sql/postgresql/row-images.sql");

    /** Aurora's aws_commons and aws_lambda, as far as the trigger uses them; invoke records its payload. */
    private static final String LAMBDA_STAND_IN = """
            CREATE SCHEMA aws_commons;
            CREATE TYPE aws_commons._lambda_function_arn_1 AS (function_name text, region text);
            CREATE FUNCTION aws_commons.create_lambda_function_arn(function_name text, region text)
                RETURNS aws_commons._lambda_function_arn_1 LANGUAGE sql IMMUTABLE
                AS $$ SELECT ROW(function_name, region)::aws_commons._lambda_function_arn_1 $$;
            CREATE SCHEMA aws_lambda;
            CREATE TABLE aws_lambda.invocations (id bigserial PRIMARY KEY, function_name text, invocation_type text,
                payload json);
            CREATE FUNCTION aws_lambda.invoke(function_name aws_commons._lambda_function_arn_1, payload json,
                    invocation_type text DEFAULT 'RequestResponse', log_type text DEFAULT 'None',
                    context json DEFAULT NULL, qualifier varchar(128) DEFAULT NULL,
                    OUT status_code int, OUT payload json, OUT executed_version text, OUT log_result text)
                LANGUAGE sql AS $$
                INSERT INTO aws_lambda.invocations (function_name, invocation_type, payload)
                    VALUES (($1).function_name, $3, $2)
                    RETURNING 202, NULL::json, NULL::text, NULL::text
            $$;
            """;

    private final PostgresServer server;
    private final String database;
    private final Path folder;
    private final Delivery delivery;
    private final boolean gzip;
    private final List<String> delivered = new ArrayList<>();
    private long exportedUpTo;
    private int objects;

    /** Installs the trigger's script in {@code database} and tracks {@code tables}. */
    public TriggerCapture(PostgresServer server, String database, Path folder, Delivery delivery, boolean gzip,
                          String... tables) throws SQLException, IOException {
        this.server = server;
        this.database = database;
        this.folder = folder;
        this.delivery = delivery;
        this.gzip = gzip;
        server.execute(database, Files.readString(SCRIPT));
        if (delivery == Delivery.LAMBDA) {
            server.execute(database, LAMBDA_STAND_IN, "UPDATE dmsdelta.settings SET delivery = 'lambda', lambda_arn ="
                    + " 'arn:aws:lambda:us-east-1:123456789012:function:dmsdelta-row-images', lambda_region = 'us-east-1'");
        }
        for (String table : tables) {
            server.execute(database, "SELECT dmsdelta.track('" + table + "')");
        }
    }

    /** Writes the events delivered since the last export as the next object. */
    public void export() throws SQLException, IOException {
        List<String> events = new ArrayList<>();
        try (Connection c = server.connect(database)) {
            if (delivery == Delivery.LAMBDA) {
                try (PreparedStatement read = c.prepareStatement("SELECT id, payload::text FROM aws_lambda.invocations"
                        + " WHERE id > ? ORDER BY id")) {
                    read.setLong(1, exportedUpTo);
                    try (ResultSet rows = read.executeQuery()) {
                        while (rows.next()) {
                            exportedUpTo = rows.getLong(1);
                            events.add(rows.getString(2));
                        }
                    }
                }
            } else {
                List<Long> seqs = new ArrayList<>();
                try (Statement read = c.createStatement();
                     ResultSet rows = read.executeQuery("SELECT seq, event::text FROM dmsdelta.drain(100000)")) {
                    while (rows.next()) {
                        seqs.add(rows.getLong(1));
                        events.add(rows.getString(2));
                    }
                }
                write(events);
                Array exported = c.createArrayOf("bigint", seqs.toArray());
                try (PreparedStatement forget = c.prepareStatement("SELECT dmsdelta.forget(?)")) {
                    forget.setArray(1, exported);
                    forget.executeQuery().close();
                }
                return;
            }
        }
        delivered.addAll(events);
        for (String event : events) {
            invoked(event);
        }
    }

    /** Writes {@code count} events delivered before as another object: an asynchronous invocation retried. */
    public void redeliver(Random random, int count) throws IOException {
        for (int i = 0; i < count && !delivered.isEmpty(); i++) {
            invoked(delivered.get(random.nextInt(delivered.size())));
        }
    }

    /** Stores one event as the row-image Lambda does (RowImageHandler): as sent, one object per invocation. */
    private void invoked(String event) throws IOException {
        String seq = event.replaceAll("(?s).*\"seq\" ?: ?([0-9]+).*", "$1");
        store(seq + "-" + java.util.UUID.randomUUID() + ".json", List.of(event), false);
    }

    /** One JSON-lines object of the queue's export, named to sort after the ones before. */
    private void write(List<String> events) throws IOException {
        if (!events.isEmpty()) {
            store(String.format("row-images-%06d%s", ++objects, gzip ? ".json.gz" : ".json"), events, gzip);
        }
    }

    /** Stores an object under the hour's folder, named {@code <epoch ms>-<name>}, as an upload appears: whole. */
    private void store(String name, List<String> events, boolean gzipped) throws IOException {
        java.time.Instant now = java.time.Instant.now();
        java.time.ZonedDateTime utc = now.atZone(java.time.ZoneOffset.UTC);
        Path hour = folder.resolve(String.format("%04d/%02d/%02d/%02d", utc.getYear(), utc.getMonthValue(),
                utc.getDayOfMonth(), utc.getHour()));
        Files.createDirectories(hour);
        String stored = now.toEpochMilli() + "-" + name;
        Path partial = hour.resolve("_" + stored);
        try (OutputStream file = Files.newOutputStream(partial);
             OutputStream out = gzipped ? new GZIPOutputStream(file) : file;
             Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            for (String event : events) {
                writer.write(event);
                writer.write('\n');
            }
        }
        Files.move(partial, hour.resolve(stored), StandardCopyOption.ATOMIC_MOVE);
    }
}
