package io.dmsdelta.debezium;

import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.testing.DebeziumCapture;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.PostgresWorkload;
import io.dmsdelta.testing.ReplicatedTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real producer: a random workload on a real PostgreSQL, captured by Debezium's embedded engine (pgoutput), its
 * events written as the Kafka Connect S3 sink (or Firehose) writes them, dms-delta run between batches. After the
 * last run each Delta table equals the PostgreSQL table, read over JDBC, exactly. The cases add what a real pipeline
 * does over time: the connector's snapshot then streaming, a column added, events delivered again (a restarted
 * connector) and partitions' files arriving in any order, and Firehose's concatenated objects.
 */
class DebeziumPostgresTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    private static final Duration CATCH_UP = Duration.ofSeconds(90);
    private static final int RUNS = 3;

    /** Kept when a test fails: its event files are what to look at. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    static final String KAFKA_CONNECT = "{\"format\": \"debezium\", \"topicPrefix\": \"dbz\", ENCODINGS}";
    static final String FIREHOSE = "{\"format\": \"debezium\", \"topicPrefix\": \"dbz\", \"layout\": \"firehose\", ENCODINGS}";

    @Test
    void snapshotThenStreamingWithRunsBetweenBatchesGivesThePostgresTablesExactly() throws Exception {
        List<TableReport> reports = replicate("dbz_plain", 11, KAFKA_CONNECT, b -> b.tombstones(
                DebeziumCapture.Tombstones.WRITE), false);
        assertTrue(reports.stream().anyMatch(r -> r.events() != null && r.events().tombstoneRecords() > 0),
                "the Kafka tombstones after deletes were read and skipped");
        assertTrue(reports.stream().anyMatch(r -> r.events() != null && r.events().placeholdersKept() > 0),
                "updates leaving the big text unchanged kept the stored value");
    }

    @Test
    void eventsDeliveredAgainAndPartitionsArrivingOutOfOrderChangeNothing() throws Exception {
        List<TableReport> reports = replicate("dbz_replays", 12, KAFKA_CONNECT,
                b -> b.shuffleAcrossPartitions(new Random(12)).gzip(true), true);
        EventFacts total = reports.stream().map(TableReport::events).filter(java.util.Objects::nonNull)
                .reduce(EventFacts::plus).orElseThrow();
        assertTrue(total.alreadyApplied() + total.supersededByTombstones() + total.duplicatesInBatch() > 0,
                "replayed events were dropped: " + total);
    }

    @Test
    void theSameThroughFirehoseObjectsOfConcatenatedRecords() throws Exception {
        replicate("dbz_firehose", 13, FIREHOSE, b -> b.firehose(false), false);
    }

    /**
     * Runs the workload in batches with a dms-delta run after each, and compares the tables at the end.
     *
     * @return the reports of every run's tables
     */
    private List<TableReport> replicate(String database, long seed, String source,
                                        UnaryOperator<DebeziumCapture.Builder> configure, boolean replays) throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase(database);
        PostgresWorkload workload = new PostgresWorkload(server, database, seed);
        workload.createTables();
        workload.runBatch(40); // what the connector's snapshot reads
        Random random = new Random(seed);
        try (DebeziumCapture capture = configure.apply(DebeziumCapture.builder(server, database, dir.resolve("dms"))
                .tables(PostgresWorkload.ACCOUNTS, PostgresWorkload.ORDER_LINES).partitions(3).flushSize(25)).start()) {
            return ReplicatedTables.replicate(workload, new Pipeline(dir), source, RUNS, 60, run -> {
                capture.awaitCaughtUp(CATCH_UP);
                capture.flush();
                if (replays && run > 0) {
                    capture.replay(random, 20 + random.nextInt(20), null);
                }
            });
        }
    }
}
