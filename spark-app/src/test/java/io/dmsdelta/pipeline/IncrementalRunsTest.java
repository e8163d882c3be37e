package io.dmsdelta.pipeline;

import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files arriving across runs: the result equals applying them all at once, and out-of-order arrivals are refused. */
class IncrementalRunsTest {

    @TempDir
    Path dir;

    @Test
    void filesArrivingAcrossRunsGiveTheSameTableAsOneRun() {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv");
        assertEquals(0, p.run().exitCode());
        assertEquals(0, p.version("sales", "order_lines"));
        p.copySample("sales/order_lines", "20240612-103125108.csv");
        assertEquals(0, p.run().exitCode());
        p.copySample("sales/order_lines", "20240612-103225311.csv", "20240612-103326007.csv");
        assertEquals(0, p.run().exitCode());
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(2, p.version("sales", "order_lines")); // full load, then one MERGE per run with new files
    }

    @Test
    void aCdcFileNamedBeforeTheAppliedOnesIsAnErrorNamingIt() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("sales/order_lines", "LOAD00000001.csv", "20240612-103326007.csv");
        assertEquals(0, p.run().exitCode());
        long version = p.version("sales", "order_lines");
        Path late = p.copySample("sales/order_lines", "20240612-103225311.csv")
                .source.resolve("sales/order_lines/20240612-103225311.csv");
        Files.setLastModifiedTime(late, FileTime.fromMillis(System.currentTimeMillis() + 5_000));

        Pipeline.Result result = p.run();
        assertEquals(1, result.exitCode(), result.all());
        assertTrue(result.out().contains(late.getFileName().toString()), result.out());
        assertTrue(result.out().contains("arrived after CDC files named later than it were applied"), result.out());
        assertEquals(version, p.version("sales", "order_lines"));
        // Reported again on every run until someone deals with it: never skipped silently.
        assertEquals(1, p.run().exitCode());
    }

    @Test
    void aTableFolderWithNoDefinitionIsListedAsSkippedOrFailsWithStrict() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.file("hr/salaries/LOAD00000001.csv", "1,1000");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().matches("(?s).*hr\\.salaries\\s+SKIPPED.*--tables does not define it.*"), result.out());
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));

        Pipeline.Result strict = p.run("--strict");
        assertEquals(1, strict.exitCode(), strict.all());
        assertTrue(strict.out().matches("(?s).*hr\\.salaries\\s+FAILED.*"), strict.out());
    }

    @Test
    void oneTablesFailureDoesNotStopTheOthers() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons").copySample("sales/order_lines");
        p.file("ahmad_schema/Persons/20240612-110000000.csv", "X,7,Bad Op,Nowhere");
        Pipeline.Result result = p.run();
        assertEquals(1, result.exitCode(), result.all());
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertTrue(result.out().matches("(?s).*ahmad_schema\\.Persons\\s+FAILED.*"), result.out());
    }

    @Test
    void emptyFilesAndNonDmsFilesApplyNoChange() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.file("ahmad_schema/Persons/notes.txt", "not DMS output");
        p.file("ahmad_schema/Persons/20240612-120000000.csv").toFile();
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertTrue(result.out().contains("ignored") && result.out().contains("notes.txt"), result.out());
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
        assertEquals(0, p.run().exitCode());
        assertEquals(1, p.version("ahmad_schema", "Persons"));
    }

    @Test
    void aBatchOfOnlyEmptyFilesStillAdvancesTheWatermark() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        assertEquals(0, p.run().exitCode());
        p.file("ahmad_schema/Persons/20240612-120000000.csv");
        Pipeline.Result result = p.run();
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(2, p.version("ahmad_schema", "Persons"));
        Pipeline.Result status = Pipeline.cli("status", "--source", p.source.toString(), "--target", p.target.toString(),
                "--tables", Pipeline.SAMPLE_TABLES.toString());
        assertTrue(status.out().contains("last applied: 20240612-120000000.csv"), status.out());
        assertTrue(status.out().contains("pending:      nothing"), status.out());
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
    }
}
