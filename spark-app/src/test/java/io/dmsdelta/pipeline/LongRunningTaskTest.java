package io.dmsdelta.pipeline;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a DMS task does over months, run after run: reloads written over several runs, files of other tasks and
 * tables, long backlogs, and undoing a bad batch. Each test asserts on the parsed run report, exit codes and rows.
 */
class LongRunningTaskTest {

    static final String TABLE = """
            {"tables": [{"schema": "s", "table": "t", "primaryKey": ["id"],
              "columns": [{"name": "id", "type": "bigint"}, {"name": "v", "type": "string"}]}]}""";
    static final DateTimeFormatter CDC_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static void stored(Path file, String instant) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse(instant)));
    }

    /** A table loaded in June 2024, with one CDC file applied. */
    private Pipeline loadedTable() throws IOException {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        stored(p.file("s/t/LOAD00000001.csv", "1,a", "2,b"), "2024-06-12T10:00:00Z");
        stored(p.file("s/t/20240612-100100000.csv", "U,1,a1"), "2024-06-12T10:01:01Z");
        Pipeline.Result first = p.run();
        assertEquals(ExitCodes.OK, first.exitCode(), first.all());
        assertEquals(TableStatus.APPLIED, first.table("s.t").status());
        return p;
    }

    @Test
    void aReloadWrittenOverSeveralRunsIsAppliedOnceWholeThenItsCdcFiles() throws IOException {
        Pipeline p = loadedTable();
        long version = p.version("s", "t");

        // DMS reloads the table: its LOAD files arrive one run apart; meanwhile the table stays as it was.
        p.file("s/t/LOAD00000001.csv", "1,x", "2,y");
        Pipeline.Result during = p.run();
        assertEquals(ExitCodes.OK, during.exitCode(), during.all());
        during.assertTable("s.t", TableStatus.WAITING, Reason.RELOAD_IN_PROGRESS,
                "DMS is writing a new LOAD set (a reload): 1 LOAD file(s)");
        p.file("s/t/LOAD00000002.csv", "3,z");
        assertEquals(TableStatus.WAITING, p.run().table("s.t").status());
        assertEquals(List.of("1|a1", "2|b"), p.rows("s", "t"));
        assertEquals(version, p.version("s", "t"));

        // The reload is done when DMS writes the table's changes again.
        p.file("s/t/" + CDC_NAME.format(Instant.now().plusSeconds(5)) + ".csv", "U,3,z1", "I,4,w");
        Pipeline.Result done = p.run();
        assertEquals(ExitCodes.OK, done.exitCode(), done.all());
        TableReport report = done.table("s.t");
        assertEquals(TableStatus.APPLIED, report.status());
        assertEquals(2, report.loadFiles());
        assertEquals(1, report.cdcFilesApplied());
        assertEquals(List.of("1|x", "2|y", "3|z1", "4|w"), p.rows("s", "t"));
        assertEquals(List.of(CommitKind.FULL_LOAD, CommitKind.CDC, CommitKind.RELOAD, CommitKind.CDC),
                CrashRecoveryTest.commitKinds(p.tablePath("s", "t")));

        Pipeline.Result again = p.run();
        assertEquals(TableStatus.UP_TO_DATE, again.table("s.t").status());
        assertEquals(0, again.table("s.t").commits());
    }

    @Test
    void aFileOfAnotherTaskUnderADeeperPrefixIsNeverTakenForThisTasksTable() throws IOException {
        Pipeline p = loadedTable();
        Path other = p.file("other-task/s/t/LOAD00000001.csv", "1,other", "2,other");
        Pipeline.Result result = p.runSource(other, "--source-root", p.source.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableReport skipped = result.table("other-task.s");
        assertEquals(TableStatus.SKIPPED, skipped.status());
        assertEquals(1, result.report().tables().size(), "s.t is not touched");
        assertEquals(List.of("1|a1", "2|b"), p.rows("s", "t"));

        String refused = p.runSource(other, "--source-root", p.source.resolve("s").toString()).usageError();
        assertTrue(refused.contains("is not in the DMS bucket folder"), refused);
        assertTrue(refused.contains("it may be another DMS task's file. Nothing was run for it."), refused);
    }

    @Test
    void aFileOfATableWithoutDefinitionIsSkippedOrFailsWithStrict() throws IOException {
        Pipeline p = loadedTable();
        Path salaries = p.file("hr/salaries/20240612-100100000.csv", "I,1,1000");
        Pipeline.Result result = p.runSource(salaries, "--source-root", p.source.toString());
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        result.assertTable("hr.salaries", TableStatus.SKIPPED, Reason.NO_DEFINITION, "--tables does not define it");

        Pipeline.Result strict = p.runSource(salaries, "--source-root", p.source.toString(), "--strict");
        assertEquals(ExitCodes.TABLE_FAILED, strict.exitCode(), strict.all());
        strict.assertTable("hr.salaries", TableStatus.FAILED, Reason.NO_DEFINITION);

        // The same without a configured root: the table is named after the file's folders.
        Pipeline.Result derived = p.runSource(salaries);
        assertEquals(TableStatus.SKIPPED, derived.table("hr.salaries").status());
        assertTrue(derived.report().warnings().get(0).startsWith("the bucket folder was derived from the file's path"));
    }

    @Test
    void aLongBacklogIsAppliedInBoundedBatchesEachItsOwnCommit() throws IOException {
        Pipeline p = loadedTable();
        for (int minute = 2; minute <= 6; minute++) {
            p.file("s/t/20240612-10%02d00000.csv".formatted(minute), "I," + (10 + minute) + ",m" + minute);
        }
        Pipeline.Result result = p.run("--max-batch-files", "2");
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        TableReport report = result.table("s.t");
        assertEquals(5, report.cdcFilesApplied());
        assertEquals(3, report.commits());
        assertEquals(5, report.rowsInserted());
        long expectedLag = java.time.Duration.between(Instant.parse("2024-06-12T10:06:00Z"), Instant.now()).getSeconds();
        assertTrue(Math.abs(report.lagSeconds() - expectedLag) < 120, "lag from the last file's name: " + report.lagSeconds());
        assertEquals(List.of("full-load LOAD00000001.csv..LOAD00000001.csv", "cdc 20240612-100100000.csv..20240612-100100000.csv",
                "cdc 20240612-100200000.csv..20240612-100300000.csv", "cdc 20240612-100400000.csv..20240612-100500000.csv",
                "cdc 20240612-100600000.csv..20240612-100600000.csv"), CrashRecoveryTest.commits(p.tablePath("s", "t")));
    }

    @Test
    void aRunWhoseTimeIsUpLeavesTheRestOfTheBacklogForTheNextRun() throws IOException {
        Pipeline p = loadedTable();
        for (int minute = 2; minute <= 4; minute++) {
            p.file("s/t/20240612-10%02d00000.csv".formatted(minute), "I," + (10 + minute) + ",m" + minute);
        }
        var definitions = io.dmsdelta.config.TableDefinitions.parse(TABLE, "test");
        var settings = io.dmsdelta.config.EndpointSettings.DMS_DEFAULTS;
        var spark = io.dmsdelta.testing.TestSpark.get();
        var storage = new io.dmsdelta.spark.Storage(spark.sparkContext().hadoopConfiguration());
        var source = SourceSelection.resolve(storage, p.source.toString(), java.util.Optional.empty(), definitions, settings);
        var timeIsUp = new Deadline(java.util.Optional.of(Instant.now()));
        var report = new RunService(spark, settings, java.util.Optional.empty(), new io.dmsdelta.report.Progress(System.err))
                .run(source, storage.qualify(p.target.toString()).toString(), definitions,
                        new RunService.Options(1, Long.MAX_VALUE, java.time.Duration.ofMinutes(15), timeIsUp, false, false, 1));
        TableReport first = report.table("s.t");
        assertEquals(TableStatus.APPLIED, first.status(), first.message());
        assertEquals(1, first.cdcFilesApplied());
        assertEquals(2, first.cdcFilesLeft());
        assertEquals(Reason.DEADLINE_REACHED, first.reason());
        assertTrue(first.message().startsWith("2 CDC file(s) left for the next run"));

        Pipeline.Result next = p.run();
        assertEquals(2, next.table("s.t").cdcFilesApplied());
        assertEquals(List.of("12|m2", "13|m3", "14|m4", "1|a1", "2|b"), p.rows("s", "t"));
    }

    @Test
    void rewindUndoesABadBatchAndTheNextRunAppliesItsFilesAgain() throws IOException {
        Pipeline p = loadedTable();
        long good = p.version("s", "t");
        Path bad = p.file("s/t/20240612-100200000.csv", "U,2,wrong", "D,1,");
        assertEquals(TableStatus.APPLIED, p.run().table("s.t").status());
        assertEquals(List.of("2|wrong"), p.rows("s", "t"));

        Pipeline.Result rewound = p.rewind("s.t", good);
        assertEquals(ExitCodes.OK, rewound.exitCode(), rewound.all());
        assertEquals(List.of("1|a1", "2|b"), p.rows("s", "t"));

        Files.writeString(bad, "U,2,right\n"); // the file fixed at the source, then applied again
        Pipeline.Result again = p.run();
        assertEquals(ExitCodes.OK, again.exitCode(), again.all());
        assertEquals(1, again.table("s.t").cdcFilesApplied());
        assertEquals(List.of("1|a1", "2|right"), p.rows("s", "t"));
        assertEquals(List.of(CommitKind.FULL_LOAD, CommitKind.CDC, CommitKind.CDC, CommitKind.REWIND, CommitKind.CDC),
                CrashRecoveryTest.commitKinds(p.tablePath("s", "t")));

        Pipeline.Result notEarlier = p.rewind("s.t", 99);
        assertEquals(ExitCodes.USAGE, notEarlier.exitCode(), notEarlier.all());
    }
}
