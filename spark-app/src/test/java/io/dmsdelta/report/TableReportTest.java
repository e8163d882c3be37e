package io.dmsdelta.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A table's report completed after its sync: the time spent on it afterwards, and its Spark jobs. */
class TableReportTest {

    private static TableReport synced(Map<String, Long> phases) {
        return new TableReport("s.t", TableStatus.APPLIED, null, 0, 0, 1, 1, 0, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0, 1, 120,
                900, null, null, null, 3, 1200, List.of(), null, null, Map.of("read", 120L), null, phases, null);
    }

    @Test
    void timeSpentAfterTheSyncIsAPhaseOfItsOwnAndPartOfTheTablesTime() {
        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("state", 100L);
        phases.put("listing", 50L);
        phases.put("read", 120L);
        phases.put("apply", 300L);
        phases.put("commit", 600L);

        TableReport completed = synced(phases).completed(Map.of("catalog", 40L), 17);

        Map<String, Long> expected = new LinkedHashMap<>(phases);
        expected.put("catalog", 40L);
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(completed.syncPhaseMs().entrySet()), "in order");
        assertEquals(1240, completed.durationMs());
        assertEquals(17, completed.sparkJobs());
        assertEquals(Map.of("read", 120L), completed.phaseMs(), "the batches' detail stays as it was");
    }

    @Test
    void withoutPhasesAfterTheSyncOnlyTheJobCountIsAdded() {
        TableReport synced = synced(Map.of("state", 100L));
        TableReport completed = synced.completed(Map.of(), null);
        assertEquals(synced, completed);
    }
}
