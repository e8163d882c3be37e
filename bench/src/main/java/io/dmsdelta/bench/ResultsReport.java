package io.dmsdelta.bench;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results as a fixed-width table for the terminal and as Markdown for docs/benchmarks.md: the command,
 * the machine, the settings, every step and the ratios.
 *
 * @param command     the command line that produced them
 * @param finished    when the run ended
 * @param machine     {@link MachineFacts#collect}
 * @param loadAverage the machine's load averages at the start and at the end of the run
 * @param settings    the harness's options and the Spark settings
 */
record ResultsReport(String command, Instant finished, Map<String, String> machine, String loadAverage,
                     Map<String, String> settings, Benchmark.Results results) {

    private static final String[] STEP_HEADINGS = {"step", "keys", "rows or changes", "seconds", "per second",
            "heap peak MB", "heap after GC MB", "results to driver MB", "detail"};
    private static final String[] RATIO_HEADINGS = {"ratio", "keys", "value", "target", "from"};
    private static final double MB = 1024.0 * 1024.0;

    String text() {
        StringBuilder text = new StringBuilder();
        text.append("dms-delta benchmark, ").append(timestamp()).append('\n');
        text.append("command: ").append(command).append('\n');
        text.append("machine: ").append(joined(machine)).append('\n');
        text.append("load average (1, 5, 15 min): ").append(loadAverage).append('\n');
        text.append("settings: ").append(joined(settings)).append("\n\n");
        text.append(fixedWidth(STEP_HEADINGS, stepRows())).append('\n');
        text.append(fixedWidth(RATIO_HEADINGS, ratioRows()));
        text.append("\nheap: in local mode the driver and executors share one JVM heap; \"heap after GC\" is what a step"
                + " retained, \"heap peak\" includes garbage the collector had not yet reclaimed; \"-\" for a fresh process,"
                + " whose heap the harness does not see.\n");
        return text.toString();
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("#### Run of ").append(timestamp()).append("\n\n");
        md.append("```\n").append(command).append("\n```\n\n");
        md.append("| machine | |\n| --- | --- |\n");
        machine.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        md.append("| load average (1, 5, 15 min), start / end | ").append(loadAverage).append(" |\n\n");
        md.append("| setting | |\n| --- | --- |\n");
        settings.forEach((name, value) -> md.append("| ").append(name).append(" | ").append(value).append(" |\n"));
        md.append('\n').append(markdownTable(STEP_HEADINGS, stepRows())).append('\n');
        md.append(markdownTable(RATIO_HEADINGS, ratioRows())).append('\n');
        return md.toString();
    }

    private String timestamp() {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(finished.atOffset(ZoneOffset.UTC));
    }

    private List<String[]> stepRows() {
        List<String[]> rows = new ArrayList<>();
        for (Measurement m : results.steps()) {
            rows.add(new String[]{m.step(), m.keys(), String.format(Locale.ROOT, "%,d", m.units()),
                    String.format(Locale.ROOT, "%.1f", m.seconds()), String.format(Locale.ROOT, "%,.0f", m.perSecond()),
                    megabytes("%,.0f", m.peakHeap()), megabytes("%,.0f", m.retainedHeap()),
                    megabytes("%.1f", m.driverResults()), m.detail()});
        }
        return rows;
    }

    private static String megabytes(String format, long bytes) {
        return bytes == Measurement.NOT_MEASURED ? "-" : String.format(Locale.ROOT, format, bytes / MB);
    }

    private List<String[]> ratioRows() {
        List<String[]> rows = new ArrayList<>();
        for (Ratio r : results.ratios()) {
            rows.add(new String[]{r.name(), r.keys(), String.format(Locale.ROOT, "%.2f", r.value()), r.target(), r.basis()});
        }
        return rows;
    }

    private static String joined(Map<String, String> values) {
        List<String> parts = new ArrayList<>();
        values.forEach((name, value) -> parts.add(name + " " + value));
        return String.join(", ", parts);
    }

    private static String fixedWidth(String[] headings, List<String[]> rows) {
        int[] widths = new int[headings.length];
        for (int i = 0; i < headings.length; i++) {
            widths[i] = headings[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder text = new StringBuilder();
        List<String[]> all = new ArrayList<>();
        all.add(headings);
        all.addAll(rows);
        for (String[] row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                // Names left-aligned, figures right-aligned; the last column is free text.
                boolean left = i < 2 || i == row.length - 1;
                String cell = left ? String.format("%-" + widths[i] + "s", row[i]) : String.format("%" + widths[i] + "s", row[i]);
                line.append(i == 0 ? "" : "  ").append(i == row.length - 1 ? row[i] : cell);
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }

    private static String markdownTable(String[] headings, List<String[]> rows) {
        StringBuilder md = new StringBuilder("| ").append(String.join(" | ", headings)).append(" |\n|");
        for (int i = 0; i < headings.length; i++) {
            md.append(i < 2 || i == headings.length - 1 ? " --- |" : " ---: |");
        }
        md.append('\n');
        for (String[] row : rows) {
            md.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return md.toString();
    }
}
