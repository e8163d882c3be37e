package io.dmsdelta.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.List;
import java.util.Locale;

/** What a whole run did: one {@link TableReport} per table, as a console summary or as JSON. */
public final class RunReport {
    public final List<TableReport> tables;
    public final long durationMs;
    public final boolean succeeded;

    public RunReport(List<TableReport> tables, long durationMs) {
        this.tables = List.copyOf(tables);
        this.durationMs = durationMs;
        this.succeeded = tables.stream().allMatch(TableReport::succeeded);
    }

    /** Whether any table ended with this status. */
    public boolean any(TableStatus status) {
        return tables.stream().anyMatch(t -> t.status == status);
    }

    /** Bad rows set aside in quarantine tables, over all tables. */
    public long rowsQuarantined() {
        return tables.stream().mapToLong(TableReport::rowsQuarantined).sum();
    }

    public String toJson() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
                            com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.PUBLIC_ONLY)
                    .writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fixed-width table, one line per table, then the failures in full. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        String format = "%-32s %-10s %5s %10s %5s %10s %9s %9s %9s %8s%n";
        text.append(String.format(Locale.ROOT, format, "table", "status", "load", "load rows", "cdc",
                "changes", "inserted", "updated", "deleted", "seconds"));
        for (TableReport t : tables) {
            text.append(String.format(Locale.ROOT, format, t.table, t.status, t.loadFiles, t.loadRows,
                    t.cdcFilesApplied, t.changeRowsRead, t.rowsInserted, t.rowsUpdated, t.rowsDeleted,
                    String.format(Locale.ROOT, "%.1f", t.durationMs / 1000.0)));
        }
        for (TableReport t : tables) {
            if (t.message != null) {
                text.append(System.lineSeparator()).append(t.table).append(' ').append(t.status).append(": ")
                        .append(t.message).append(System.lineSeparator());
            }
            if (t.rowsQuarantined() > 0) {
                text.append(t.table).append(" quarantined ").append(t.rowsQuarantined())
                        .append(" bad row(s) in ").append(t.quarantineTable)
                        .append(" (file, line, problems and text of each); the other rows were applied")
                        .append(System.lineSeparator());
            }
            t.warnings.forEach(w -> text.append(t.table).append(" warning: ").append(w).append(System.lineSeparator()));
        }
        long failed = tables.stream().filter(t -> !t.succeeded()).count();
        text.append(String.format(Locale.ROOT, "%n%d table(s), %d failed, %d row(s) quarantined, in %.1f s%n",
                tables.size(), failed, rowsQuarantined(), durationMs / 1000.0));
        return text.toString();
    }
}
