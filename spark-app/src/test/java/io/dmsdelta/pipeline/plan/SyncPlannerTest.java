package io.dmsdelta.pipeline.plan;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileNames;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.report.Reason;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner's rules, on recorded states and listings built in memory: no Spark, no storage. */
class SyncPlannerTest {

    static final String FOLDER = "s3://bucket/dms/s/t";
    static final Instant T0 = Instant.parse("2024-06-12T10:00:00Z");
    static final PlanningRules RULES = new PlanningRules(100, 1L << 40, Duration.ofMinutes(15), Duration.ofHours(1),
            Duration.ofSeconds(10));
    static final SyncPlanner PLANNER = new SyncPlanner(RULES);

    static DmsFile load(String name, Instant stored) {
        return new DmsFile(FOLDER + "/" + name, name.substring(name.lastIndexOf('/') + 1), 100, stored.toEpochMilli(),
                DmsFileKind.LOAD, 0);
    }

    /** A CDC file named {@code name} ("yyyyMMdd-HHmmssSSS"), stored a second after its name's time. */
    static DmsFile cdc(String name) {
        return cdc(name, 100);
    }

    static DmsFile cdc(String name, long size) {
        long nanos = DmsFileNames.cdcTimestampNanos(name + ".csv").orElseThrow();
        return new DmsFile(FOLDER + "/" + name + ".csv", name + ".csv", size, nanos / 1_000_000 + 1000, DmsFileKind.CDC, nanos);
    }

    static TableFiles files(List<DmsFile> load, List<DmsFile> cdc) {
        return new TableFiles(load, cdc, List.of());
    }

    static final TableState NONE = new TableState(false, -1, 0, Optional.empty(), Optional.empty(), Optional.empty());

    /** A table loaded from {@code load}, its last commit of {@code kind}, watermark {@code watermark}, listed at {@code listed}. */
    static TableState loaded(List<DmsFile> load, CommitKind kind, long watermark, Instant listed) {
        LoadSet set = LoadSet.of(load);
        CommitMetadata metadata = new CommitMetadata("run", kind, 1, "a", "b", listed.toEpochMilli(), TrailingGroups.NONE);
        return new TableState(true, 3, watermark, Optional.of(set.fingerprint()), Optional.of(set.storedUpTo()),
                Optional.of(new TableState.LastCommit(3, Timestamp.from(listed), metadata)));
    }

    static long nanos(String cdcName) {
        return DmsFileNames.cdcTimestampNanos(cdcName + ".csv").orElseThrow();
    }

    private static SyncPlan plan(TableState state, TableFiles files, Instant now) {
        return PLANNER.plan(state, Optional.of(files), FOLDER, now);
    }

    private static List<String> names(List<DmsFile> files) {
        return files.stream().map(DmsFile::name).toList();
    }

