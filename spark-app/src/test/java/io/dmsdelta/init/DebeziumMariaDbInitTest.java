package io.dmsdelta.init;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.testing.MariaDbServer;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.dmsdelta.init.InitFiles.columns;
import static io.dmsdelta.init.InitFiles.definitions;
import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code dms-delta init --format debezium} against a real MariaDB (MySQL's catalog): the {@code mysql} connector
 * inferred from the URL, each type family with the Spark type and encoding of Debezium's MySQL defaults.
 */
class DebeziumMariaDbInitTest {

    @RegisterExtension
    static final MariaDbServer.Extension DB = new MariaDbServer.Extension();

    @TempDir
    Path dir;

    @BeforeAll
    static void source() throws Exception {
        DB.server().createDatabase("shop",
                """
                CREATE TABLE all_types (
                  id INT PRIMARY KEY, flag TINYINT(1), tiny TINYINT, utiny TINYINT UNSIGNED, bit1 BIT(1), bits BIT(8),
                  small SMALLINT, medium MEDIUMINT, big BIGINT, ubig BIGINT UNSIGNED, uint INT UNSIGNED,
                  amount DECIMAL(12,2), wide DECIMAL(65,30), ratio FLOAT, score DOUBLE, created DATETIME,
                  created_ms DATETIME(3), created_us DATETIME(6), stamped TIMESTAMP(6) NULL, day DATE, at_time TIME,
                  at_time_us TIME(6), code CHAR(3), name VARCHAR(40), body TEXT, doc JSON, feeling ENUM('sad','happy'),
                  tags SET('a','b','c'), raw BINARY(4), vraw VARBINARY(16), blobby BLOB, yr YEAR)""");
    }

    @Test
    void definesEveryTypeWithItsEncodingForTheMySqlConnector() {
        Path out = dir.resolve("tables.json");
        Path password = InitFiles.write(dir.resolve("db-password"), DB.server().password());
        List<String> args = new ArrayList<>(List.of("--jdbc-url", "jdbc:mysql://127.0.0.1:" + DB.server().port() + "/",
                "--user", MariaDbServer.USER, "--password-file", password.toString(), "--include", "shop.%",
                "--format", "debezium", "--topic-prefix", "mysql1", "--output", out.toString()));
        Pipeline.Result result = init(args.toArray(String[]::new));
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());

        TableDefinition all = definitions(out).find("shop.all_types").orElseThrow();
        assertEquals(List.of("id int", "flag tinyint", "tiny tinyint", "utiny smallint", "bit1 boolean", "bits binary",
                "small smallint", "medium int", "big bigint", "ubig bigint", "uint bigint", "amount decimal(12,2)",
                "wide decimal(38,30)", "ratio float", "score double", "created timestamp", "created_ms timestamp",
                "created_us timestamp", "stamped timestamp", "day date", "at_time string", "at_time_us string",
                "code string", "name string", "body string", "doc string", "feeling string", "tags string",
                "raw binary", "vraw binary", "blobby binary", "yr int"), columns(all));
        DebeziumSource source = (DebeziumSource) all.source();
        assertEquals("mysql1.shop.all_types", source.topic());
        assertEquals(DebeziumSource.Connector.MYSQL, source.connector());
        assertEquals(Map.of("created_us", "timestamp-micros", "at_time", "time-micros", "at_time_us", "time-micros"),
                source.encodings());
    }
}
