package io.dmsdelta.testing;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The tables of {@link PostgresWorkload} replicated into Delta tables by a real producer: their definitions, and the
 * check that each Delta table equals the PostgreSQL table, read over JDBC, value for value.
 */
public final class ReplicatedTables {

    private ReplicatedTables() {
    }

    /**
     * The definitions of the workload's tables, as {@code init} writes them, with {@code source} as their source (in
     * which {@code ENCODINGS} stands for the Debezium encodings the accounts table needs).
     *
     * @param withTier with the column {@link PostgresWorkload#addColumn} adds in the tests ({@code tier int})
     */
    public static String definitions(String source, boolean withTier) {
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

    /** What a test does after each batch of the workload, before dms-delta runs: capture, archive, send again. */
    @FunctionalInterface
    public interface AfterBatch {
        void after(int run) throws Exception;
    }

    /**
     * Runs the workload in {@code runs} batches ({@code firstBatch} statements, then 60; in the second, after 60, a
     * column {@code tier} is added, 30 more statements fill it and the definitions gain it), each followed by
     * {@code afterBatch} and a dms-delta run that must succeed; then asserts the tables equal PostgreSQL's.
     *
     * @param source the tables' {@code "source"}, as {@link #definitions} takes it
     * @return the reports of every run's tables
     */
    public static List<io.dmsdelta.report.TableReport> replicate(PostgresWorkload workload, Pipeline p, String source,
                                                                 int runs, int firstBatch, AfterBatch afterBatch)
            throws Exception {
        p.withTables(definitions(source, false));
        List<io.dmsdelta.report.TableReport> reports = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            workload.runBatch(run == 0 ? firstBatch : 60);
            if (run == 1) {
                workload.addColumn(PostgresWorkload.ACCOUNTS, "tier", "integer");
                workload.runBatch(30);
                p.withTables(definitions(source, true));
            }
            afterBatch.after(run);
            Pipeline.Result result = p.run();
            assertEquals(io.dmsdelta.cli.ExitCodes.OK, result.exitCode(), result.all());
            reports.addAll(result.report().tables());
        }
        assertEqualToPostgres(workload, p);
        return reports;
    }

    /** Asserts that both workload tables equal their Delta tables under the pipeline's target. */
    public static void assertEqualToPostgres(PostgresWorkload workload, Pipeline p) throws java.sql.SQLException {
        for (String table : List.of(PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES)) {
            List<Map<String, String>> expected = normalised(workload.readTable(table));
            List<Map<String, String>> actual = deltaRows(p.tablePath("public", table.substring("public.".length())),
                    expected.isEmpty() ? List.of() : List.copyOf(expected.get(0).keySet()));
            assertEquals(expected.size(), actual.size(), table + ": rows");
            for (int i = 0; i < expected.size(); i++) {
                assertEquals(expected.get(i), actual.get(i), table + ": row " + i);
            }
        }
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
