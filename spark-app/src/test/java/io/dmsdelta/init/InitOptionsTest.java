package io.dmsdelta.init;

import io.dmsdelta.cli.DmsDeltaMain;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** init's options: what is refused before anything is read (exit code 2), and how the password is found. */
class InitOptionsTest {

    @TempDir
    Path dir;

    @Test
    void theCommandIsRegisteredWithItsOptionsAndHelp() {
        Map<String, Boolean> options = DmsDeltaMain.commandOptions("init");
        for (String option : new String[] {"--jdbc-url", "--from-files", "--user", "--password-env", "--password-file",
                "--include", "--exclude", "--table-mappings", "--output", "--endpoint-settings", "--primary-key", "--type",
                "--from-dynamodb", "--from-dynamodb-records", "--schema", "--sample-size", "--dynamodb-shape",
                "--dynamodb-folder", "--dynamodb-table", "--region", "--dynamodb-endpoint"}) {
            assertEquals(true, options.get(option), option);
        }
        assertEquals(false, options.get("--accept-changes"));
        assertEquals(false, options.get("--no-rest-column"));
        Pipeline.Result help = init("--help");
        assertEquals(ExitCodes.OK, help.exitCode());
        assertTrue(help.out().contains("--password-env=<VAR>"), help.out());
        assertFalse(help.out().contains("--password=") || help.out().contains("--password "), "hidden: " + help.out());
        assertTrue(help.out().matches("(?s).*\\n  1 +nothing written: changes need --accept-changes.*"), help.out());
    }

    @Test
    void wrongOptionsAreUsageErrors() {
        String out = dir.resolve("d.json").toString();
        assertUsage("Missing required argument", "--output", out);
        assertUsage("mutually exclusive", "--jdbc-url", "jdbc:postgresql://127.0.0.1/x", "--from-files", dir.toString());
        assertUsage("give it or --include/--exclude, not both", "--from-files", dir.toString(), "--include", "a.%",
                "--table-mappings", dir.resolve("m.json").toString(), "--output", out);
        assertUsage("--jdbc-url must start with jdbc:postgresql://, jdbc:mysql:// or jdbc:mariadb://", "--jdbc-url",
                "jdbc:oracle:thin:@db:1521/x", "--output", out);
        assertUsage("--user, --password-env and --password-file are for --jdbc-url", "--from-files", dir.toString(),
                "--user", "me", "--output", out);
        assertUsage("--include orders is not schema.table", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x",
                "--include", "orders", "--output", out);
        assertUsage("--type a.b.c=decimal( : \"decimal(\" is not a Spark SQL type".replace(" :", ":"), "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/x", "--type", "a.b.c=decimal(", "--output", out);
        assertUsage("cannot read the catalog of jdbc:postgresql://127.0.0.1:1/x", "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/x", "--output", out);
    }

