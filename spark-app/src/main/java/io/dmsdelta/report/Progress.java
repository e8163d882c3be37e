package io.dmsdelta.report;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import static java.util.Objects.requireNonNull;

/**
 * Progress lines for long work, {@code HH:mm:ss [table] message}, for people watching: on standard error on the
 * command line, so standard output keeps only results. The log (SLF4J) gets each line too, at DEBUG, for deployments
 * that keep logs rather than standard error; failures' stack traces go to the log alone, never among these lines.
 */
public final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    /** Always with seconds: {@link LocalTime#toString} leaves them out on the full minute. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintWriter out;

    /** @param out where the lines go, each flushed at once (tables in parallel write their lines to it) */
    public Progress(PrintWriter out) {
        this.out = requireNonNull(out, "out");
    }

    /** Lines to a stream, such as {@code System.err}. */
    public Progress(PrintStream out) {
        this(new PrintWriter(out));
    }

    public void table(String table, String message) {
        out.println(TIME.format(LocalTime.now()) + " [" + table + "] " + message);
        out.flush();
        LOG.debug("[{}] {}", table, message);
    }

    /** Rows per second, for progress lines. */
    public static String rate(long rows, long millis) {
        return String.format(java.util.Locale.ROOT, "%,d rows in %.1f s (%,.0f rows/s)", rows, millis / 1000.0,
                millis == 0 ? 0.0 : rows * 1000.0 / millis);
    }
}
