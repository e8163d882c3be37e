package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tables synced at the same time in one run: each exactly right, failures isolated, reports in definition order. */
class ParallelTablesTest {

    static final int TABLES = 6;

    @TempDir
    Path dir;

    private Pipeline pipeline() {
        List<String> definitions = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            definitions.add("""
                    {"schema": "s", "table": "t%d", "primaryKey": ["id"],
                     "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"}]}""".formatted(t));
        }
        Pipeline p = new Pipeline(dir).withTables("{\"tables\": [" + String.join(", ", definitions) + "]}");
        for (int t = 0; t < TABLES; t++) {
            p.file("s/t" + t + "/LOAD00000001.csv", "1,load" + t, "2,load" + t);
        }
        return p;
    }

    @Test
    void tablesRunInParallelEachExactlyRightWithOneFailureIsolatedAndReportsInDefinitionOrder() {
        Pipeline p = pipeline();
        for (int t = 0; t < TABLES; t++) {
            p.file("s/t" + t + "/20240612-100000000.csv", t == 3 ? "X,1,bad" : "U,1,cdc" + t, "I,3,new" + t);
        }
        Pipeline.Result result = p.run("--parallelism", "3");
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        List<TableReport> reports = result.report().tables();
        assertEquals(List.of("s.t0", "s.t1", "s.t2", "s.t3", "s.t4", "s.t5"), reports.stream().map(TableReport::table).toList());
        for (int t = 0; t < TABLES; t++) {
            if (t == 3) {
                result.assertTable("s.t3", TableStatus.FAILED, Reason.BAD_INPUT, "unknown operation code");
                assertEquals(List.of("1|load3", "2|load3"), p.rows("s", "t3"), "the full load stays, the bad batch is not applied");
            } else {
                assertEquals(TableStatus.APPLIED, reports.get(t).status(), reports.get(t).message());
                assertEquals(List.of("1|cdc" + t, "2|load" + t, "3|new" + t), p.rows("s", "t" + t));
            }
        }
        // Progress lines are for people: their text is what they do.
        assertTrue(result.err().lines().anyMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\[s\\.t5, table 6 of 6] .+")),
                "progress lines say which table of how many");

        Pipeline.Result again = p.run("--parallelism", "3");
        assertEquals(List.of(TableStatus.UP_TO_DATE, TableStatus.UP_TO_DATE, TableStatus.UP_TO_DATE, TableStatus.FAILED,
                TableStatus.UP_TO_DATE, TableStatus.UP_TO_DATE), again.report().tables().stream().map(TableReport::status).toList());
    }

    @Test
    void watchNeedsAnEndAndParallelismAtLeastOne() {
        Pipeline p = pipeline();
        assertEquals(ExitCodes.USAGE, p.run("--watch").exitCode());
        assertEquals(ExitCodes.USAGE, p.run("--parallelism", "0").exitCode());
        assertEquals(ExitCodes.USAGE, p.run("--interval", "5").exitCode(), "--interval is only for --watch");
        assertEquals(ExitCodes.USAGE, p.run("--interval", "60").exitCode(), "even with its default value");
        assertEquals(ExitCodes.USAGE, p.run("--idle-minutes", "0").exitCode(), "even with its default value");
    }
}