    @Test
    void dynamoDbOptionsGoWithADynamoDbSourceAndDmsOptionsDoNot() {
        String out = dir.resolve("d.json").toString();
        assertUsage("--schema, --no-rest-column are for --from-dynamodb and --from-dynamodb-records; --jdbc-url reads"
                + " no DynamoDB table", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--schema", "s", "--no-rest-column",
                "--output", out);
        assertUsage("--region is for --from-dynamodb and --from-dynamodb-records; --from-files reads no DynamoDB table",
                "--from-files", dir.toString(), "--region", "eu-west-1", "--output", out);
        assertUsage("mutually exclusive", "--from-dynamodb", "T", "--from-dynamodb-records", dir.toString());
        assertUsage("--user, --password-env and --password-file are for --jdbc-url; --from-dynamodb reads no database",
                "--from-dynamodb", "T", "--user", "me", "--output", out);
        assertUsage("--include and --exclude are not for --from-dynamodb: it defines one table", "--from-dynamodb", "T",
                "--exclude", "a.b", "--output", out);
        assertUsage("--table-mappings is not for --from-dynamodb-records", "--from-dynamodb-records", dir.toString(),
                "--table-mappings", "m.json", "--output", out);
        assertUsage("--endpoint-settings are not for --from-dynamodb", "--from-dynamodb", "T", "--endpoint-settings",
                "{}", "--output", out);
        assertUsage("--format, --topic-prefix and --connector are not for --from-dynamodb", "--from-dynamodb", "T",
                "--format", "debezium", "--topic-prefix", "p", "--output", out);
        assertUsage("--region and --dynamodb-endpoint are for --from-dynamodb; --from-dynamodb-records reads files",
                "--from-dynamodb-records", dir.toString(), "--dynamodb-endpoint", "http://127.0.0.1:1", "--output", out);
        assertUsage("--dynamodb-table is for --from-dynamodb-records", "--from-dynamodb", "T", "--dynamodb-table", "U",
                "--output", out);
        assertUsage("--sample-size is 0; give how many items to read, at least 1", "--from-dynamodb", "T",
                "--sample-size", "0", "--output", out);
        assertUsage("--dynamodb-shape is \"firehose\"; give stream, kinesis or export", "--from-dynamodb", "T",
                "--dynamodb-shape", "firehose", "--output", out);
        assertUsage("--dynamodb-endpoint localhost:8000 is not an http:// or https:// URL with a host",
                "--from-dynamodb", "T", "--dynamodb-endpoint", "localhost:8000", "--output", out);
        assertUsage("--dynamodb-folder is empty", "--from-dynamodb", "T", "--dynamodb-folder", " ", "--output", out);
    }

    @Test
    void anExistingOutputThatIsNoValidDefinitionsFileIsAUsageError() {
        Path out = InitFiles.write(dir.resolve("d.json"), "{\"tables\": [{\"schema\": \"s\"}]}");
        assertUsage("\"table\" is missing", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/x", "--output", out.toString());
    }

    @Test
    void urlsArePostgresOrMySqlReadByTheMariaDbDriverAndHoldNoPassword() {
        assertEquals(new JdbcUrl("jdbc:mariadb://h:3306/db?useSsl=true", JdbcUrl.Engine.MYSQL),
                JdbcUrl.parse("jdbc:mysql://h:3306/db?useSsl=true"));
        assertEquals(JdbcUrl.Engine.POSTGRESQL, JdbcUrl.parse("jdbc:postgresql://h:5432/db?user=me").engine());
        assertEquals("jdbc:postgresql://h:5432/db", JdbcUrl.parse("jdbc:postgresql://h:5432/db?user=me").shown());
        for (String url : new String[] {"jdbc:postgresql://h/db?password=x", "jdbc:postgresql://h/db?user=u&PASSWORD=x",
                "jdbc:mariadb://u:x@h/db", "jdbc:postgresql://h/db?sslpassword=x"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> JdbcUrl.parse(url), url);
            assertFalse(e.getMessage().contains("=x") || e.getMessage().contains(":x@"), e.getMessage());
        }
    }

    @Test
    void thePasswordComesFromOneVariableOrFileWithoutItsNewline() {
        Path file = InitFiles.write(dir.resolve("pw"), "s3cret\r\n");
        assertEquals("s3cret", Passwords.resolve(null, file, v -> null).orElseThrow().reveal());
        assertEquals("env", Passwords.resolve("V", null, v -> v.equals("V") ? "env" : null).orElseThrow().reveal());
        assertEquals(Optional.empty(), Passwords.resolve(null, null, v -> "x"));
        assertThrows(ConfigException.class, () -> Passwords.resolve("V", file, v -> "x"));
        assertThrows(ConfigException.class, () -> Passwords.resolve(null, InitFiles.write(dir.resolve("e"), "\n"), v -> null));
        Secret secret = new Secret("s3cret");
        assertEquals("********", secret.toString());
        assertEquals("login s3cret failed".replace("s3cret", "********"), secret.redact("login s3cret failed"));
    }

    private static void assertUsage(String expected, String... args) {
        String refused = init(args).usageError();
        assertTrue(refused.contains(expected), "expected <" + expected + "> in:\n" + refused);
    }
}
