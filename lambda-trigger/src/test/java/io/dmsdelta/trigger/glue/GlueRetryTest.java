package io.dmsdelta.trigger.glue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.model.ConcurrentRunsExceededException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry schedule itself; which Glue answers count as retryable is asserted against the stub elsewhere. */
class GlueRetryTest {

    private final List<String> log = new ArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void doublesTheWaitAfterEachFailedAttempt() {
        assertEquals(List.of(2000L, 4000L, 8000L, 16000L), List.of(GlueRetry.backoffMillis(2000, 1),
                GlueRetry.backoffMillis(2000, 2), GlueRetry.backoffMillis(2000, 3), GlueRetry.backoffMillis(2000, 4)));
    }

    @Test
    void answersWithTheFirstSuccessfulAttempt() {
        CallOutcome<String> outcome = new GlueRetry(4, 0).call("list the runs of job 'j'", () -> {
            if (calls.incrementAndGet() < 3) {
                throw ConcurrentRunsExceededException.builder().message("busy").build();
            }
            return "answer";
        }, log::add);

        assertEquals(new CallOutcome.Answered<>("answer"), outcome);
        assertEquals(List.of("Glue did not list the runs of job 'j' (attempt 1 of 4): busy; retrying in 0 ms",
                "Glue did not list the runs of job 'j' (attempt 2 of 4): busy; retrying in 0 ms"), log);
    }

    @Test
    void givesUpAfterTheLastAttempt() {
        SdkClientException down = SdkClientException.create("no answer", new IOException("connection refused"));

        CallOutcome<String> outcome = new GlueRetry(3, 0).call("x", () -> {
            calls.incrementAndGet();
            throw down;
        }, log::add);

        assertEquals(new CallOutcome.GaveUp<String>(3, down), outcome);
        assertEquals(3, calls.get());
        assertEquals(2, log.size(), log.toString());
    }

    @Test
    void stopsAtOnceForAnErrorRetryingCannotClear() {
        EntityNotFoundException missing = EntityNotFoundException.builder().message("no such job").build();

        CallOutcome<String> outcome = new GlueRetry(3, 0).call("x", () -> {
            calls.incrementAndGet();
            throw missing;
        }, log::add);

        assertSame(missing, assertInstanceOf(CallOutcome.NotRetryable.class, outcome).error());
        assertEquals(1, calls.get());
        assertEquals(List.of(), log);
    }

    @Test
    void reportsAnInterruptionWhileWaiting() {
        Thread.currentThread().interrupt();
        try {
            CallOutcome<String> outcome = new GlueRetry(2, 1000).call("x", () -> {
                throw ConcurrentRunsExceededException.builder().message("busy").build();
            }, log::add);

            assertInstanceOf(CallOutcome.Interrupted.class, outcome);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesAScheduleWithoutAttempts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GlueRetry(0, 10));

        assertEquals("attempts must be at least 1 and retryBaseMillis at least 0, got 0 and 10", e.getMessage());
    }
}
