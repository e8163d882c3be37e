package io.dmsdelta.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.testing.ReportSchema;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's JSON form against {@code docs/run-report.schema.json}: every field the schema requires is written,
 * with its type, and nothing the schema does not describe ({@link ReportSchema}; every report a {@code Pipeline} run
 * writes is checked the same way).
 */
class RunReportSchemaTest {

    static final JsonNode SCHEMA = ReportSchema.SCHEMA;

    private static void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        ReportSchema.check(value, schema, at, problems);
    }

    /** A report with a table of each shape, as JSON. */
    static RunReport sample() {
        TableReport applied = new TableReport("s.t", TableStatus.APPLIED, null, 1, 10, 2, 2, 0, 2, 5, 4, 1, 2, 1, 0, 1,
                7, 1, 0, 2, 120, 900,
                "file:/w/_quarantine/s/t", "file:/d/s/t/20240612-100000000.csv", 77L, 3, 1200, List.of("ignored x"))
                .withCatalog(new CatalogReport("lake.s_t", CatalogReport.Status.UPDATED, "added column(s) x int"))
                .completed(Map.of("catalog", 30L), 41);
        TableReport skipped = TableReport.without("hr.salaries", TableStatus.SKIPPED, Reason.NO_DEFINITION,
                "no definition");
        TableReport unregistered = TableReport.without("s.u", TableStatus.UP_TO_DATE, null, null)
                .withCatalog(new CatalogReport("lake.s_u", CatalogReport.Status.FAILED, "Glue refused CreateTable"));
        return RunReport.of(List.of(applied, skipped, unregistered), 1500, List.of("derived"));
    }

    @Test
    void aReportFitsTheSchemaAndReadsBack() throws Exception {
        RunReport report = sample();
        List<String> problems = new ArrayList<>();
        check(new ObjectMapper().readTree(report.toJson()), SCHEMA, "$", problems);
        assertEquals(List.of(), problems);
        assertEquals(report, RunReport.fromJson(report.toJson()), "the JSON reads back into the same report");
    }

    @Test
    void theRunsSparkJobsAreItsTablesAddedUp() throws Exception {
        TableReport counted = sample().tables().get(0);
        RunReport report = RunReport.of(List.of(counted, counted.completed(Map.of(), 9),
                TableReport.without("s.u", TableStatus.DEFERRED, Reason.DEADLINE_REACHED, "deferred")), 10, List.of());
        assertEquals(50, report.sparkJobs(), "41 and 9; a table without a count adds none");
        assertEquals(50, new ObjectMapper().readTree(report.toJson()).path("sparkJobs").asLong(), "in the JSON too");
    }

    /** A report of a version before reason codes, the catalog, phases and job counts: what it lacks reads as absent. */
    @Test
    void aReportOfAnEarlierVersionReadsBack() {
        RunReport old = RunReport.fromJson("""
                {"schemaVersion": 1, "durationMs": 1500, "succeeded": true, "warnings": [], "tables": [
                 {"table": "s.t", "status": "APPLIED", "message": null, "loadFiles": 0, "loadRows": 0,
                  "cdcFilesApplied": 1, "cdcFilesPending": 1, "cdcFilesLeft": 0, "commits": 1, "changeRowsRead": 2,
                  "changedKeys": 2, "rowsInserted": 1, "rowsUpdated": 1, "rowsDeleted": 0, "loadRowsQuarantined": 0,
                  "changeRowsQuarantined": 0, "rowsCopied": 0, "filesAdded": 1, "filesRemoved": 0, "deletionVectors": 1,
                  "readMs": 120, "commitMs": 900, "quarantineTable": null,
                  "lastAppliedFile": "file:/d/s/t/20240612-100000000.csv", "lagSeconds": 77, "deltaVersion": 3,
                  "durationMs": 1200, "warnings": []}]}""");
        TableReport table = old.table("s.t");
        assertEquals(new TableReport("s.t", TableStatus.APPLIED, null, 0, 0, 1, 1, 0, 1, 2, 2, 1, 1, 0, 0, 0, 0, 1, 0,
                1, 120, 900, null, "file:/d/s/t/20240612-100000000.csv", 77L, 3, 1200, List.of()), table);
        assertEquals(List.of(Map.of(), Map.of()), List.of(table.phaseMs(), table.syncPhaseMs()));
        assertNull(table.sparkJobs());
        assertEquals(0, old.sparkJobs());
    }

    @Test
    void theCheckFindsWhatDoesNotFit() throws Exception {
        JsonNode wrong = new ObjectMapper().readTree("""
                {"schemaVersion": 1, "tables": [{"table": "s.t", "status": "DONE"}], "durationMs": -1, "extra": true,
                 "succeeded": "yes", "warnings": []}""");
        List<String> problems = new ArrayList<>();
        check(wrong, SCHEMA, "$", problems);
        assertTrue(problems.contains("$.extra: not in the schema"), problems.toString());
        assertTrue(problems.contains("$.succeeded: not boolean"), problems.toString());
        assertTrue(problems.contains("$.durationMs: below 0"), problems.toString());
        assertTrue(problems.contains("$.tables[0].status: \"DONE\" is not one of the values"), problems.toString());
        assertTrue(problems.contains("$.tables[0]: lacks loadFiles"), problems.toString());
    }

    @Test
    void aCatalogEntryHasItsNameStatusAndMessage() throws Exception {
        JsonNode wrong = new ObjectMapper().readTree("""
                {"table": "lake.s_t", "status": "DONE", "extra": 1}""");
        List<String> problems = new ArrayList<>();
        check(wrong, SCHEMA.path("$defs").path("catalog"), "$", problems);
        assertEquals(List.of("$: lacks message", "$.status: \"DONE\" is not one of the values",
                "$.extra: not in the schema"), problems);
        assertEquals(names(CatalogReport.Status.values()), listed("catalog", "status"));
    }

    /** Every status and reason the code has is one the schema lists; a table without a message has no reason. */
    @Test
    void theSchemaListsEveryStatusAndReason() {
        assertEquals(names(TableStatus.values()), listed("table", "status"));
        List<String> reasons = new ArrayList<>(names(Reason.values()));
        reasons.add("null");
        assertEquals(reasons, listed("table", "reason"));
    }

    private static List<String> names(Enum<?>[] values) {
        return java.util.Arrays.stream(values).map(Enum::name).toList();
    }

    /** The values the schema allows for a property of one of its definitions. */
    private static List<String> listed(String definition, String property) {
        List<String> listed = new ArrayList<>();
        SCHEMA.path("$defs").path(definition).path("properties").path(property).path("enum")
                .forEach(s -> listed.add(s.asText()));
        return listed;
    }
}
