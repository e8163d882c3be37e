package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The last change per key wins in commit order, also when Spark splits a large file into several tasks or
 * packs several files into one, and when a sequence column orders changes.
 */
class ChangeOrderTest {

    @TempDir
    Path dir;

    @AfterEach
    void restoreSplitSize() {
        TestSpark.get().conf().unset("spark.sql.files.maxPartitionBytes");
        TestSpark.get().conf().unset("spark.sql.files.openCostInBytes");
    }

    @Test
    void rowOrderSurvivesSparkSplittingAFileIntoManyTasks() {
        // Without RFC 4180 quoting a record is one line, so Spark splits files; 2 KB splits give ~25 tasks here.
        TestSpark.get().conf().set("spark.sql.files.maxPartitionBytes", "2048");
        TestSpark.get().conf().set("spark.sql.files.openCostInBytes", "0");
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE).withSettings("{\"Rfc4180\": false}");
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 200; round++) {
            for (int id = 0; id < 20; id++) {
                lines.add((round == 0 ? "I" : "U") + "," + id + ",round-" + round);
            }
        }
        lines.add("D,3,");
        p.file("s/t/LOAD00000001.csv", "999,base");
        p.file("s/t/20240612-100000000.csv", lines.toArray(String[]::new));
        assertEquals(0, p.run().exitCode());
        List<String> expected = new ArrayList<>(List.of("999|base"));
        for (int id = 0; id < 20; id++) {
            if (id != 3) {
                expected.add(id + "|round-199");
            }
        }
        expected.sort(null);
        assertEquals(expected, p.rows("s", "t"));
    }

    @Test
    void manySmallFilesReadInOneTaskKeepFileOrder() {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,load");
        // Names sort by timestamp, not as text: a 10-digit fraction variant sits between 9-digit names.
        p.file("s/t/20240612-100000001.csv", "U,1,a", "I,2,a");
        p.file("s/t/20240612-1000000015.csv", "U,1,b", "D,2,");
        p.file("s/t/20240612-100000002.csv", "U,1,c", "I,2,c");
        p.file("s/t/20240612-100000010.csv", "U,1,d");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|d", "2|c"), p.rows("s", "t"));
    }

    /** Every DatePartitionSequence, with every DatePartitionDelimiter among them: folders never decide the order. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
            "YYYYMMDD, SLASH, 2023/12/31, 2024/01/01",
            "YYYYMMDDHH, DASH, 2023-12-31-23, 2024-01-01-00",
            "YYYYMM, UNDERSCORE, 2023_12, 2024_01",
            "MMYYYYDD, NONE, 12202331, 01202401",
            "DDMMYYYY, SLASH, 31/12/2023, 01/01/2024"})
    void datePartitionedFoldersAreOrderedByFileNameNotByPath(String sequence, String delimiter, String december,
                                                             String january) {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE).withSettings("{\"DatePartitionEnabled\": true,"
                + " \"DatePartitionSequence\": \"" + sequence + "\", \"DatePartitionDelimiter\": \"" + delimiter + "\"}");
        p.file("s/t/LOAD00000001.csv", "1,load");
        p.file("s/t/" + december + "/20231231-235959000.csv", "U,1,december", "I,2,december");
        p.file("s/t/" + january + "/20240101-000001000.csv", "U,1,january");
        p.file("s/t/" + january + "/20240101-000002000.csv", "D,2,");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|january"), p.rows("s", "t"));
    }

    @Test
    void aSequenceColumnOrdersChangesBeforeFileAndRowOrder() {
        String table = """
                {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"], "sequenceColumn": "seq",
                  "columns": [{"name": "id", "type": "int"}, {"name": "v", "type": "string"},
                              {"name": "seq", "type": "string"}]}]}""";
        Pipeline p = new Pipeline(dir).withTables(table);
        p.file("s/t/LOAD00000001.csv", "1,load,");
        // 35-digit AR_H_CHANGE_SEQ values: too wide for a long; the row written first carries the later sequence.
        p.file("s/t/20240612-100000000.csv",
                "U,1,second,20240612100000000000000000000000002",
                "U,1,first,20240612100000000000000000000000001",
                "I,2,x,99999999999999999999999999999999999",
                "U,2,y,99999999999999999999999999999999998");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|second|20240612100000000000000000000000002",
                "2|x|99999999999999999999999999999999999"), p.rows("s", "t"));

        // A fraction would be rounded by a cast, and could tie with or pass its neighbour: it is bad input.
        p.file("s/t/20240612-100100000.csv", "U,1,third,20240612100000000000000000000000002.5");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("s.t", TableStatus.FAILED, Reason.BAD_INPUT, "column seq, value"
                + " \"20240612100000000000000000000000002.5\": the sequence column must hold a whole number");
    }
}