    @Test
    void noFolderSkipsTheTableWhetherOrNotItExists() {
        SyncPlan none = PLANNER.plan(NONE, Optional.empty(), FOLDER, T0);
        assertTrue(none.steps().isEmpty());
        SyncPlan.Skip noFolder = (SyncPlan.Skip) none.halt().orElseThrow();
        assertEquals(Reason.NO_SOURCE_FOLDER, noFolder.code());
        assertTrue(noFolder.reason().contains("DMS writes none for an empty table"));
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0));
        SyncPlan gone = PLANNER.plan(loaded(load, CommitKind.CDC, nanos("20240612-100500000"), T0), Optional.empty(), FOLDER, T0);
        SyncPlan.Skip goneFolder = (SyncPlan.Skip) gone.halt().orElseThrow();
        assertEquals(Reason.SOURCE_FOLDER_GONE, goneFolder.code());
        assertTrue(goneFolder.reason().contains("is gone; the table was left as it was"));
    }

    @Test
    void aNewTableIsLoadedAtOnceThenItsCdcFilesApply() {
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0), load("LOAD00000002.csv", T0));
        SyncPlan plan = plan(NONE, files(load, List.of(cdc("20240612-100100000"), cdc("20240612-100200000"))), T0);
        assertEquals(Optional.empty(), plan.halt());
        SyncStep.Load step = (SyncStep.Load) plan.steps().get(0);
        assertEquals(CommitKind.FULL_LOAD, step.kind());
        assertEquals(List.of("LOAD00000001.csv", "LOAD00000002.csv"), names(step.files()));
        assertEquals(0, step.watermark());
        assertEquals(false, step.replace());
        SyncStep.Apply apply = (SyncStep.Apply) plan.steps().get(1);
        assertEquals(List.of("20240612-100100000.csv", "20240612-100200000.csv"), names(apply.files()));
        assertEquals(0, apply.fromWatermark());
        assertEquals(nanos("20240612-100200000"), apply.toWatermark());
    }

    @Test
    void anUpToDateTableOnlyChecksItsColumns() {
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0));
        TableState state = loaded(load, CommitKind.CDC, nanos("20240612-100100000"), T0.plusSeconds(600));
        SyncPlan plan = plan(state, files(load, List.of(cdc("20240612-100100000"))), T0.plusSeconds(600));
        assertEquals(List.of(new SyncStep.EvolveSchema()), plan.steps());
        assertEquals(List.of("20240612-100100000.csv"), names(plan.applied()));
    }

    @Test
    void aBacklogIsAppliedInBatchesOfBoundedFilesAndBytesEachFromTheLastOnesWatermark() {
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0));
        List<DmsFile> cdc = new ArrayList<>();
        for (int minute = 1; minute <= 5; minute++) {
            cdc.add(cdc("20240612-10%02d00000".formatted(minute), minute == 4 ? 2000 : 100));
        }
        TableState state = loaded(load, CommitKind.FULL_LOAD, 0, T0);
        SyncPlanner bounded = new SyncPlanner(new PlanningRules(2, 1000, RULES.reloadQuietPeriod(), RULES.cdcNameAhead(),
                RULES.clockSkew()));
        List<SyncStep> steps = bounded.plan(state, Optional.of(files(load, cdc)), FOLDER, T0).steps();
        assertEquals(List.of(List.of("20240612-100100000.csv", "20240612-100200000.csv"), List.of("20240612-100300000.csv"),
                List.of("20240612-100400000.csv"), List.of("20240612-100500000.csv")),
                steps.stream().map(s -> names(((SyncStep.Apply) s).files())).toList(),
                "2 files at most, 1000 bytes at most, and a larger file alone");
        assertEquals(List.of(0L, nanos("20240612-100200000"), nanos("20240612-100300000"), nanos("20240612-100400000")),
                steps.stream().map(s -> ((SyncStep.Apply) s).fromWatermark()).toList());
        assertEquals(List.of(1, 2, 3, 4), steps.stream().map(s -> ((SyncStep.Apply) s).chunk()).toList());
    }

    @Test
    void aCdcFileStoredAfterTheLastListingBelowTheWatermarkIsLate() {
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0));
        TableState state = loaded(load, CommitKind.CDC, nanos("20240612-100500000"), T0.plusSeconds(301));
        DmsFile late = new DmsFile(FOLDER + "/20240612-100300000.csv", "20240612-100300000.csv", 100,
                T0.plusSeconds(900).toEpochMilli(), DmsFileKind.CDC, nanos("20240612-100300000"));
        SyncPlan plan = plan(state, files(load, List.of(late, cdc("20240612-100500000"), cdc("20240612-100600000"))),
                T0.plusSeconds(900));
        assertTrue(plan.steps().isEmpty(), "nothing is applied past a late file");
        SyncPlan.Refuse refuse = (SyncPlan.Refuse) plan.halt().orElseThrow();
        assertEquals(late.path(), refuse.errors().get(0).file());
        assertTrue(refuse.errors().get(0).problem().startsWith("arrived after CDC files named later than it were applied"));
    }

    @Test
    void aCdcFileNamedFarAheadOfItsStorageTimeIsRefused() {
        List<DmsFile> load = List.of(load("LOAD00000001.csv", T0));
        DmsFile ahead = new DmsFile(FOLDER + "/20991231-000000000.csv", "20991231-000000000.csv", 100,
                T0.toEpochMilli(), DmsFileKind.CDC, nanos("20991231-000000000"));
        SyncPlan plan = plan(loaded(load, CommitKind.FULL_LOAD, 0, T0), files(load, List.of(cdc("20240612-100100000"), ahead)), T0);
        SyncPlan.Refuse refuse = (SyncPlan.Refuse) plan.halt().orElseThrow();
        assertEquals(List.of(ahead.path()), refuse.errors().stream().map(e -> e.file()).toList());
        assertTrue(plan.steps().isEmpty());
    }

    /** A table loaded at T0 with one CDC file applied, and DMS writing a new LOAD set an hour later. */
    private static TableState appliedOnce(List<DmsFile> oldLoad) {
        return loaded(oldLoad, CommitKind.CDC, nanos("20240612-100100000"), T0.plusSeconds(61));
    }

    @Test
    void aReloadBeingWrittenLeavesTheTableAsItIsUntilItsSetIsComplete() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0));
        Instant reload = T0.plusSeconds(3600);
        List<DmsFile> partial = List.of(load("LOAD00000001.csv", reload), load("LOAD00000002.csv", reload.plusSeconds(60)));
        SyncPlan waiting = plan(appliedOnce(oldLoad), files(partial, List.of(cdc("20240612-100100000"))),
                reload.plusSeconds(120));
        assertTrue(waiting.steps().isEmpty());
        assertTrue(((SyncPlan.Wait) waiting.halt().orElseThrow()).reason().startsWith("DMS is writing a new LOAD set"
                + " (a reload): 2 LOAD file(s) so far, the newest stored at 2024-06-12T11:01:00Z."));
    }

    @Test
    void aReloadIsCompleteWhenACdcFileIsWrittenAfterItsNewestLoadFileAndOnlyLaterCdcFilesFollowIt() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0));
        Instant reload = T0.plusSeconds(3600);
        List<DmsFile> newLoad = List.of(load("LOAD00000001.csv", reload), load("LOAD00000002.csv", reload.plusSeconds(60)));
        List<DmsFile> cdc = List.of(cdc("20240612-100100000"), cdc("20240612-103000000"), cdc("20240612-105955000"),
                cdc("20240612-110200000"));
        SyncPlan plan = plan(appliedOnce(oldLoad), files(newLoad, cdc), reload.plusSeconds(130));
        assertEquals(Optional.empty(), plan.halt());
        SyncStep.Load step = (SyncStep.Load) plan.steps().get(0);
        assertEquals(CommitKind.RELOAD, step.kind());
        assertEquals(true, step.replace());
        assertEquals((reload.toEpochMilli() - 10_000) * 1_000_000L, step.watermark(), "the reload's start, less the skew");
        assertEquals(List.of("20240612-105955000.csv", "20240612-110200000.csv"),
                names(((SyncStep.Apply) plan.steps().get(1)).files()), "only what DMS wrote after the reload began");
    }

    @Test
    void aReloadIsCompleteAfterTheQuietPeriodWithNoCdcFile() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0));
        Instant reload = T0.plusSeconds(3600);
        List<DmsFile> newLoad = List.of(load("LOAD00000001.csv", reload));
        assertInstanceOf(SyncPlan.Wait.class, plan(appliedOnce(oldLoad), files(newLoad, List.of()),
                reload.plus(Duration.ofMinutes(14))).halt().orElseThrow());
        SyncPlan plan = plan(appliedOnce(oldLoad), files(newLoad, List.of()), reload.plus(Duration.ofMinutes(15)));
        assertEquals(CommitKind.RELOAD, ((SyncStep.Load) plan.steps().get(0)).kind());
    }

    @Test
    void aReloadWithACounterMissingWaitsThenIsRefusedNamingTheMissingFile() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0));
        Instant reload = T0.plusSeconds(3600);
        List<DmsFile> gap = List.of(load("LOAD00000001.csv", reload), load("LOAD00000003.csv", reload.plusSeconds(60)));
        List<DmsFile> after = List.of(cdc("20240612-111000000"));
        assertInstanceOf(SyncPlan.Wait.class, plan(appliedOnce(oldLoad), files(gap, after), reload.plusSeconds(700))
                .halt().orElseThrow(), "a CDC file after it does not make a set with a gap complete");
        SyncPlan.Refuse refuse = (SyncPlan.Refuse) plan(appliedOnce(oldLoad), files(gap, after), reload.plus(Duration.ofHours(1)))
                .halt().orElseThrow();
        assertEquals(FOLDER + "/LOAD00000002.csv", refuse.errors().get(0).file());
    }

    @Test
    void aReloadReplacingFilesOneByOneWaitsThenAsksForTheOldFilesLeftBehind() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0), load("LOAD00000002.csv", T0));
        Instant reload = T0.plusSeconds(3600);
        List<DmsFile> mixed = List.of(load("LOAD00000001.csv", reload), load("LOAD00000002.csv", T0));
        assertInstanceOf(SyncPlan.Wait.class, plan(appliedOnce(oldLoad), files(mixed, List.of()), reload.plusSeconds(60))
                .halt().orElseThrow());
        SyncPlan.Refuse refuse = (SyncPlan.Refuse) plan(appliedOnce(oldLoad), files(mixed, List.of()),
                reload.plus(Duration.ofHours(1))).halt().orElseThrow();
        assertTrue(refuse.errors().get(0).problem().contains("or remove the old LOAD files"));
    }

    @Test
    void aLoadFileBesideLoadedOnesThatStartsNoSetIsRefusedAtOnce() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0));
        List<DmsFile> stray = List.of(load("LOAD00000001.csv", T0), load("LOAD00000002.csv", T0.plusSeconds(3600)));
        SyncPlan plan = plan(appliedOnce(oldLoad), files(stray, List.of()), T0.plusSeconds(3601));
        SyncPlan.Refuse refuse = (SyncPlan.Refuse) plan.halt().orElseThrow();
        assertEquals(List.of(FOLDER + "/LOAD00000002.csv"), refuse.errors().stream().map(e -> e.file()).toList());
    }

    @Test
    void loadFilesRemovedAfterCdcWasAppliedAreNoReload() {
        List<DmsFile> oldLoad = List.of(load("LOAD00000001.csv", T0), load("LOAD00000002.csv", T0));
        SyncPlan plan = plan(appliedOnce(oldLoad), files(oldLoad.subList(0, 1), List.of(cdc("20240612-100100000"))),
                T0.plusSeconds(3600));
        assertEquals(List.of(new SyncStep.EvolveSchema()), plan.steps());
        assertTrue(plan.warnings().get(0).startsWith("LOAD files were removed since the table was loaded"));
    }

    @Test
    void aLoadSetThatGrowsBeforeAnyCdcFileIsAppliedIsLoadedAgainWithTheSameKind() {
        List<DmsFile> first = List.of(load("LOAD00000001.csv", T0));
        List<DmsFile> grown = List.of(load("LOAD00000001.csv", T0), load("LOAD00000002.csv", T0.plusSeconds(60)));
        SyncStep.Load again = (SyncStep.Load) plan(loaded(first, CommitKind.FULL_LOAD, 0, T0), files(grown, List.of()),
                T0.plusSeconds(61)).steps().get(0);
        assertEquals(CommitKind.FULL_LOAD, again.kind());
        assertEquals(1, again.watermark(), "above the recorded one, for Delta to record it");
        assertEquals(2, again.files().size());

        long cutoff = (T0.toEpochMilli() - 10_000) * 1_000_000L;
        SyncStep.Load reloadAgain = (SyncStep.Load) plan(loaded(first, CommitKind.RELOAD, cutoff, T0), files(grown, List.of()),
                T0.plusSeconds(61)).steps().get(0);
        assertEquals(CommitKind.RELOAD, reloadAgain.kind());
        assertEquals(cutoff + 1, reloadAgain.watermark(), "the same cut-off for CDC files");
    }
}
