package io.dmsdelta.wal2json;

import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.PostgresServer;
import io.dmsdelta.testing.PostgresWorkload;
import io.dmsdelta.testing.ReplicatedTables;
import io.dmsdelta.testing.Wal2JsonCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real producer: a random workload on a real PostgreSQL, its changes decoded by the wal2json plugin and written
 * by {@code pg_recvlogical} into files archived in chunks ({@link Wal2JsonCapture}), dms-delta run after each batch.
 * After the last run each Delta table equals the PostgreSQL table, read over JDBC, exactly. The cases: format version
 * 2 with truncates; version 1 pretty-printed in chunks, gzipped, with chunks sent again; version 2 without log
 * positions, ordered by arrival.
 */
class Wal2JsonPostgresTest {

    @RegisterExtension
    static final PostgresServer.Extension PG = new PostgresServer.Extension();

    private static final int RUNS = 3;

    /** Kept when a test fails: its stream files are what to look at. */
    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void formatVersionTwoWithTruncatesAndAColumnAddedGivesThePostgresTablesExactly() throws Exception {
        List<TableReport> reports = replicate("w2j_v2", 21, "lsn", true, false, false,
                "format-version=2", "include-lsn=1");
        assertTrue(reports.stream().map(TableReport::events).filter(Objects::nonNull)
                .anyMatch(e -> e.truncates() > 0), "the workload's truncates were applied");
    }

    @Test
    void formatVersionOneInChunksGzippedWithChunksSentAgainChangesNothing() throws Exception {
        List<TableReport> reports = replicate("w2j_v1", 22, "lsn", false, true, true,
                "format-version=1", "include-lsn=1", "pretty-print=1", "write-in-chunks=1", "include-xids=1",
                "include-timestamp=1");
        EventFacts total = reports.stream().map(TableReport::events).filter(Objects::nonNull)
                .reduce(EventFacts::plus).orElseThrow();
        assertTrue(total.alreadyApplied() + total.supersededByTombstones() > 0, "re-sent changes were dropped: "
                + total);
    }

    @Test
    void withoutLogPositionsChunksAppliedInTheirOrderOfArrival() throws Exception {
        replicate("w2j_arrival", 23, "arrival", true, false, false, "format-version=2", "include-types=0");
    }

    /**
     * Runs the workload in batches with an archived chunk and a dms-delta run after each, and compares the tables
     * ({@link ReplicatedTables#replicate}).
     *
     * @return the reports of every run's tables
     */
    private List<TableReport> replicate(String database, long seed, String order, boolean truncates, boolean gzip,
                                        boolean resend, String... options) throws Exception {
        PostgresServer server = PG.server();
        server.createDatabase(database);
        PostgresWorkload workload = new PostgresWorkload(server, database, seed).truncates(truncates);
        workload.createTables();
        String source = "{\"format\": \"wal2json\", \"folder\": \"wal/" + database + "\", \"order\": \"" + order + "\"}";
        Random random = new Random(seed);
        // wal2json has no snapshot: the stream starts when the slot is made, before the tables have rows.
        try (Wal2JsonCapture capture = new Wal2JsonCapture(server, database, dir.resolve("dms").resolve("wal")
                .resolve(database), gzip, options)) {
            return ReplicatedTables.replicate(workload, new Pipeline(dir), source, RUNS, 100, run -> {
                capture.archive();
                if (resend && run > 0) {
                    capture.resend(random);
                }
            });
        }
    }
}
