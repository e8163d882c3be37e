package io.dmsdelta.init;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.testing.MariaDbServer;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code dms-delta init} against a real MariaDB server (MySQL's catalog): every MySQL row of the "Source types"
 * mapping, the database as the schema, a composite key in constraint order, a table without a key; then
 * {@code run} over files shaped as DMS writes them for those types, with the written definitions.
 */
class MariaDbInitTest {

    @RegisterExtension
    static final MariaDbServer.Extension DB = new MariaDbServer.Extension();

    static final List<String> ALL_TYPES = List.of(
            "id int", "flag boolean", "tiny tinyint", "bit1 boolean", "small smallint", "medium int", "big bigint",
            "ubig decimal(20,0)", "uint bigint", "amount decimal(12,2)", "ratio float", "score double",
            "created timestamp", "stamped timestamp", "day date", "at_time string", "code string", "name string",
            "body string", "long_body string", "doc string", "feeling string", "tags string", "raw binary",
            "vraw binary", "blobby binary", "yr string");

    @TempDir
    Path dir;

    @BeforeAll
    static void source() throws Exception {
        DB.server().createDatabase("shop",
                """
                CREATE TABLE all_types (
                  id INT PRIMARY KEY, flag TINYINT(1), tiny TINYINT, bit1 BIT(1), small SMALLINT, medium MEDIUMINT,
                  big BIGINT, ubig BIGINT UNSIGNED, uint INT UNSIGNED, amount DECIMAL(12,2), ratio FLOAT, score DOUBLE,
                  created DATETIME(6), stamped TIMESTAMP(6) NULL, day DATE, at_time TIME(6), code CHAR(3),
                  name VARCHAR(40), body TEXT, long_body LONGTEXT, doc JSON, feeling ENUM('sad','happy'),
                  tags SET('a','b','c'), raw BINARY(4), vraw VARBINARY(16), blobby BLOB, yr YEAR)""",
                "CREATE TABLE order_lines (line_no INT, order_id BIGINT, sku VARCHAR(20), qty INT,"
                        + " PRIMARY KEY (order_id, line_no))",
                "CREATE TABLE events (at DATETIME, what TEXT)");
    }

    /** The options that connect; {@code jdbc:mysql://} as a MySQL user would write it. */
    private String[] connection(String... more) {
        Path password = InitFiles.write(dir.resolve("db-password"), DB.server().password());
        List<String> args = new ArrayList<>(List.of("--jdbc-url", "jdbc:mysql://127.0.0.1:" + DB.server().port() + "/",
                "--user", MariaDbServer.USER, "--password-file", password.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void definesEveryTypeTheKeyInConstraintOrderAndLeavesTheKeylessTableOut() {
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init(connection("--include", "shop.%", "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        TableDefinitions written = definitions(out);
        assertEquals(List.of("shop.all_types", "shop.order_lines"),
                written.all().stream().map(TableDefinition::qualifiedName).toList());
        assertEquals(ALL_TYPES, columns(written.find("shop.all_types").orElseThrow()));
        TableDefinition lines = written.find("shop.order_lines").orElseThrow();
        assertEquals(List.of("line_no int", "order_id bigint", "sku string", "qty int"), columns(lines));
        assertEquals(List.of("order_id", "line_no"), lines.primaryKey());
    }

    @Test
    void aRunOfDmsShapedFilesWithTheWrittenDefinitionsGivesTheExactRows() {
        Path out = dir.resolve("definitions.json");
        assertEquals(ExitCodes.OK, init(connection("--include", "shop.%", "--output", out.toString())).exitCode());
        Pipeline p = new Pipeline(dir).withTables(InitFiles.read(out)).withSettings("{}");
        String row1 = "1,1,-5,1,-300,8000000,9000000000,18446744073709551615,4294967295,12345.67,32.38,1.5,"
                + "2024-06-12 10:30:25.104667,2024-06-12 10:30:25.000001,1996-07-04,10:30:25.123456,ab,Ann Smith,"
                + "\"line one\nline two\",long,\"{\"\"a\"\": 1}\",happy,\"a,c\",DEADBEEF,CAFE,48656C6C6F,2024";
        p.file("shop/all_types/LOAD00000001.csv", row1, "2" + ",".repeat(26), "3" + ",".repeat(26));
        // MySQL's delete rows carry the whole row
        p.file("shop/all_types/20240612-103125108.csv",
                "U,2,0,127,0,32767,-8388608,-9223372036854775808,0,0,-0.01,-1.5E9,-Infinity,1970-01-01 00:00:00,"
                        + "2038-01-19 03:14:07.999999,9999-12-31,-838:59:59,,,,,[],sad,,00000000,,,1901",
                "D,3" + ",".repeat(26));
        p.file("shop/order_lines/LOAD00000001.csv", "1,100,apple,3", "2,100,pear,1");
        p.file("shop/order_lines/20240612-103125108.csv", "I,1,200,plum,2", "D,2,100,pear,1");

        Pipeline.Result run = p.run();
        assertEquals(ExitCodes.OK, run.exitCode(), run.all());
        assertEquals(List.of(
                "1|true|-5|true|-300|8000000|9000000000|18446744073709551615|4294967295|12345.67|32.38|1.5|"
                        + "2024-06-12 10:30:25.104667|2024-06-12 10:30:25.000001|1996-07-04|10:30:25.123456|ab|Ann Smith|"
                        + "line one\nline two|long|{\"a\": 1}|happy|a,c|DEADBEEF|CAFE|48656C6C6F|2024",
                "2|false|127|false|32767|-8388608|-9223372036854775808|0|0|-0.01|-1.5E9|-Infinity|1970-01-01 00:00:00.0|"
                        + "2038-01-19 03:14:07.999999|9999-12-31|-838:59:59|null|null|null|null|[]|sad|null|00000000|null|"
                        + "null|1901"),
                Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(p.tablePath("shop", "all_types"))
                        .selectExpr(hexed())));
        assertEquals(List.of("1|100|apple|3", "1|200|plum|2"), p.rows("shop", "order_lines"));
    }

    private static String[] hexed() {
        return ALL_TYPES.stream().map(c -> c.substring(0, c.indexOf(' ')))
                .map(c -> List.of("raw", "vraw", "blobby").contains(c) ? "hex(" + c + ") AS " + c : "`" + c + "`")
                .toArray(String[]::new);
    }

    @Test
    void theNonLobFilterLeavesOutMySqlsTextBlobAndJsonColumns() {
        Path mappings = InitFiles.write(dir.resolve("table-mappings.json"), """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
                   "object-locator": {"schema-name": "sho_", "table-name": "all[_]types"}},
                  {"rule-type": "transformation", "rule-id": "2", "rule-name": "2", "rule-target": "column",
                   "rule-action": "add-before-image-columns", "object-locator": {"schema-name": "%", "table-name": "%"},
                   "before-image-def": {"column-prefix": "BI_", "column-suffix": "", "column-filter": "non-lob"}}
                ]}""");
        Path out = dir.resolve("definitions.json");
        Pipeline.Result result = init(connection("--table-mappings", mappings.toString(), "--output", out.toString()));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableDefinition all = definitions(out).find("shop.all_types").orElseThrow();
        assertEquals(ALL_TYPES, columns(all), "no sequence rule: the source's columns alone");
        assertEquals(List.of("id", "flag", "tiny", "bit1", "small", "medium", "big", "ubig", "uint", "amount", "ratio",
                "score", "created", "stamped", "day", "at_time", "code", "name", "feeling", "tags", "raw", "vraw", "yr"),
                all.beforeImages().orElseThrow().columns());
        assertEquals(1, definitions(out).all().size());
    }
}
