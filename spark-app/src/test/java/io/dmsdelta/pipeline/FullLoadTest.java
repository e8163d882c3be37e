package io.dmsdelta.pipeline;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FullLoadTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "bigint"}, {"name": "v", "type": "string"}]}]}""";

    @TempDir
    Path dir;

    @Test
    void loadFilesInParallelLoadSubfoldersAndSegmentsAreAllLoadedInOneCommit() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a");
        p.file("s/t/LOAD0000000A.csv", "2,b");
        p.file("s/t/part_2024/LOAD00000001.csv", "3,c");
        p.file("s/t/SEGMENT2_LOAD00000001.csv", "4,d");
        p.file("s/t/20240612-100000000.csv", "U,3,cc");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|a", "2|b", "3|cc", "4|d"), p.rows("s", "t"));
        assertEquals(1, p.version("s", "t"));
    }

    @Test
    void aKeyTwiceInTheFullLoadIsAnErrorAndNoTableIsCreated() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b");
        p.file("s/t/LOAD00000002.csv", "2,again");
        Pipeline.Result result = p.run();
        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.out().contains("column id, value \"id=2\": the key appears 2 times in the full load"), result.out());
        assertFalse(Files.exists(Path.of(p.tablePath("s", "t"), "_delta_log")));
    }

    @Test
    void aRunDuringDmssFullLoadIsCompletedWhenTheRestOfTheLoadSetArrives() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b");
        assertEquals(0, p.run().exitCode()); // triggered by the first LOAD file, while DMS still writes the next
        p.file("s/t/LOAD00000002.csv", "3,c");
        p.file("s/t/20240612-100000000.csv", "U,1,aa", "D,3,");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("1|aa", "2|b"), p.rows("s", "t"));
        // Once CDC is applied, a changed LOAD set is a reload, which is refused rather than guessed at.
        p.file("s/t/LOAD00000003.csv", "4,d");
        Pipeline.Result reload = p.run();
        assertEquals(1, reload.exitCode(), reload.all());
        assertTrue(reload.out().contains("Reloading a table that CDC files were applied to is not supported yet"), reload.out());
        assertEquals(List.of("1|aa", "2|b"), p.rows("s", "t"));
    }

    @Test
    void aCdcOnlyTaskStartsFromAnEmptyTable() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/20240612-100000000.csv", "I,1,a", "U,2,b", "D,3,");
        assertEquals(0, p.run().exitCode());
        assertEquals(List.of("1|a", "2|b"), p.rows("s", "t"));
    }
}
