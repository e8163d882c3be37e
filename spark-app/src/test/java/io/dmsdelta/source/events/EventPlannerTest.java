package io.dmsdelta.source.events;

import io.dmsdelta.merge.CommitKind;
import io.dmsdelta.merge.CommitMetadata;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.report.Reason;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Which event files a sync applies: by arrival, late ones within the allowance, none twice. No Spark. */
class EventPlannerTest {

    static final PlanningRules RULES = new PlanningRules(3, 1L << 40, Duration.ofMinutes(15), Duration.ofHours(1),
            PlanningRules.CLOCK_SKEW);
    static final Duration LATE = Duration.ofMinutes(10);
    static final EventPlanner PLANNER = new EventPlanner(RULES, LATE);
    static final long T = 1_718_188_285_000L;
    static final TableState NO_TABLE = new TableState(false, -1, 0, Optional.empty(), Optional.empty(), Optional.empty());

    static EventFile file(String name, long storedAt, int partition) {
        return new EventFile("s3://b/topics/t/" + name, name, 100, storedAt, partition);
    }

    static Optional<EventFiles.Listing> listing(EventFile... files) {
        return Optional.of(new EventFiles.Listing("s3://b/topics/t", List.of(files), List.of()));
    }

    static TableState applied(long watermark, List<String> recent) {
        CommitMetadata metadata = new CommitMetadata("run", CommitKind.CDC, 1, "a", "b", watermark, null, recent);
        return new TableState(true, 3, watermark, Optional.of("debezium"), Optional.empty(),
                Optional.of(new TableState.LastCommit(3, new Timestamp(watermark), metadata)));
    }

    @Test
    void aNewTableTakesEveryFileInArrivalOrderAndItsFirstCommitCreatesIt() {
        SyncPlan plan = PLANNER.plan(NO_TABLE, listing(file("p=1/t+1+0.json", T + 2, 1), file("p=0/t+0+0.json", T + 1, 0)));
        SyncStep.ApplyEvents step = assertInstanceOf(SyncStep.ApplyEvents.class, plan.steps().get(0));
        assertEquals(List.of("p=0/t+0+0.json", "p=1/t+1+0.json"), step.files().stream().map(EventFile::name).toList());
        assertEquals(SyncStep.NO_TABLE, step.fromWatermark());
        assertEquals(T + 2, step.toWatermark());
        assertEquals(List.of("p=0/t+0+0.json", "p=1/t+1+0.json"), step.recentFiles());
    }

    @Test
    void filesStoredBeforeTheWatermarkWithinTheAllowanceAreAppliedUnlessRecordedAndOlderOnesAreNot() {
        long watermark = T + 60_000;
        SyncPlan plan = PLANNER.plan(applied(watermark, List.of("applied.json")), listing(
                file("old.json", watermark - LATE.toMillis() - 1, 0),
                file("applied.json", watermark - 1_000, 0),
                file("late.json", watermark - 2_000, 1),
                file("new.json", watermark + 5_000, 2)));
        SyncStep.ApplyEvents step = assertInstanceOf(SyncStep.ApplyEvents.class, plan.steps().get(0));
        assertEquals(List.of("late.json", "new.json"), step.files().stream().map(EventFile::name).toList());
        assertEquals(watermark, step.fromWatermark());
        assertEquals(watermark + 5_000, step.toWatermark());
        assertEquals(List.of("applied.json", "late.json", "new.json"), step.recentFiles());
    }

    @Test
    void aLateFileAloneStillMovesTheWatermarkSoItsCommitIsRecorded() {
        long watermark = T + 60_000;
        SyncPlan plan = PLANNER.plan(applied(watermark, List.of()), listing(file("late.json", watermark - 2_000, 1)));
        SyncStep.ApplyEvents step = assertInstanceOf(SyncStep.ApplyEvents.class, plan.steps().get(0));
        assertEquals(watermark + 1, step.toWatermark());
    }

    @Test
    void aBacklogIsAppliedInBatchesEachStartingWhereTheLastEnded() {
        SyncPlan plan = PLANNER.plan(NO_TABLE, listing(file("a", T + 1, 0), file("b", T + 2, 0), file("c", T + 3, 0),
                file("d", T + 4, 0)));
        assertEquals(2, plan.steps().size());
        SyncStep.ApplyEvents second = assertInstanceOf(SyncStep.ApplyEvents.class, plan.steps().get(1));
        assertEquals(T + 3, second.fromWatermark());
        assertEquals(List.of("d"), second.files().stream().map(EventFile::name).toList());
        assertEquals(4, plan.pending().size());
    }

    @Test
    void recordedNamesLeaveTheRecordOnceTheyAreOlderThanTheAllowance() {
        long watermark = T + 60_000;
        SyncPlan plan = PLANNER.plan(applied(watermark, List.of("x.json")), listing(
                file("x.json", watermark - 1_000, 0), file("y.json", watermark + LATE.toMillis(), 0)));
        SyncStep.ApplyEvents step = assertInstanceOf(SyncStep.ApplyEvents.class, plan.steps().get(0));
        assertEquals(List.of("y.json"), step.recentFiles());
    }

    @Test
    void nothingNewKeepsTheTableAndNoFolderOrNoFileYetSkipsIt() {
        long watermark = T + 60_000;
        SyncPlan upToDate = PLANNER.plan(applied(watermark, List.of("x.json")), listing(file("x.json", watermark, 0)));
        assertInstanceOf(SyncStep.EvolveSchema.class, upToDate.steps().get(0));
        SyncPlan.Skip noFolder = assertInstanceOf(SyncPlan.Skip.class, PLANNER.plan(NO_TABLE, Optional.empty()).halt().orElseThrow());
        assertEquals(Reason.NO_SOURCE_FOLDER, noFolder.code());
        assertInstanceOf(SyncPlan.Skip.class, PLANNER.plan(NO_TABLE, listing()).halt().orElseThrow());
    }
}
