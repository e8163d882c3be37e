package io.dmsdelta.report;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines for long work, on standard error so standard output keeps only results. */
public final class Progress {
    /** Always with seconds: {@link LocalTime#toString} leaves them out on the full minute. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;

    public Progress(PrintStream out) {
        this.out = out;
    }

    public void table(String table, String message) {
        out.println(TIME.format(LocalTime.now()) + " [" + table + "] " + message);
        out.flush();
    }

    /** Rows per second, for progress lines. */
    public static String rate(long rows, long millis) {
        return String.format(java.util.Locale.ROOT, "%,d rows in %.1f s (%,.0f rows/s)", rows, millis / 1000.0,
                millis == 0 ? 0.0 : rows * 1000.0 / millis);
    }
}
