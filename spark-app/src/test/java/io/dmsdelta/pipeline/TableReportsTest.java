package io.dmsdelta.pipeline;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.pipeline.steps.StepOutcome;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A table's message and its reason come together, from how the sync ended or from what its steps found. */
class TableReportsTest {

    static final List<StepOutcome> APPLIED_BY_ANOTHER_RUN = List.of(new StepOutcome.AlreadyApplied(List.of(
            new DmsFile("file:/dms/s/t/20240612-100000000.csv", "20240612-100000000.csv", 10, 1, DmsFileKind.CDC,
                    1_718_186_400_000_000_000L)), List.of()));

    private static TableReport of(TableStatus status, Reason reason, String message, List<StepOutcome> outcomes) {
        return TableReports.of("s.t", status, reason, message, Optional.empty(), Optional.empty(), outcomes, 0,
                Map.of(), 5);
    }

    @Test
    void aPlainSuccessHasNeitherMessageNorReason() {
        TableReport report = of(null, null, null, List.of());
        assertEquals(TableStatus.UP_TO_DATE, report.status());
        assertNull(report.message());
        assertNull(report.reason());
    }

    @Test
    void filesAnotherRunHadAppliedAreANoteWithItsReason() {
        TableReport report = of(null, null, null, APPLIED_BY_ANOTHER_RUN);
        assertEquals(TableStatus.UP_TO_DATE, report.status());
        assertEquals(Reason.ALREADY_APPLIED, report.reason());
        assertEquals("another run had already applied these files; nothing was written", report.message());
    }

    @Test
    void theSyncsPhasesAreReportedAsTimedAndItsJobsAreCountedLater() {
        Map<String, Long> phases = new java.util.LinkedHashMap<>();
        phases.put("state", 3L);
        phases.put("listing", 1L);
        phases.put("align", 1L);
        TableReport report = TableReports.of("s.t", null, null, null, Optional.empty(), Optional.empty(), List.of(), 0,
                phases, 5);
        assertEquals(List.copyOf(phases.entrySet()), List.copyOf(report.syncPhaseMs().entrySet()));
        assertEquals(5, report.durationMs());
        assertNull(report.sparkJobs(), "counted by the run, around the sync");
    }

    @Test
    void howTheSyncEndedComesFirst() {
        TableReport report = of(null, Reason.DEADLINE_REACHED, "1 CDC file(s) left for the next run",
                APPLIED_BY_ANOTHER_RUN);
        assertEquals(TableStatus.UP_TO_DATE, report.status());
        assertEquals(Reason.DEADLINE_REACHED, report.reason());
        assertEquals("1 CDC file(s) left for the next run", report.message());

        TableReport failed = of(TableStatus.FAILED, Reason.BAD_INPUT, "s.t: bad input in 1 place", List.of());
        assertEquals(List.of(TableStatus.FAILED, Reason.BAD_INPUT), List.of(failed.status(), failed.reason()));
    }
}
