package io.dmsdelta.pipeline;

import io.dmsdelta.report.RunReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When {@code run --watch} starts passes and when it stops, on a clock the test moves: no Spark, no waiting. */
class WatchTest {

    /** A clock that only the sleeper and the passes move. */
    static final class FakeClock extends Clock {
        Instant now = Instant.parse("2024-06-12T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    static RunReport pass(TableStatus status) {
        return RunReport.of(List.of(TableReport.without("s.t", status, null, null)), 0, List.of());
    }

    /** Runs a watch over passes ending with these statuses, each taking {@code passTime}; the times passes started. */
    private static List<Instant> watch(Duration interval, Duration idle, Optional<Instant> deadline, Duration passTime,
                                       TableStatus... statuses) throws InterruptedException {
        FakeClock clock = new FakeClock();
        Iterator<TableStatus> next = List.of(statuses).iterator();
        List<Instant> starts = new ArrayList<>();
        new Watch(interval, idle, new Deadline(deadline), clock, d -> clock.now = clock.now.plus(d)).run(() -> {
            starts.add(clock.now);
            clock.now = clock.now.plus(passTime);
            return pass(next.hasNext() ? next.next() : TableStatus.UP_TO_DATE);
        }, report -> { });
        return starts;
    }

    @Test
    void passesStartOneIntervalApartAndStopWhenNothingWasAppliedForTheIdleTime() throws InterruptedException {
        List<Instant> starts = watch(Duration.ofSeconds(60), Duration.ofMinutes(3), Optional.empty(), Duration.ofSeconds(5),
                TableStatus.APPLIED, TableStatus.UP_TO_DATE, TableStatus.APPLIED);
        Instant t0 = Instant.parse("2024-06-12T10:00:00Z");
        // Applied at 0:05 and 2:05; the passes at 3:00, 4:00 and 5:00 find nothing; the next, at 6:00, would start
        // 3:55 after the last applied change, past the idle time.
        assertEquals(List.of(t0, t0.plusSeconds(60), t0.plusSeconds(120), t0.plusSeconds(180), t0.plusSeconds(240),
                t0.plusSeconds(300)), starts);
    }

    @Test
    void aPassLongerThanTheIntervalIsFollowedAtOnce() throws InterruptedException {
        List<Instant> starts = watch(Duration.ofSeconds(60), Duration.ofSeconds(100), Optional.empty(),
                Duration.ofSeconds(90), TableStatus.APPLIED, TableStatus.UP_TO_DATE);
        Instant t0 = Instant.parse("2024-06-12T10:00:00Z");
        assertEquals(List.of(t0, t0.plusSeconds(90), t0.plusSeconds(180)), starts);
    }

    @Test
    void noPassStartsAfterTheDeadline() throws InterruptedException {
        Instant t0 = Instant.parse("2024-06-12T10:00:00Z");
        List<Instant> starts = watch(Duration.ofSeconds(60), Duration.ZERO, Optional.of(t0.plusSeconds(150)),
                Duration.ofSeconds(5), TableStatus.APPLIED, TableStatus.APPLIED, TableStatus.APPLIED, TableStatus.APPLIED);
        assertEquals(List.of(t0, t0.plusSeconds(60), t0.plusSeconds(120)), starts);
    }
}
