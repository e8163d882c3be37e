package io.dmsdelta.report;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;
import java.util.Locale;

/**
 * What a whole run did: one {@link TableReport} per table, as a console summary or as JSON
 * ({@code docs/run-report.schema.json}, version {@value #SCHEMA_VERSION}).
 *
 * @param schemaVersion the JSON form's version: fields are only ever added within a version
 * @param tables        in definition order, then the undefined table folders
 * @param durationMs    the run's duration
 * @param succeeded     no table ended FAILED or CONFLICT
 * @param warnings      about the run as a whole (how its source was found)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunReport(int schemaVersion, List<TableReport> tables, long durationMs, boolean succeeded,
                        List<String> warnings) {

    public static final int SCHEMA_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RunReport {
        tables = List.copyOf(tables);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static RunReport of(List<TableReport> tables, long durationMs, List<String> warnings) {
        return new RunReport(SCHEMA_VERSION, tables, durationMs, tables.stream().allMatch(TableReport::succeeded),
                warnings);
    }

    /** Whether any table ended with this status. */
    public boolean any(TableStatus status) {
        return tables.stream().anyMatch(t -> t.status() == status);
    }

    /** The table's report; fails when the run has none for it. */
    public TableReport table(String qualifiedName) {
        return tables.stream().filter(t -> t.table().equals(qualifiedName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no report for " + qualifiedName));
    }

    /** Whether the run could not register a table in the catalog ({@code --catalog-database}). */
    public boolean anyCatalogFailed() {
        return tables.stream().anyMatch(TableReport::catalogFailed);
    }

    /**
     * The Spark jobs the run's tables started, over all tables: jobs started outside a table's work are not counted,
     * nor tables without a count ({@link TableReport#sparkJobs}).
     */
    @JsonProperty("sparkJobs")
    public long sparkJobs() {
        return tables.stream().map(TableReport::sparkJobs).filter(java.util.Objects::nonNull)
                .mapToLong(Integer::longValue).sum();
    }

    /** Bad rows set aside in quarantine tables, over all tables. */
    public long rowsQuarantined() {
        return tables.stream().mapToLong(TableReport::rowsQuarantined).sum();
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RunReport fromJson(String json) {
        try {
            return JSON.readValue(json, RunReport.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a dms-delta run report: " + e.getOriginalMessage(), e);
        }
    }

    /** What happened to the table's catalog entry, when something did: an entry already right says nothing. */
    private static java.util.Optional<String> catalogLine(TableReport t) {
        CatalogReport entry = t.catalog();
        if (entry == null || entry.status() == CatalogReport.Status.UNCHANGED) {
            return java.util.Optional.empty();
        }
        if (entry.failed()) {
            return java.util.Optional.of(t.table() + " catalog FAILED (" + entry.table() + "): " + entry.message()
                    + " The table's data is committed as summarised; the next run tries the catalog again.");
        }
        return java.util.Optional.of(t.table() + " catalog: " + entry.status().name().toLowerCase(Locale.ROOT) + " "
                + entry.table() + (entry.message() != null ? " (" + entry.message() + ")" : ""));
    }

    /** A fixed-width table, one line per table, then the failures in full. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        String format = "%-32s %-10s %5s %10s %5s %10s %9s %9s %9s %8s%n";
        text.append(String.format(Locale.ROOT, format, "table", "status", "load", "load rows", "cdc",
                "changes", "inserted", "updated", "deleted", "seconds"));
        for (TableReport t : tables) {
            text.append(String.format(Locale.ROOT, format, t.table(), t.status(), t.loadFiles(), t.loadRows(),
                    t.cdcFilesApplied(), t.changeRowsRead(), t.rowsInserted(), t.rowsUpdated(), t.rowsDeleted(),
                    String.format(Locale.ROOT, "%.1f", t.durationMs() / 1000.0)));
        }
        for (TableReport t : tables) {
            if (t.message() != null) {
                text.append(System.lineSeparator()).append(t.table()).append(' ').append(t.status()).append(": ")
                        .append(t.message()).append(System.lineSeparator());
            }
            if (t.rowsQuarantined() > 0) {
                text.append(t.table()).append(" quarantined ").append(t.rowsQuarantined())
                        .append(" bad row(s) in ").append(t.quarantineTable())
                        .append(" (file, line, problems and text of each); the other rows were applied")
                        .append(System.lineSeparator());
            }
            t.warnings().forEach(w -> text.append(t.table()).append(" warning: ").append(w).append(System.lineSeparator()));
            catalogLine(t).ifPresent(line -> text.append(line).append(System.lineSeparator()));
        }
        warnings.forEach(w -> text.append("warning: ").append(w).append(System.lineSeparator()));
        long failed = tables.stream().filter(t -> !t.succeeded()).count();
        text.append(String.format(Locale.ROOT, "%n%d table(s), %d failed, %d row(s) quarantined, in %.1f s%n",
                tables.size(), failed, rowsQuarantined(), durationMs / 1000.0));
        return text.toString();
    }
}
