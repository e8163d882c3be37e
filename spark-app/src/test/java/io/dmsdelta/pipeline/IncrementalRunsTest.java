package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
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
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        result.assertTable("sales.order_lines", TableStatus.FAILED, Reason.FILES_REFUSED, late.getFileName().toString(),
                "arrived after CDC files named later than it were applied");
        assertEquals(version, p.version("sales", "order_lines"));
        // Reported again on every run until someone deals with it: never skipped silently.
        assertEquals(1, p.run().exitCode());
    }

    @Test
    void aTableFolderWithNoDefinitionIsListedAsSkippedOrFailsWithStrict() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.file("hr/salaries/LOAD00000001.csv", "1,1000");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        result.assertTable("hr.salaries", TableStatus.SKIPPED, Reason.NO_DEFINITION, "--tables does not define it");
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));

        Pipeline.Result strict = p.run("--strict");
        assertEquals(ExitCodes.TABLE_FAILED, strict.exitCode(), strict.all());
        strict.assertTable("hr.salaries", TableStatus.FAILED, Reason.NO_DEFINITION, "--strict");
    }

    @Test
    void oneTablesFailureDoesNotStopTheOthers() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons").copySample("sales/order_lines");
        p.file("ahmad_schema/Persons/20240612-110000000.csv", "X,7,Bad Op,Nowhere");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));
        assertEquals(TableStatus.APPLIED, result.table("sales.order_lines").status());
        result.assertTable("ahmad_schema.Persons", TableStatus.FAILED, Reason.BAD_INPUT, "unknown operation code");
    }

    @Test
    void emptyFilesAndNonDmsFilesApplyNoChange() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.file("ahmad_schema/Persons/notes.txt", "not DMS output");
        p.file("ahmad_schema/Persons/20240612-120000000.csv").toFile();
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        result.assertWarning("ahmad_schema.Persons", "/ahmad_schema/Persons/notes.txt: not a DMS data file name");
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
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        assertEquals(2, p.version("ahmad_schema", "Persons"));
        assertTrue(result.table("ahmad_schema.Persons").lastAppliedFile().endsWith("/20240612-120000000.csv"));
        Pipeline.Result again = p.run();
        assertEquals(TableStatus.UP_TO_DATE, again.table("ahmad_schema.Persons").status());
        assertEquals(0, again.table("ahmad_schema.Persons").cdcFilesPending(), "nothing pending: the watermark moved");
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
    }
}
