package io.dmsdelta.init;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code dms-delta init} against a real PostgreSQL server: every PostgreSQL row of the "Source types" mapping, a
 * composite key in constraint order, a table without a key; then {@code run} over files shaped as DMS writes them
 * for those types, with the written definitions; the task's table mappings; a re-run after the source changed.
 */
class PostgresInitTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    static final String DB = "initsource";

    /** The definition init must write for shop.all_types: the mapping of docs/configuration.md, column by column. */
    static final List<String> ALL_TYPES = List.of(
            "id int", "small smallint", "big bigint", "amount decimal(12,2)", "ratio float", "score double",
            "created timestamp", "created_tz timestamp", "day date", "at_time string", "at_timetz string", "span string",
            "flag boolean", "uid string", "doc string", "docb string", "page string", "tags string", "nick string",
            "addr string", "body string", "name string", "code string", "bytes binary", "feeling string",
            "measure string", "price string");

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
                  id integer PRIMARY KEY, small smallint, big bigint, amount numeric(12,2), ratio real,
                  score double precision, created timestamp, created_tz timestamptz, day date, at_time time,
                  at_timetz timetz, span interval, flag boolean, uid uuid, doc json, docb jsonb, page xml,
                  tags integer[], nick citext, addr inet, body text, name varchar(20), code char(3), bytes bytea,
                  feeling shop.mood, measure numeric, price money)""",
                // the key's constraint order differs from the column order
                "CREATE TABLE shop.order_lines (line_no integer, order_id bigint, sku text, qty integer,"
                        + " PRIMARY KEY (order_id, line_no))",
                "CREATE TABLE shop.events (at timestamp, what text)",
                "CREATE SCHEMA other",
                "CREATE TABLE other.skipme (id integer PRIMARY KEY)");
    }

    /** The options that connect to {@code database}, the password from a file (with the newline an editor adds). */
    private String[] connection(String database, String... more) {
        Path password = InitFiles.write(dir.resolve("pg-password"), PG.server().password() + "\n");
        List<String> args = new java.util.ArrayList<>(List.of("--jdbc-url", PG.server().jdbcUrl(database), "--user",
                PostgresServer.USER, "--password-file", password.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void definesEveryTypeTheKeyInConstraintOrderAndLeavesTheKeylessTableOut() {
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init(connection(DB, "--include", "shop.%", "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        TableDefinitions written = definitions(out);
        assertEquals(List.of("shop.all_types", "shop.order_lines"),
                written.all().stream().map(TableDefinition::qualifiedName).toList());
        TableDefinition all = written.find("shop.all_types").orElseThrow();
        assertEquals(ALL_TYPES, columns(all));
        assertEquals(List.of("id"), all.primaryKey());
        assertEquals(Optional.empty(), all.sequenceColumn());
        TableDefinition lines = written.find("shop.order_lines").orElseThrow();
        assertEquals(List.of("line_no int", "order_id bigint", "sku string", "qty int"), columns(lines));
        assertEquals(List.of("order_id", "line_no"), lines.primaryKey());

        // init writes no report: its summary tells people why a table was left out.
        assertTrue(result.out().matches("(?s).*SKIPPED +shop\\.events +no primary key, so no definition is written.*"),
                result.out());

        String first = InitFiles.read(out);
        Pipeline.Result again = init(connection(DB, "--include", "shop.%", "--output", out.toString()));
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(first, InitFiles.read(out), "an unchanged source gives the same bytes");
    }

    /** A LOAD row with a value of every type, as DMS writes each (DMS's defaults: no header, no operation column). */
    static final String LOAD_ROW = "1,7,9000000000,12345.67,+3.23800011e+01,1.5,2024-06-12 10:30:25.104667,"
            + "2024-06-12 10:30:25.104667+02,1996-07-04,10:30:25.123456,10:30:25+02,1 day 02:00:00,t,"
            + "6f1c2b7e-8d3a-4c1e-9a7b-2f4d5e6a7b8c,\"{\"\"a\"\": 1}\",\"{\"\"b\"\": [1, 2]}\",<p>x</p>,\"{1,2,3}\",Ann,"
            + "192.168.0.1,\"line one\nline two\",Ann Smith,ab ,\\x48656c6c6f,happy,3.14159265358979323846,\"$1,234.50\"";

    @Test
    void aRunOfDmsShapedFilesWithTheWrittenDefinitionsGivesTheExactRows() {
        Path out = dir.resolve("definitions.json");
        assertEquals(ExitCodes.OK, init(connection(DB, "--include", "shop.%", "--output", out.toString())).exitCode());
        Pipeline p = new Pipeline(dir).withTables(InitFiles.read(out)).withSettings("{}");
        p.file("shop/all_types/LOAD00000001.csv", LOAD_ROW, "2" + ",".repeat(26));
        p.file("shop/all_types/20240612-103125108.csv",
                "U,2,-1,-9000000000,-0.01,-Infinity,NaN,1999-12-31 23:59:59,2024-01-01 00:00:00-08,2000-02-29,00:00:00,"
                        + "23:59:59-05,00:00:00.5,f,00000000-0000-0000-0000-000000000000,[],{},<a/>,{},Bob,::1,,B,xyz,"
                        + "CAFE,sad,0,$0.00",
                "D,1" + ",".repeat(26));
        p.file("shop/order_lines/LOAD00000001.csv", "1,100,apple,3", "2,100,pear,1");
        p.file("shop/order_lines/20240612-103125108.csv", "U,1,100,apple,5", "D,2,100,,");

        Pipeline.Result run = p.run();
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of(
                "2|-1|-9000000000|-0.01|-Infinity|NaN|1999-12-31 23:59:59.0|2024-01-01 08:00:00.0|2000-02-29|00:00:00|"
                        + "23:59:59-05|00:00:00.5|false|00000000-0000-0000-0000-000000000000|[]|{}|<a/>|{}|Bob|::1|null|B|"
                        + "xyz|CAFE|sad|0|$0.00"),
                rows(p, "all_types"));
        assertEquals(List.of("1|100|apple|5"), p.rows("shop", "order_lines"));

        // the row the CDC file deleted, loaded alone: every value as DMS wrote it, read into its declared type
        Pipeline q = new Pipeline(dir.resolve("load-only")).withTables(InitFiles.read(out)).withSettings("{}");
        q.file("shop/all_types/LOAD00000001.csv", LOAD_ROW);
        assertEquals(ExitCodes.OK, q.run("--table", "shop.all_types").exitCode());
        assertEquals(List.of(
                "1|7|9000000000|12345.67|32.38|1.5|2024-06-12 10:30:25.104667|2024-06-12 08:30:25.104667|1996-07-04|"
                        + "10:30:25.123456|10:30:25+02|1 day 02:00:00|true|6f1c2b7e-8d3a-4c1e-9a7b-2f4d5e6a7b8c|{\"a\": 1}|"
                        + "{\"b\": [1, 2]}|<p>x</p>|{1,2,3}|Ann|192.168.0.1|line one\nline two|Ann Smith|ab |48656C6C6F|"
                        + "happy|3.14159265358979323846|$1,234.50"),
                rows(q, "all_types"));
    }

    /** The rows of shop.{@code table}, the binary column as hex so that they compare as text. */
    static List<String> rows(Pipeline p, String table) {
        return Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(p.tablePath("shop", table))
                .selectExpr(hexOf(ALL_TYPES, "bytes")));
    }

    /** The table's columns for a select, with the binary one as hex so rows compare as text. */
    static String[] hexOf(List<String> columns, String binary) {
        return columns.stream().map(c -> c.substring(0, c.indexOf(' ')))
                .map(c -> c.equals(binary) ? "hex(" + c + ") AS " + c : "`" + c + "`").toArray(String[]::new);
    }

    @Test
    void theTaskTableMappingsSelectTablesAndAddTheSequenceAndBeforeImageColumns() {
        Path mappings = InitFiles.write(dir.resolve("table-mappings.json"), """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
                   "object-locator": {"schema-name": "shop", "table-name": "%"}},
                  {"rule-type": "selection", "rule-id": "2", "rule-name": "2", "rule-action": "exclude",
                   "object-locator": {"schema-name": "shop", "table-name": "ev%"}},
                  {"rule-type": "transformation", "rule-id": "3", "rule-name": "3", "rule-target": "column",
                   "rule-action": "add-column", "value": "AR_H_CHANGE_SEQ", "expression": "$AR_H_CHANGE_SEQ",
                   "data-type": {"type": "string", "length": 50}, "object-locator": {"schema-name": "%", "table-name": "%"}},
                  {"rule-type": "transformation", "rule-id": "4", "rule-name": "4", "rule-target": "column",
                   "rule-action": "add-before-image-columns", "object-locator": {"schema-name": "shop", "table-name": "order[_]%"},
                   "before-image-def": {"column-prefix": "BI_", "column-suffix": "", "column-filter": "pk-only"}},
                  {"rule-type": "transformation", "rule-id": "5", "rule-name": "5", "rule-target": "column",
                   "rule-action": "add-before-image-columns", "object-locator": {"schema-name": "shop", "table-name": "all%"},
                   "before-image-def": {"column-prefix": "before_", "column-filter": "non-lob"}}
                ]}""");
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init(connection(DB, "--table-mappings", mappings.toString(), "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        TableDefinitions written = definitions(out);
        assertEquals(List.of("shop.all_types", "shop.order_lines"),
                written.all().stream().map(TableDefinition::qualifiedName).toList());
        TableDefinition all = written.find("shop.all_types").orElseThrow();
        List<String> expected = new java.util.ArrayList<>(ALL_TYPES);
        expected.add("AR_H_CHANGE_SEQ decimal(38,0)");
        assertEquals(expected, columns(all));
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), all.sequenceColumn());
        assertEquals(Optional.of("before_"), all.beforeImagePrefix());
        // non-lob: without text, bytea, json, jsonb, xml and arrays
        assertEquals(List.of("id", "small", "big", "amount", "ratio", "score", "created", "created_tz", "day", "at_time",
                "at_timetz", "span", "flag", "uid", "nick", "addr", "name", "code", "feeling", "measure", "price"),
                all.beforeImages().orElseThrow().columns());
        TableDefinition lines = written.find("shop.order_lines").orElseThrow();
        assertEquals(List.of("line_no int", "order_id bigint", "sku string", "qty int", "AR_H_CHANGE_SEQ decimal(38,0)"),
                columns(lines));
        assertEquals(Optional.of("AR_H_CHANGE_SEQ"), lines.sequenceColumn());
        assertEquals(List.of("line_no", "order_id"), lines.beforeImages().orElseThrow().columns(), "pk-only, table order");
        assertTrue(InitFiles.read(out).contains("\"beforeImageColumns\": \"pk-only\""));

        // PostgreSQL's shape with those rules: operation and commit time first, the sequence empty on LOAD rows, the
        // key's before-image on a key-changing update
        Pipeline p = new Pipeline(dir).withTables(InitFiles.read(out))
                .withSettings("{\"IncludeOpForFullLoad\": true, \"TimestampColumnName\": \"transaction_commit_timestamp\"}");
        p.file("shop/order_lines/LOAD00000001.csv", "I,2024-06-12 10:00:00.000001,1,100,apple,3,",
                "I,2024-06-12 10:00:00.000001,2,100,pear,1,");
        p.file("shop/order_lines/20240612-103125108.csv",
                "U,2024-06-12 10:30:00.000000,3,100,apple,5," + seq(2) + ",1,100",
                "U,2024-06-12 10:29:00.000000,2,100,pear,9," + seq(1) + ",2,100");
        Pipeline.Result run = p.run("--table", "shop.order_lines");
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of("2024-06-12 10:29:00.0|2|100|pear|9|" + seq(1),
                "2024-06-12 10:30:00.0|3|100|apple|5|" + seq(2)), p.rows("shop", "order_lines"));
    }

    /** AR_H_CHANGE_SEQ: a 16-digit commit time and a 19-digit counter. */
    static String seq(long counter) {
        return "2024061210300000" + String.format("%019d", counter);
    }

    @Test
    void aReRunKeepsWhatWasSetByHandMarksANewColumnAddedLaterAndHoldsBackARebuild() throws Exception {
        // a database of its own: the other tests count shop's tables
        PG.server().createDatabase("evolving", "CREATE SCHEMA evo",
                "CREATE TABLE evo.items (id integer PRIMARY KEY, name text, total numeric)");
        Path out = dir.resolve("definitions.json");
        String[] args = connection("evolving", "--include", "evo.%", "--output", out.toString());
        assertEquals(ExitCodes.OK, init(args).exitCode());
        assertEquals(List.of("id int", "name string", "total string"), columns(definitions(out).all().get(0)));
        // set by hand: the unbounded numeric's type, and ignoreUnknownColumns
        InitFiles.write(out, InitFiles.read(out).replace("{\"name\": \"total\", \"type\": \"string\"}",
                "{\"name\": \"total\", \"type\": \"decimal(28,6)\"}").replace("\"primaryKey\": [\"id\"],",
                "\"primaryKey\": [\"id\"],\n      \"ignoreUnknownColumns\": true,"));

        PG.server().execute("evolving", "ALTER TABLE evo.items ADD COLUMN price numeric(10,2)");
        Pipeline.Result changed = init(args);
        assertEquals(ExitCodes.OK, changed.exitCode(), changed.all());
        TableDefinition items = definitions(out).all().get(0);
        assertEquals(List.of("id int", "name string", "total decimal(28,6)", "price decimal(10,2) addedLater"), columns(items));
        assertTrue(items.ignoreUnknownColumns());

        // files from before the column was added still apply, with NULL for it
        Pipeline p = new Pipeline(dir).withTables(InitFiles.read(out)).withSettings("{}");
        p.file("evo/items/LOAD00000001.csv", "1,Ann,1.5");
        p.file("evo/items/20240612-103125108.csv", "I,2,Bob,2.25,9.99");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(List.of("1|Ann|1.500000|null", "2|Bob|2.250000|9.99"), p.rows("evo", "items"));

        PG.server().execute("evolving", "ALTER TABLE evo.items DROP COLUMN name");
        String before = InitFiles.read(out);
        Pipeline.Result refused = init(args);
        assertEquals(ExitCodes.TABLE_FAILED, refused.exitCode(), refused.all()); // changes that need --accept-changes
        assertEquals(before, InitFiles.read(out), "the file is left as it was");

        String[] accepting = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of(
                "--accept-changes")).toArray(String[]::new);
        Pipeline.Result accepted = init(accepting);
        assertEquals(ExitCodes.OK, accepted.exitCode(), accepted.all());
        TableDefinition rebuilt = definitions(out).all().get(0);
        assertEquals(List.of("id int", "total decimal(28,6)", "price decimal(10,2)"), columns(rebuilt),
                "written for a rebuild: no addedLater marks");
        assertTrue(rebuilt.ignoreUnknownColumns());
    }
}
