package io.dmsdelta.debezium;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.testing.DebeziumCapture;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.PostgresWorkload;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real producer: a random workload on a real PostgreSQL, captured by Debezium's embedded engine (pgoutput), its
 * events written as the Kafka Connect S3 sink (or Firehose) writes them, dms-delta run between batches. After the
 * last run each Delta table equals the PostgreSQL table, read over JDBC, exactly. The cases add what a real pipeline
 * does over time: the connector's snapshot then streaming, a column added, events delivered again (a restarted
 * connector) and partitions' files arriving in any order, and Firehose's concatenated objects.
 */
class DebeziumPostgresTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final int RUNS = 3;

    /** Kept when a test fails: its event files are what to look at. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    /** The definitions of the workload's tables, as {@code init --format debezium} writes them. */
    static String tables(String source, boolean withTier) {
        return """
                {"tables": [
                  {"schema": "public", "table": "accounts", "primaryKey": ["id"], "source": %s,
                   "columns": [{"name": "id", "type": "bigint"}, {"name": "name", "type": "string"},
                     {"name": "balance", "type": "decimal(12,2)"}, {"name": "score", "type": "decimal(38,8)"},
                     {"name": "opened", "type": "date"}, {"name": "updated_at", "type": "timestamp"},
                     {"name": "updated_ms", "type": "timestamp"}, {"name": "seen_at", "type": "timestamp"},
                     {"name": "active", "type": "boolean"}, {"name": "photo", "type": "binary"},
                     {"name": "notes", "type": "string"}%s]},
                  {"schema": "public", "table": "order_lines", "primaryKey": ["order_id", "line_no"], "source": %s,
                   "columns": [{"name": "order_id", "type": "bigint"}, {"name": "line_no", "type": "int"},
                     {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"},
                     {"name": "price", "type": "decimal(12,2)"}, {"name": "shipped", "type": "date"}]}]}
                """.formatted(source.replace("ENCODINGS", "\"encodings\": {\"updated_ms\": \"timestamp-millis\"}"),
                withTier ? ", {\"name\": \"tier\", \"type\": \"int\"}" : "",
                source.replace(", ENCODINGS", "").replace("ENCODINGS", ""));
    }

    static final String KAFKA_CONNECT = "{\"format\": \"debezium\", \"topicPrefix\": \"dbz\", ENCODINGS}";
    static final String FIREHOSE = "{\"format\": \"debezium\", \"topicPrefix\": \"dbz\", \"layout\": \"firehose\", ENCODINGS}";

    @Test
    void snapshotThenStreamingWithRunsBetweenBatchesGivesThePostgresTablesExactly() throws Exception {
        List<TableReport> reports = replicate("dbz_plain", 11, KAFKA_CONNECT, b -> b.tombstones(
                DebeziumCapture.Tombstones.WRITE), false);
        assertTrue(reports.stream().anyMatch(r -> r.events() != null && r.events().tombstoneRecords() > 0),
                "the Kafka tombstones after deletes were read and skipped");
        assertTrue(reports.stream().anyMatch(r -> r.events() != null && r.events().placeholdersKept() > 0),
                "updates leaving the big text unchanged kept the stored value");
    }

    @Test
    void eventsDeliveredAgainAndPartitionsArrivingOutOfOrderChangeNothing() throws Exception {
        List<TableReport> reports = replicate("dbz_replays", 12, KAFKA_CONNECT,
                b -> b.shuffleAcrossPartitions(new Random(12)).gzip(true), true);
        EventFacts total = reports.stream().map(TableReport::events).filter(java.util.Objects::nonNull)
                .reduce(EventFacts::plus).orElseThrow();
        assertTrue(total.alreadyApplied() + total.supersededByTombstones() + total.duplicatesInBatch() > 0,
                "replayed events were dropped: " + total);
    }

    @Test
    void theSameThroughFirehoseObjectsOfConcatenatedRecords() throws Exception {
        replicate("dbz_firehose", 13, FIREHOSE, b -> b.firehose(false), false);
    }

    /**
     * Runs the workload in batches with a dms-delta run after each, and compares the tables at the end.
     *
     * @return the reports of every run's tables
     */
    private List<TableReport> replicate(String database, long seed, String source,
                                        UnaryOperator<DebeziumCapture.Builder> configure, boolean replays) throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase(database);
        PostgresWorkload workload = new PostgresWorkload(server, database, seed);
        workload.createTables();
        workload.runBatch(40); // what the connector's snapshot reads
        Pipeline p = new Pipeline(dir).withTables(tables(source, false));
        Path root = dir.resolve("dms");
        Random random = new Random(seed);
        List<TableReport> reports = new ArrayList<>();
        try (DebeziumCapture capture = configure.apply(DebeziumCapture.builder(server, database, root)
                .tables(PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES).partitions(3).flushSize(25)).start()) {
            for (int run = 0; run < RUNS; run++) {
                workload.runBatch(60);
                if (run == 1) {
                    workload.addColumn(PostgresWorkload.ACCOUNTS, "tier", "integer");
                    workload.runBatch(30);
                    p.withTables(tables(source, true));
                }
                capture.awaitCaughtUp(CATCH_UP);
                capture.flush();
                if (replays && run > 0) {
                    capture.replay(random, 20 + random.nextInt(20), null);
                }
                Pipeline.Result result = p.run();
                assertEquals(ExitCodes.OK, result.exitCode(), result.all());
                reports.addAll(result.report().tables());
            }
        }
        for (String table : List.of(PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES)) {
            List<Map<String, String>> expected = normalised(workload.readTable(table));
            List<Map<String, String>> actual = deltaRows(p.tablePath("public", table.substring("public.".length())),
                    expected.isEmpty() ? List.of() : List.copyOf(expected.get(0).keySet()));
            assertEquals(expected.size(), actual.size(), table + ": rows");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), table + ": row " + i);
            }
        }
        return reports;
    }

    /** PostgreSQL's rows as text: numerics without trailing zeros, timestamps and instants in ISO form. */
    private static List<Map<String, String>> normalised(List<Map<String, Object>> rows) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, String> text = new LinkedHashMap<>();
            row.forEach((column, value) -> text.put(column, value instanceof BigDecimal d
                    ? d.stripTrailingZeros().toPlainString() : value == null ? null : value.toString()));
            out.add(text);
        }
        return out;
    }

    /** The Delta table's rows in key order, as {@link #normalised} gives PostgreSQL's, in the same columns. */
    private static List<Map<String, String>> deltaRows(String path, List<String> columns) {
        Dataset<Row> table = TestSpark.get().read().format("delta").load(path);
        List<Row> rows = new ArrayList<>(table.collectAsList());
        List<Map<String, String>> out = new ArrayList<>();
        for (Row row : rows) {
            Map<String, String> text = new LinkedHashMap<>();
            for (String column : columns) {
                Object value = row.get(row.fieldIndex(column));
                text.put(column, value == null ? null : text(column, value));
            }
            out.add(text);
        }
        out.sort((a, b) -> compareKeys(a, b, columns));
        return out;
    }

    private static String text(String column, Object value) {
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Timestamp t) {
            // timestamptz is an instant; timestamp a wall-clock time, stored as that time in UTC.
            return column.equals("seen_at") ? t.toInstant().toString()
                    : LocalDateTime.ofInstant(t.toInstant(), ZoneOffset.UTC).toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        return value.toString();
    }

    /** PostgreSQL's key order: the first columns are the key, numbers. */
    private static int compareKeys(Map<String, String> a, Map<String, String> b, List<String> columns) {
        for (String key : columns.get(0).equals("order_id") ? List.of("order_id", "line_no") : List.of("id")) {
            int c = Long.compare(Long.parseLong(a.get(key)), Long.parseLong(b.get(key)));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

}
