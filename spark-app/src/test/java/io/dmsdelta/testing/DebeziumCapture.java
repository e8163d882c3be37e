package io.dmsdelta.testing;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.source.SourceRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Real Debezium output from a real PostgreSQL, as it lands on S3: the Debezium PostgreSQL connector (pgoutput) runs
 * in the embedded engine, in this JVM, and every record's value is written as the Confluent Kafka Connect S3 sink
 * with {@code JsonFormat} writes it (Kafka Connect's {@code JsonConverter}, {@code schemas.enable=false}: no
 * schema/payload wrapper, decimals base64), or as a Firehose delivery stream fed by Debezium Server writes it.
 *
 * <pre>{@code
 * try (DebeziumCapture capture = DebeziumCapture.builder(PG.server(), "shop", root)
 *         .tables("public.accounts", "public.order_lines").start()) {
 *     workload.runBatch(100);
 *     capture.awaitCaughtUp(Duration.ofSeconds(30));
 *     capture.flush();
 *     capture.files(); // in the order they became visible
 * }
 * }</pre>
 *
 * <p>Connect S3 layout (default): {@code <root>/topics/<topic>/partition=<p>/<topic>+<p>+<startOffset>.json}
 * ({@code .json.gz} with {@link Builder#gzip}), the start offset zero-padded to 10 digits as the sink does; p is
 * Kafka's default partitioner on the key serialised the same way ({@code murmur2(key bytes)} modulo
 * {@link Builder#partitions}; a record without key, a truncate, goes to partition 0); offsets count from 0 per
 * topic and partition; a file is closed after {@link Builder#flushSize} records of its partition or at
 * {@link #flush()}. Firehose layout ({@link Builder#firehose}): {@code <root>/<topic>/YYYY/MM/dd/HH/<topic>-1-
 * YYYY-MM-dd-HH-mm-ss-<uuid>} in UTC, records concatenated with no delimiter (or a newline after each), one stream
 * per topic, no partitions. Topics are {@code <topic.prefix>.<schema>.<table>}.
 *
 * <p>Files appear whole (written elsewhere, then renamed into place) and each one's modification time is strictly
 * later than the previous one's, so modification time orders arrival. With {@link Builder#shuffleAcrossPartitions}
 * finished files stay invisible until {@link #flush()}, which publishes them with the partitions interleaved at
 * random (each partition's files still in order).
 *
 * <p>Each capture has its own replication slot and publication (dropped on close), offsets in a file in a temporary
 * folder, and a marker table {@code public.dmsdelta_capture_marker} in the database (captured, never written out)
 * that {@link #awaitCaughtUp} uses. Connector defaults: {@code plugin.name=pgoutput}, {@code snapshot.mode=initial},
 * {@code tombstones.on.delete=true}, {@code decimal.handling.mode=precise}, {@code time.precision.mode=adaptive},
 * {@code skipped.operations=none} (truncates are captured); any can be overridden with
 * {@link Builder#connectorProperties}.
 *
 * <p>{@link Builder#start()} returns when the slot has its start point; the snapshot runs after that. A TRUNCATE
 * committed while the snapshot runs empties the table for it too (TRUNCATE is not MVCC-safe), so the snapshot lacks
 * rows that the stream then deletes with its {@code t} event: the end state is right but the events differ from
 * run to run. Call {@link #awaitCaughtUp} before such a workload to have the snapshot done first.
 */
public final class DebeziumCapture implements AutoCloseable {

    /** What happens to a tombstone (the null value after a delete): the S3 sink's {@code behavior.on.null.values}. */
    public enum Tombstones {
        /** Not written ({@code behavior.on.null.values=ignore}). */
        IGNORE,
        /** Written as the line {@code null}. */
        WRITE
    }

    /** Key in {@link #eventCounts()} for tombstones (received, whether written or not). */
    public static final String TOMBSTONE = "tombstone";

    static final String MARKER_TABLE = "dmsdelta_capture_marker";
    private static final AtomicInteger CAPTURES = new AtomicInteger();

    private final PostgresServer server;
    private final String database;
    private final String topicPrefix;
    private final String slot;
    private final String publication;
    private final int partitions;
    private final Tombstones tombstones;
    private final SinkFiles sink;
    private final Path work;
    private final JsonConverter keyConverter = new JsonConverter();
    private final JsonConverter valueConverter = new JsonConverter();
    private final Map<String, Map<String, Long>> counts = new TreeMap<>();
    private final Set<String> markersSeen = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "debezium-capture"));
    private volatile boolean ended;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

    public static Builder builder(PostgresServer server, String database, Path root) {
        return new Builder(server, database, root);
    }

    /** Options; only {@link #tables} is required. */
    public static final class Builder {
        private final PostgresServer server;
        private final String database;
        private final Path root;
        private String topicPrefix = "dbz";
        private final List<String> tables = new ArrayList<>();
        private final Properties overrides = new Properties();
        private final Map<String, String> converterSettings = new HashMap<>();
        private int partitions = 3;
        private int flushSize = 50;
        private Tombstones tombstones = Tombstones.IGNORE;
        private boolean gzip;
        private SinkFiles.Layout layout = SinkFiles.Layout.CONNECT_S3;
        private boolean firehoseNewline;
        private Random shuffle;

        private Builder(PostgresServer server, String database, Path root) {
            this.server = server;
            this.database = database;
            this.root = root;
        }

        /** Debezium's {@code topic.prefix} (default {@code dbz}). */
        public Builder topicPrefix(String prefix) {
            this.topicPrefix = prefix;
            return this;
        }

        /** The tables to capture, {@code schema.table} ({@code table.include.list}). */
        public Builder tables(String... names) {
            tables.addAll(List.of(names));
            return this;
        }

        /** Connector or engine properties that replace the defaults (e.g. {@code decimal.handling.mode=string}). */
        public Builder connectorProperties(Properties properties) {
            overrides.putAll(properties);
            return this;
        }

        /**
         * Settings of the value and key JsonConverter, e.g. {@code decimal.format=NUMERIC}, or
         * {@code schemas.enable=true} for the schema/payload envelope (Debezium Server's JSON default, as its
         * Kinesis sink would hand records to Firehose).
         */
        public Builder converterSetting(String name, String value) {
            converterSettings.put(name, value);
            return this;
        }

        /** Partitions of every topic (default 3). */
        public Builder partitions(int count) {
            this.partitions = count;
            return this;
        }

        /** Records of one partition after which its file is closed (the sink's {@code flush.size}, default 50). */
        public Builder flushSize(int records) {
            this.flushSize = records;
            return this;
        }

        /** Tombstones: {@link Tombstones#IGNORE} (default) or written as {@code null}. */
        public Builder tombstones(Tombstones behavior) {
            this.tombstones = behavior;
            return this;
        }

        /** Gzip every file ({@code .json.gz}; {@code .gz} for Firehose objects). */
        public Builder gzip(boolean on) {
            this.gzip = on;
            return this;
        }

        /** Firehose objects instead of the Connect S3 layout; {@code newlineDelimited} adds a newline after each record. */
        public Builder firehose(boolean newlineDelimited) {
            this.layout = SinkFiles.Layout.FIREHOSE;
            this.firehoseNewline = newlineDelimited;
            return this;
        }

        /** Files of different partitions become visible in a random order at {@link #flush()} (see the class comment). */
        public Builder shuffleAcrossPartitions(Random random) {
            this.shuffle = random;
            return this;
        }

        /**
         * Starts the engine and returns once its replication slot has its start point: every later commit is
         * streamed, every earlier one is in the snapshot.
         */
        public DebeziumCapture start() {
            if (tables.isEmpty()) {
                throw new IllegalArgumentException("no tables to capture");
            }
            DebeziumCapture capture = new DebeziumCapture(this);
            try {
                capture.start(this);
            } catch (RuntimeException | Error e) {
                capture.close();
                throw e;
            }
            return capture;
        }
    }

    private DebeziumCapture(Builder b) {
        this.server = b.server;
        this.database = b.database;
        this.topicPrefix = b.topicPrefix;
        int n = CAPTURES.incrementAndGet();
        String unique = n + "_" + Long.toHexString(System.nanoTime() & 0xffffffL);
        this.slot = "dmsdelta_slot_" + unique;
        this.publication = "dmsdelta_pub_" + unique;
        this.partitions = b.partitions;
        this.tombstones = b.tombstones;
        this.sink = new SinkFiles(b.root, b.layout, b.flushSize, b.gzip, b.firehoseNewline, b.shuffle);
        this.work = LocalServer.temporaryFolder("dmsdelta-debezium");
        Map<String, Object> converter = new HashMap<>(b.converterSettings);
        converter.putIfAbsent("schemas.enable", "false");
        keyConverter.configure(converter, true);
        valueConverter.configure(converter, false);
    }

    private void start(Builder b) {
        try {
            server.execute(database, "CREATE TABLE IF NOT EXISTS public." + MARKER_TABLE + " (token text PRIMARY KEY)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the marker table: " + e.getMessage(), e);
        }
        List<String> include = new ArrayList<>(b.tables);
        include.add("public." + MARKER_TABLE);
        Properties p = new Properties();
        p.setProperty("name", "dmsdelta-" + slot);
        p.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        p.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        p.setProperty("offset.storage.file.filename", work.resolve("offsets.dat").toString());
        p.setProperty("offset.flush.interval.ms", "1000");
        p.setProperty("database.hostname", "127.0.0.1");
        p.setProperty("database.port", Integer.toString(server.port()));
        p.setProperty("database.user", PostgresServer.USER);
        p.setProperty("database.password", server.password());
        p.setProperty("database.dbname", database);
        p.setProperty("topic.prefix", topicPrefix);
        p.setProperty("plugin.name", "pgoutput");
        p.setProperty("slot.name", slot);
        p.setProperty("slot.drop.on.stop", "true");
        p.setProperty("publication.name", publication);
        p.setProperty("publication.autocreate.mode", "filtered");
        p.setProperty("snapshot.mode", "initial");
        p.setProperty("table.include.list", String.join(",", include.stream().map(t -> t.replace(".", "\\.")).toList()));
        p.setProperty("tombstones.on.delete", "true");
        p.setProperty("decimal.handling.mode", "precise");
        p.setProperty("time.precision.mode", "adaptive");
        p.setProperty("skipped.operations", "none");
        p.setProperty("poll.interval.ms", "50");
        p.setProperty("status.update.interval.ms", "1000");
        p.putAll(b.overrides);
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(p)
                .using((success, message, error) -> {
                    if (!success) {
                        failure.compareAndSet(null, error != null ? error : new IllegalStateException(message));
                    }
                    ended = true;
                })
                .notifying(this::handleBatch)
                .build();
        thread.execute(engine);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // A slot is listed as soon as its creation starts, but it only has a start point (confirmed_flush_lsn) once
        // the transactions running then have ended; the exported snapshot Debezium reads is taken at that point.
        while (!slotConsistent()) {
            checkRunning();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Debezium did not create its replication slot " + slot + " within 60 s");
            }
            sleep(50);
        }
    }

    private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
                             DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        for (RecordChangeEvent<SourceRecord> event : records) {
            accept(event.record());
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    private void accept(SourceRecord record) {
        String topic = record.topic();
        Struct value = record.value() instanceof Struct s ? s : null;
        if (topic.endsWith("." + MARKER_TABLE)) {
            if (value != null && value.getStruct("after") != null) {
                markersSeen.add(value.getStruct("after").getString("token"));
            }
            return;
        }
        if (value == null && record.value() != null) {
            return; // not a change event (heartbeats and the like have their own topics)
        }
        String op = value == null ? TOMBSTONE : value.getString("op");
        synchronized (counts) {
            counts.computeIfAbsent(topic, k -> new TreeMap<>()).merge(op, 1L, Long::sum);
        }
        if (value == null && tombstones == Tombstones.IGNORE) {
            return;
        }
        byte[] key = keyConverter.fromConnectData(topic, record.keySchema(), record.key());
        int partition = key == null ? 0 : Utils.toPositive(Utils.murmur2(key)) % partitions;
        byte[] bytes = value == null ? SinkFiles.NULL_VALUE
                : valueConverter.fromConnectData(topic, record.valueSchema(), record.value());
        sink.append(topic, partition, bytes);
    }

    /**
     * Waits until every change committed in PostgreSQL before this call has been handed to the sink (in files or
     * in open files: {@link #flush()} closes those): commits a marker row and waits for its event, which the
     * replication stream delivers after every earlier commit.
     */
    public void awaitCaughtUp(Duration timeout) {
        String token = UUID.randomUUID().toString();
        try {
            server.execute(database, "INSERT INTO public." + MARKER_TABLE + " VALUES ('" + token + "')");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the marker row: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!markersSeen.contains(token)) {
            checkRunning();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Debezium did not catch up within " + timeout);
            }
            sleep(20);
        }
    }

    /** Closes every open file (publishing held-back files in shuffled mode); returns the files this made visible. */
    public List<Path> flush() {
        return sink.flush();
    }

    /** Every file written so far, in the order they became visible (ascending modification time). */
    public List<Path> files() {
        return sink.files();
    }

    /**
     * Events received from Debezium per topic and op ({@code c u d r t}, and {@link #TOMBSTONE}), marker events and
     * replays not included.
     */
    public Map<String, Map<String, Long>> eventCounts() {
        synchronized (counts) {
            Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
            counts.forEach((topic, ops) -> copy.put(topic, Map.copyOf(ops)));
            return copy;
        }
    }

    /**
     * Writes again a random contiguous slice of up to {@code events} records already written, as a restarted
     * connector delivers them: first open files are closed, then the slice goes to the same partitions with new
     * offsets and lands in new files, later than all earlier ones.
     *
     * @param partition only records of this partition (of every topic), or {@code null} for all partitions
     * @return the new files
     */
    public List<Path> replay(Random random, int events, Integer partition) {
        return sink.replay(random, events, partition);
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    /** The topic of a table, {@code schema.table}. */
    public String topic(String table) {
        return topicPrefix + "." + table;
    }

    /** Stops the engine, drops its slot and publication; the files stay. Open files are not flushed. */
    @Override
    public void close() {
        try {
            if (engine != null) {
                engine.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            dropSlotAndPublication();
            LocalServer.deleteTree(work);
        }
    }

    private void dropSlotAndPublication() {
        try (Connection c = server.connect(database); Statement sql = c.createStatement()) {
            sql.execute("DROP PUBLICATION IF EXISTS " + publication);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (slotExists()) {
                try (ResultSet r = sql.executeQuery("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name = '" + slot + "' AND NOT active")) {
                    r.next();
                }
                if (System.nanoTime() > deadline) {
                    break;
                }
                sleep(50);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop " + slot + " or " + publication + ": " + e.getMessage(), e);
        }
    }

    private boolean slotConsistent() {
        try (Connection c = server.connect(database); PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM pg_replication_slots WHERE slot_name = ? AND confirmed_flush_lsn IS NOT NULL")) {
            q.setString(1, slot);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean slotExists() {
        try (Connection c = server.connect(database);
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_replication_slots WHERE slot_name = ?")) {
            q.setString(1, slot);
            try (ResultSet r = q.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkRunning() {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the Debezium engine failed: " + error, error);
        }
        if (ended) {
            throw new IllegalStateException("the Debezium engine stopped");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
