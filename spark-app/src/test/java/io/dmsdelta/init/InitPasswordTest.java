package io.dmsdelta.init;

import io.dmsdelta.cli.DmsDeltaMain;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.dmsdelta.init.InitFiles.init;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database password comes from an environment variable or a file only, and never shows: not in the summary,
 * progress, error messages or the written file, whether the login works, fails, or the password is put where it
 * does not belong (on the command line, in the URL).
 */
class InitPasswordTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    @TempDir
    Path dir;

    @BeforeAll
    static void source() throws Exception {
        PG.server().createDatabase("secrets", "CREATE SCHEMA s", "CREATE TABLE s.t (id integer PRIMARY KEY, v text)");
    }

    @Test
    void fromAnEnvironmentVariableItLogsInAndIsShownNowhere() throws Exception {
        String password = PG.server().password();
        Path out = dir.resolve("definitions.json");
        Path log = dir.resolve("init.log");
        // a JVM of its own: the variable is set in its environment, as a shell would set it
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Pipeline.REPO.resolve("bin/spark-jvm.args"), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), DmsDeltaMain.class.getName(),
                "init", "--jdbc-url", PG.server().jdbcUrl("secrets"), "--user", PostgresServer.USER,
                "--password-env", "DMS_DELTA_TEST_DB_PASSWORD", "--output", out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("DMS_DELTA_TEST_DB_PASSWORD", password);
        Process process = builder.start();
        assertTrue(process.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), "init did not end");
        String printed = Files.readString(log);
        assertEquals(ExitCodes.OK, process.exitValue(), printed);
        assertFalse(printed.contains(password), printed);
        assertFalse(Files.readString(out).contains(password));
        assertEquals(List.of("s.t"), InitFiles.definitions(out).all().stream().map(t -> t.qualifiedName()).toList());
    }

    @Test
    void aWrongPasswordFailsWithoutShowingIt() {
        String wrong = "wrong-" + PG.server().password();
        Path file = InitFiles.write(dir.resolve("password"), wrong);
        Pipeline.Result result = init("--jdbc-url", PG.server().jdbcUrl("secrets"), "--user", PostgresServer.USER,
                "--password-file", file.toString(), "--output", dir.resolve("definitions.json").toString());
        String refused = result.usageError();
        assertTrue(refused.contains("dms-delta init: cannot read the catalog of " + PG.server().jdbcUrl("secrets")),
                refused);
        assertTrue(refused.contains("password authentication failed"), refused);
        assertFalse(result.all().contains(wrong), result.all());
        assertFalse(Files.exists(dir.resolve("definitions.json")));
    }

    @Test
    void aPasswordOnTheCommandLineOrInTheUrlIsRefusedWithoutRepeatingIt() {
        String password = PG.server().password();
        String url = PG.server().jdbcUrl("secrets");
        for (List<String> args : List.of(
                List.of("--jdbc-url", url, "--password", password),
                List.of("--jdbc-url", url, "--password=" + password),
                List.of("--jdbc-url", url + "?user=dmsdelta&password=" + password),
                List.of("--jdbc-url", url + "?sslmode=disable&sslpassword=" + password),
                List.of("--jdbc-url", url.replace("//", "//dmsdelta:" + password + "@")))) {
            Pipeline.Result result = init(args.toArray(String[]::new));
            assertTrue(result.usageError().contains("--password-env"), result.err());
            assertFalse(result.all().contains(password), result.all());
        }
    }

    @Test
    void anUnsetVariableIsNamedNotGuessed() {
        Pipeline.Result result = init("--jdbc-url", PG.server().jdbcUrl("secrets"), "--user", PostgresServer.USER,
                "--password-env", "DMS_DELTA_NO_SUCH_VARIABLE_42", "--output", dir.resolve("d.json").toString());
        assertEquals("dms-delta init: --password-env DMS_DELTA_NO_SUCH_VARIABLE_42: the environment variable"
                + " DMS_DELTA_NO_SUCH_VARIABLE_42 is not set (or is empty); export it before running init.\n",
                result.usageError());
    }
}
