package io.dmsdelta.pipeline;

import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@code run --watch}: passes over every table, one every {@code interval}, in the same Spark application, so the
 * start-up (a Glue run's minute, the session, the classes) is paid once for many passes. It stops when the deadline
 * is reached or when no pass has applied anything for {@code idleTime}.
 *
 * @param interval from the start of one pass to the start of the next; a longer pass is followed at once
 * @param idleTime how long without a pass that applied anything before stopping; zero never stops for idleness
 * @param deadline when to stop starting passes (and, inside a pass, tables and batches)
 * @param clock    the time, and {@code sleeper} the wait between passes: the system's, or a test's
 */
public record Watch(Duration interval, Duration idleTime, Deadline deadline, Clock clock, Sleeper sleeper) {

    /** Waits for a duration. */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** A watch on the system's clock. */
    public Watch(Duration interval, Duration idleTime, Deadline deadline) {
        this(interval, idleTime, deadline, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    public Watch {
        requireNonNull(interval, "interval");
        requireNonNull(idleTime, "idleTime");
        requireNonNull(deadline, "deadline");
        requireNonNull(clock, "clock");
        requireNonNull(sleeper, "sleeper");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
    }

    /**
     * @param pass     runs one pass over the tables
     * @param afterEach receives each pass's report (summary, --report) as it ends
     * @return the last pass's report: its tables say how the watch ended
     */
    public RunReport run(Supplier<RunReport> pass, Consumer<RunReport> afterEach) throws InterruptedException {
        Instant lastApplied = clock.instant();
        while (true) {
            Instant started = clock.instant();
            RunReport report = pass.get();
            afterEach.accept(report);
            if (report.any(TableStatus.APPLIED)) {
                lastApplied = clock.instant();
            }
            Instant next = started.plus(interval);
            boolean idle = !idleTime.isZero() && !Duration.between(lastApplied, next).minus(idleTime).isNegative();
            if (idle || deadline.at().map(next::isAfter).orElse(false)) {
                return report;
            }
            Duration wait = Duration.between(clock.instant(), next);
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
    }
}
