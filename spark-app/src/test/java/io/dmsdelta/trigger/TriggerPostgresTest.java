package io.dmsdelta.trigger;

import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.PostgresWorkload;
import io.dmsdelta.testing.ReplicatedTables;
import io.dmsdelta.testing.TriggerCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real producer: the project's row trigger installed in a real PostgreSQL, a random workload, the events exported
 * as the row-image Lambda writes them, dms-delta run after each batch. After the last run each Delta table equals the
 * PostgreSQL table, read over JDBC, exactly. The cases: through a stand-in of Aurora's {@code aws_lambda.invoke} with
 * invocations delivered twice; through the trigger's queue table, gzipped, with truncates.
 */
class TriggerPostgresTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    private static final int RUNS = 3;

    /** Kept when a test fails: its objects are what to look at. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void throughLambdaInvocationsSomeDeliveredTwiceGivesThePostgresTablesExactly() throws Exception {
        List<TableReport> reports = replicate("trg_lambda", 31, TriggerCapture.Delivery.LAMBDA, false, false);
        EventFacts total = reports.stream().map(TableReport::events).filter(Objects::nonNull)
                .reduce(EventFacts::plus).orElseThrow();
        assertTrue(total.alreadyApplied() + total.supersededByTombstones() + total.duplicatesInBatch() > 0,
                "events delivered twice were dropped: " + total);
    }

    @Test
    void throughTheQueueTableGzippedWithTruncatesGivesThePostgresTablesExactly() throws Exception {
        List<TableReport> reports = replicate("trg_queue", 32, TriggerCapture.Delivery.QUEUE, true, true);
        assertTrue(reports.stream().map(TableReport::events).filter(Objects::nonNull)
                .anyMatch(e -> e.truncates() > 0), "the workload's truncates were applied");
    }

    private List<TableReport> replicate(String database, long seed, TriggerCapture.Delivery delivery, boolean truncates,
                                        boolean gzip) throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase(database);
        PostgresWorkload workload = new PostgresWorkload(server, database, seed).truncates(truncates);
        workload.createTables();
        TriggerCapture capture = new TriggerCapture(server, database, dir.resolve("dms").resolve("row-images")
                .resolve(database), delivery, gzip, PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES);
        String source = "{\"format\": \"pg-trigger\", \"folder\": \"row-images/" + database + "\"}";
        Random random = new Random(seed);
        return ReplicatedTables.replicate(workload, new Pipeline(dir), source, RUNS, 100, run -> {
            capture.export();
            if (delivery == TriggerCapture.Delivery.LAMBDA && run > 0) {
                capture.redeliver(random, 20 + random.nextInt(20));
            }
        });
    }
}
