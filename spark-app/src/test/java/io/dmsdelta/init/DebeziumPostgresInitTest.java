package io.dmsdelta.init;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.SourceDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.testing.DebeziumCapture;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dms-delta init --format debezium} against a real PostgreSQL: every type family with its Spark type and value
 * encoding, the source block; then real Debezium events of those columns (the embedded connector, default settings)
 * run with the written definitions; re-runs that keep hand edits, a file that mixes DMS and Debezium definitions,
 * and the options refused with the format.
 */
class DebeziumPostgresInitTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    static final String DB = "dbzinit";

    /** The columns init must write for shop.all_types. */
    static final List<String> ALL_TYPES = List.of(
            "id int", "small smallint", "big bigint", "amount decimal(12,2)", "measure decimal(38,18)",
            "wide decimal(38,4)", "price decimal(19,2)", "ratio float", "score double", "created timestamp",
            "created_ms timestamp", "created_s timestamp", "created_tz timestamp", "day date", "at_time string",
            "at_time_ms string", "at_timetz string", "span bigint", "flag boolean", "bit1 boolean", "bits binary",
            "uid string", "doc string", "docb string", "page string", "tags string", "nick string", "addr string",
            "body string", "name string", "code string", "bytes binary", "feeling string");

    /** The encodings init must write for it: only where Debezium's JSON is not the type's default reading. */
    static final Map<String, String> ENCODINGS = Map.of("measure", "variable-scale-decimal",
            "created_ms", "timestamp-millis", "created_s", "timestamp-millis", "at_time", "time-micros",
            "at_time_ms", "time-millis");

    @TempDir
    Path dir;

    @BeforeAll
    static void source() throws Exception {
        PG.server().createDatabase(DB,
                "CREATE EXTENSION citext",
                "CREATE SCHEMA shop",
                "CREATE TYPE shop.mood AS ENUM ('sad', 'happy')",
                """
                CREATE TABLE shop.all_types (
                  id integer PRIMARY KEY, small smallint, big bigint, amount numeric(12,2), measure numeric,
                  wide numeric(50,4), price money, ratio real, score double precision, created timestamp,
                  created_ms timestamp(3), created_s timestamp(0), created_tz timestamptz, day date, at_time time,
                  at_time_ms time(3), at_timetz timetz, span interval, flag boolean, bit1 bit(1), bits bit(8),
                  uid uuid, doc json, docb jsonb, page xml, tags integer[], nick citext, addr inet, body text,
                  name varchar(20), code char(3), bytes bytea, feeling shop.mood)""",
                "CREATE TABLE shop.order_lines (line_no integer, order_id bigint, sku text, qty integer,"
                        + " PRIMARY KEY (order_id, line_no))",
                "CREATE TABLE shop.events (at timestamp, what text)");
    }

    private String[] connection(String... more) {
        Path password = InitFiles.write(dir.resolve("pg-password"), PG.server().password());
        List<String> args = new ArrayList<>(List.of("--jdbc-url", PG.server().jdbcUrl(DB), "--user",
                PostgresServer.USER, "--password-file", password.toString(), "--include", "shop.%"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String[] debezium(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of(connection("--format", "debezium", "--topic-prefix", "dbz",
                "--output", out.toString())));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static DebeziumSource debeziumSource(TableDefinition table) {
        assertTrue(table.source() instanceof DebeziumSource, table.qualifiedName() + ": " + table.source());
        return (DebeziumSource) table.source();
    }

    @Test
    void definesEveryTypeWithItsEncodingAndTheSourceBlock() {
        Path out = dir.resolve("tables.json");
        Pipeline.Result result = init(debezium(out));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        TableDefinitions written = definitions(out);
        assertEquals(List.of("shop.all_types", "shop.order_lines"),
                written.all().stream().map(TableDefinition::qualifiedName).toList(), "shop.events has no key");
        TableDefinition all = written.find("shop.all_types").orElseThrow();
        assertEquals(ALL_TYPES, columns(all));
        assertEquals(List.of("id"), all.primaryKey());
        assertEquals(Optional.empty(), all.sequenceColumn());
        assertEquals(Optional.empty(), all.beforeImages());
        DebeziumSource source = debeziumSource(all);
        assertEquals("dbz.shop.all_types", source.topic());
        assertEquals(DebeziumSource.Connector.POSTGRESQL, source.connector());
        assertEquals(DebeziumSource.Layout.KAFKA_CONNECT_S3, source.layout());
        assertEquals(ENCODINGS, source.encodings());

        TableDefinition lines = written.find("shop.order_lines").orElseThrow();
        assertEquals(List.of("line_no int", "order_id bigint", "sku string", "qty int"), columns(lines));
        assertEquals(List.of("order_id", "line_no"), lines.primaryKey());
        assertEquals("dbz.shop.order_lines", debeziumSource(lines).topic());
        assertEquals(Map.of(), debeziumSource(lines).encodings());

        String first = InitFiles.read(out);
        assertTrue(!first.contains("sequenceColumn") && !first.contains("beforeImage"), first);
        assertEquals(ExitCodes.OK, init(debezium(out)).exitCode());
        assertEquals(first, InitFiles.read(out), "an unchanged source gives the same bytes");
    }

    /** The row the snapshot carries, one value of each column. */
    static final String ROW_1 = """
            INSERT INTO shop.all_types VALUES (1, 7, 9000000000, 12345.67, 3.141592653589793238, 1234.5678, 1234.50,
              32.38, 1.5, '2024-06-12 10:30:25.104667', '2024-06-12 10:30:25.104', '2024-06-12 10:30:25',
              '2024-06-12 10:30:25.104667+02', '1996-07-04', '10:30:25.123456', '10:30:25.123', '10:30:25+02',
              '1 day 02:00:00', true, B'1', B'10100101', '6f1c2b7e-8d3a-4c1e-9a7b-2f4d5e6a7b8c', '{"a": 1}',
              '{"b": [1, 2]}', '<p>x</p>', '{1,2,3}', 'Ann', '192.168.0.1', E'line one\\nline two', 'Ann Smith', 'ab',
              '\\x48656c6c6f', 'happy')""";

    @Test
    void realDebeziumEventsOfEveryTypeApplyWithTheWrittenDefinitions() throws Exception {
        Path out = dir.resolve("tables.json");
        assertEquals(ExitCodes.OK, init(debezium(out)).exitCode());
        PG.server().execute(DB, ROW_1, "INSERT INTO shop.all_types (id) VALUES (2)",
                "INSERT INTO shop.order_lines VALUES (1, 100, 'apple', 3)");
        Pipeline p = new Pipeline(dir).withTables(InitFiles.read(out)).withSettings("{}");
        try (DebeziumCapture capture = DebeziumCapture.builder(PG.server(), DB, p.source)
                .tables("shop.all_types", "shop.order_lines").partitions(1).start()) {
            capture.awaitCaughtUp(Duration.ofSeconds(60));
            // streamed after the snapshot: negative and edge values
            PG.server().execute(DB, """
                    UPDATE shop.all_types SET small = -1, big = -9000000000, amount = -0.01, measure = -12.5,
                      price = -0.99, created = '1969-12-31 23:59:59.999999', created_ms = '2000-02-29 00:00:00.5',
                      created_tz = '2024-01-01 00:00:00-08', day = '1969-12-31', at_time = '23:59:59.999999',
                      at_time_ms = '00:00:00', span = '-1 hour', flag = false, bit1 = B'0', bits = B'00000001',
                      tags = '{}', body = '', bytes = '', feeling = 'sad' WHERE id = 2""",
                    "DELETE FROM shop.order_lines");
            capture.awaitCaughtUp(Duration.ofSeconds(60));
            capture.flush();
        } finally {
            PG.server().execute(DB, "DELETE FROM shop.all_types");
        }
        Pipeline.Result run = p.run();
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of(
                "1|7|9000000000|12345.67|3.141592653589793238|1234.5678|1234.50|32.38|1.5|2024-06-12 10:30:25.104667|"
                        + "2024-06-12 10:30:25.104|2024-06-12 10:30:25.0|2024-06-12 08:30:25.104667|1996-07-04|"
                        + "10:30:25.123456|10:30:25.123|08:30:25Z|93600000000|true|true|A5|"
                        + "6f1c2b7e-8d3a-4c1e-9a7b-2f4d5e6a7b8c|{\"a\": 1}|{\"b\": [1, 2]}|<p>x</p>|[1,2,3]|Ann|192.168.0.1|"
                        + "line one\nline two|Ann Smith|ab |48656C6C6F|happy",
                "2|-1|-9000000000|-0.01|-12.500000000000000000|null|-0.99|null|null|1969-12-31 23:59:59.999999|"
                        + "2000-02-29 00:00:00.5|null|2024-01-01 08:00:00.0|1969-12-31|23:59:59.999999|00:00:00|null|"
                        + "-3600000000|false|false|01|null|null|null|null|[]|null|null||null|null||sad"),
                rows(p));
        assertEquals(List.of(), p.rows("shop", "order_lines"));
    }

    /** The rows of shop.all_types, binary columns as hex so that they compare as text. */
    static List<String> rows(Pipeline p) {
        return Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(p.tablePath("shop", "all_types"))
                .selectExpr(ALL_TYPES.stream().map(c -> c.substring(0, c.indexOf(' ')))
                        .map(c -> c.equals("bytes") || c.equals("bits") ? "hex(" + c + ") AS " + c : "`" + c + "`")
                        .toArray(String[]::new)));
    }

    @Test
    void aReRunKeepsHandEditsAddsColumnsAtTheEndAndLeavesDmsDefinitionsAlone() throws Exception {
        Path out = dir.resolve("tables.json");
        assertEquals(ExitCodes.OK, init(debezium(out)).exitCode());
        // by hand: decimals as text (decimal.handling.mode=string), Firehose objects, a DMS table of another schema
        String edited = InitFiles.read(out)
                .replace("\"connector\": \"postgresql\",\n", "\"connector\": \"postgresql\", \"layout\": \"firehose\","
                        + " \"folder\": \"stream-1\",\n")
                .replace("\"encodings\": {", "\"encodings\": {\"amount\": \"decimal-text\", ")
                .replace("\"tables\": [\n", "\"tables\": [\n    {\"schema\": \"legacy\", \"table\": \"orders\","
                        + " \"primaryKey\": [\"id\"], \"sequenceColumn\": \"seq\", \"columns\": [{\"name\": \"id\","
                        + " \"type\": \"int\"}, {\"name\": \"seq\", \"type\": \"decimal(38,0)\"}]},\n");
        InitFiles.write(out, edited);
        assertEquals("decimal-text", debeziumSource(definitions(out).find("shop.all_types").orElseThrow())
                .encodings().get("amount"), "the edit took");
        PG.server().execute(DB, "ALTER TABLE shop.order_lines ADD COLUMN shipped timestamp(3)");
        try {
            Pipeline.Result again = init(debezium(out));
            assertEquals(ExitCodes.OK, again.exitCode(), again.all());
            TableDefinitions written = definitions(out);
            TableDefinition all = written.find("shop.all_types").orElseThrow();
            assertEquals(ALL_TYPES, columns(all));
            DebeziumSource source = debeziumSource(all);
            assertEquals(DebeziumSource.Layout.FIREHOSE, source.layout());
            assertEquals("stream-1", source.folder());
            Map<String, String> encodings = new java.util.HashMap<>(ENCODINGS);
            encodings.put("amount", "decimal-text");
            assertEquals(encodings, source.encodings());
            TableDefinition lines = written.find("shop.order_lines").orElseThrow();
            assertEquals(List.of("line_no int", "order_id bigint", "sku string", "qty int", "shipped timestamp addedLater"),
                    columns(lines));
            assertEquals(Map.of("shipped", "timestamp-millis"), debeziumSource(lines).encodings());
            TableDefinition legacy = written.find("legacy.orders").orElseThrow();
            assertEquals(SourceDefinition.Dms.INSTANCE, legacy.source());
            assertEquals(Optional.of("seq"), legacy.sequenceColumn());
            assertEquals(List.of("id int", "seq decimal(38,0)"), columns(legacy));
            assertTrue(again.out().matches("(?s).*CHANGED +shop\\.order_lines .*"), again.out());
            assertTrue(again.out().matches("(?s).*KEPT +legacy\\.orders +kept as defined: a dms definition.*"),
                    again.out());

            // the same file read by init --format dms: the Debezium tables it selects would change source, and the
            // DMS table it does not select is gone, as for any DMS definition
            String before = InitFiles.read(out);
            Pipeline.Result dms = init(connection("--output", out.toString()));
            assertEquals(ExitCodes.TABLE_FAILED, dms.exitCode(), dms.all());
            assertTrue(dms.out().contains("source debezium -> dms"), dms.out());
            assertTrue(dms.out().matches("(?s).*GONE +legacy\\.orders.*"), dms.out());
            assertEquals(before, InitFiles.read(out), "nothing written");
            Pipeline.Result accepted = init(connection("--output", out.toString(), "--accept-changes"));
            assertEquals(ExitCodes.OK, accepted.exitCode(), accepted.all());
            TableDefinitions nowDms = definitions(out);
            assertEquals(List.of("shop.all_types", "shop.order_lines"),
                    nowDms.all().stream().map(TableDefinition::qualifiedName).toList());
            assertEquals(SourceDefinition.Dms.INSTANCE, nowDms.find("shop.order_lines").orElseThrow().source());
        } finally {
            PG.server().execute(DB, "ALTER TABLE shop.order_lines DROP COLUMN shipped");
        }
    }

    @Test
    void theDmsOnlyOptionsAndAMissingOrWrongConnectorSettingAreUsageErrors() {
        Path out = dir.resolve("tables.json");
        Path mappings = InitFiles.write(dir.resolve("table-mappings.json"), "{\"rules\": []}");
        for (String[] wrong : List.of(
                connection("--format", "debezium", "--topic-prefix", "dbz", "--table-mappings", mappings.toString()),
                connection("--format", "debezium", "--topic-prefix", "dbz", "--endpoint-settings", "{}"),
                connection("--format", "debezium"),
                connection("--format", "debezium", "--topic-prefix", "dbz", "--connector", "mysql"),
                connection("--format", "avro", "--topic-prefix", "dbz"),
                connection("--topic-prefix", "dbz"))) {
            List<String> args = new ArrayList<>(List.of(wrong));
            args.addAll(List.of("--output", out.toString()));
            Pipeline.Result result = init(args.toArray(String[]::new));
            assertEquals(ExitCodes.USAGE, result.exitCode(), String.join(" ", wrong) + "\n" + result.all());
            assertTrue(!java.nio.file.Files.exists(out));
        }
        Pipeline.Result explicit = init(debezium(out, "--connector", "postgresql"));
        assertEquals(ExitCodes.OK, explicit.exitCode(), explicit.all());
    }
}
