package io.dmsdelta.init;

import java.util.List;
import java.util.Locale;

/** Init's report on standard output: a line per table with its notes under it, then what was written. */
public final class InitSummary {

    private static final String NOTE_INDENT = "      ";

    private InitSummary() {
    }

    /** The per-table lines, sorted by table. */
    public static String tables(Reconciliation reconciliation) {
        StringBuilder out = new StringBuilder();
        int width = reconciliation.outcomes().stream().mapToInt(o -> o.name().qualified().length()).max().orElse(1);
        for (TableOutcome outcome : reconciliation.outcomes()) {
            out.append(String.format(Locale.ROOT, "  %-12s %-" + width + "s  %s%n", outcome.status().label(),
                    outcome.name().qualified(), outcome.summary()));
            for (String detail : outcome.details()) {
                out.append(NOTE_INDENT).append("- ").append(detail).append(System.lineSeparator());
            }
        }
        return out.toString();
    }

    /** "4 tables (2 new, 1 changed, 1 unchanged)" and what was left out. */
    public static String counts(Reconciliation reconciliation) {
        int written = reconciliation.definitions().size();
        StringBuilder out = new StringBuilder(written + (written == 1 ? " table" : " tables"));
        List<String> parts = new java.util.ArrayList<>();
        for (InitStatus status : List.of(InitStatus.NEW, InitStatus.CHANGED, InitStatus.ACCEPTED, InitStatus.UNCHANGED,
                InitStatus.KEPT)) {
            long n = reconciliation.count(status);
            if (n > 0) {
                parts.add(n + " " + status.name().toLowerCase(Locale.ROOT));
            }
        }
        if (!parts.isEmpty()) {
            out.append(" (").append(String.join(", ", parts)).append(')');
        }
        long skipped = reconciliation.count(InitStatus.SKIPPED);
        long removed = reconciliation.count(InitStatus.REMOVED);
        if (skipped > 0) {
            out.append("; ").append(skipped).append(skipped == 1 ? " table" : " tables").append(" left out (SKIPPED)");
        }
        if (removed > 0) {
            out.append("; ").append(removed).append(" removed");
        }
        return out.toString();
    }
}
