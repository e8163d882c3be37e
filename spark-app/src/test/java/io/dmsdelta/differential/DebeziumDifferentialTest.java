package io.dmsdelta.differential;

import io.dmsdelta.differential.DebeziumHistory.Event;
import io.dmsdelta.differential.DebeziumHistory.Key;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * dms-delta's Debezium path against {@link DebeziumReferenceModel} on random event streams ({@link DebeziumHistory})
 * delivered at least once ({@link DebeziumDelivery}): sink files of three partitions arriving interleaved, records
 * produced again singly and in connector-restart replays, and late files (stored a little before the newest applied
 * file, within {@code lateArrivalMinutes}, listed only after a run applied newer ones). Each round spreads its seeds
 * over three tables synced in parallel: two applied with deletion vectors (the second without large values, so its
 * changes never leave a column out and the targeted apply alone compares sequences) and one with Delta's MERGE; small
 * files are rewritten after every second batch. It delivers the
 * files over several runs with random boundaries (some runs split into batches of ten files). After every run each
 * table must equal the model of the events delivered so far exactly, {@code _change_seq} included (the LSN of the
 * row's last change), no row may hold an older sequence than it held before, and no key the model has deleted may be
 * there. {@code -Ddmsdelta.differential.debezium.seeds=N} runs more seeds (default 40),
 * {@code -Ddmsdelta.differential.debezium.seed=S} another master seed.
 */
class DebeziumDifferentialTest {

    static final String TABLE = """
            {"schema": "dbz", "table": "t%d", "primaryKey": ["seed", "id"], %s
              "source": {"format": "debezium", "topicPrefix": "pg"},
              "columns": [{"name": "seed", "type": "int"}, {"name": "id", "type": "int"},
                          {"name": "v", "type": "string"}, {"name": "n", "type": "int"},
                          {"name": "d", "type": "decimal(10,2)"}]}""";
    static final int SEEDS_PER_ROUND = 40;
    static final int TABLES = 3;
    /** The table whose values are never large: no change carries the TOAST placeholder. */
    static final int WITHOUT_LARGE_VALUES = 1;
    /** Changes per seed, after the snapshot. */
    static final int STEPS_PER_SEED = 16;
    /**
     * Whether a differing {@code v} fails the test also where the model took it from before the change (the change
     * carried the TOAST placeholder). dms-delta resolves such a value wrongly when the batch holds an older value of
     * the key (a replay), or the key change's delete is not the old key's last change in the batch, or the new key
     * changes again in the batch, or the new key was deleted earlier in the batch ({@link DebeziumPlaceholderCasesTest}).
     * Until that is fixed, by default those values are counted and printed, not failed; every other column, the
     * sequence and which keys are there stay exact. {@code -Ddmsdelta.differential.debezium.strictPlaceholders=true}.
     */
    static final boolean STRICT_PLACEHOLDERS = Boolean.getBoolean("dmsdelta.differential.debezium.strictPlaceholders");
    /** Runs per round: this many or one more. */
    static final int RUNS = 3;
    /** Shown of a failure: this many of the smallest differing keys. */
    static final int SHOWN = 6;

    @TempDir
    Path dir;

    @Test
    void deltaTablesEqualTheReferenceModelOfTheEventsDeliveredAfterEveryRun() {
        int seeds = Integer.getInteger("dmsdelta.differential.debezium.seeds", 40);
        long master = Long.getLong("dmsdelta.differential.debezium.seed", 20260301L);
        // Small files are rewritten after every second batch: stale changes meet the rewrite in every round.
        long[] staleDropped = new long[1];
        io.dmsdelta.testing.TestSpark.withContextSetting(io.dmsdelta.config.DmsDeltaSettings.MAX_SMALL_FILES, "2", () -> {
            for (int round = 0; round * SEEDS_PER_ROUND < seeds; round++) {
                int first = round * SEEDS_PER_ROUND;
                staleDropped[0] += runRound(dir.resolve("round-" + round), master + round, first,
                        Math.min(seeds, first + SEEDS_PER_ROUND)).get(WITHOUT_LARGE_VALUES).alreadyApplied;
            }
        });
        // Replays reach keys the table holds: the targeted apply's own comparison of sequences was exercised.
        assertTrue(staleDropped[0] > 0, "no replayed change of t" + WITHOUT_LARGE_VALUES + " was dropped as stale");
    }

    /** One table's stream: its history, its files in arrival order, and what has been delivered. */
    private static final class Stream {
        final int table;
        final DebeziumHistory history;
        final DebeziumDelivery delivery;
        final List<DebeziumDelivery.SinkFile> files;
        final List<Event> delivered = new ArrayList<>();
        final long[] partitionStored = new long[DebeziumHistory.PARTITIONS];
        final Map<Key, Long> highestSequence = new HashMap<>();
        /** Keys whose {@code v} alone differed, where the model kept it for a placeholder (the known bug). */
        final java.util.Set<Key> placeholderDifferences = new TreeSet<>();
        int next;
        int late;
        /** Changes the runs dropped because the table held their key at the same or a newer sequence. */
        long alreadyApplied;
        /** The newest modification time of the files the last run saw: the table's watermark. */
        long appliedUpTo;
        long newest;

        Stream(int table, DebeziumHistory history, DebeziumDelivery delivery) {
            this.table = table;
            this.history = history;
            this.delivery = delivery;
            this.files = delivery.files(history.events());
        }

        String describe() {
            return "t" + table + ": " + history.events().size() + " events, " + files.size() + " files, "
                    + delivery.replays + " replays (" + delivery.replayedRecords + " records), " + delivery.duplicates
                    + " duplicates, " + late + " late files, " + alreadyApplied + " stale changes dropped, "
                    + history.events().stream().filter(e -> e.op() == 't').count() + " truncates";
        }
    }

    /** @return the round's streams, by table */
    private List<Stream> runRound(Path roundDir, long masterSeed, int firstSeed, int endSeed) {
        Random random = new Random(masterSeed);
        List<String> definitions = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            definitions.add(TABLE.formatted(t, t == TABLES - 1 ? "\"deletionVectors\": false," : ""));
        }
        Pipeline p = new Pipeline(roundDir).withTables("{\"tables\": [" + String.join(", ", definitions) + "]}");
        List<Stream> streams = new ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            List<Integer> seeds = new ArrayList<>();
            for (int seed = firstSeed; seed < endSeed; seed++) {
                if (seed % TABLES == t) {
                    seeds.add(seed);
                }
            }
            int truncates = random.nextInt(6) < 2 ? 0 : random.nextInt(6) == 0 ? 2 : 1;
            DebeziumHistory history = new DebeziumHistory(random.nextLong(), seeds, t != WITHOUT_LARGE_VALUES)
                    .generate(seeds.size() * STEPS_PER_SEED, truncates);
            // The model of every event must be the source's own table (the test's own consistency).
            Map<Key, DebeziumHistory.Row> modelled = new TreeMap<>();
            DebeziumReferenceModel.of(history.events()).rows().forEach((k, v) -> modelled.put(k, v.row()));
            assertEquals(history.state(), modelled, "the reference model of all events is not the source's table");
            streams.add(new Stream(t, history, new DebeziumDelivery(random)));
        }
        String round = "master seed " + masterSeed + " (seeds " + firstSeed + ".." + (endSeed - 1) + ")";

        long clock = System.currentTimeMillis() - 2 * 24 * 3600_000L;
        // A run costs far more than the events it applies: a few runs, each after a random share of each table's files.
        int runs = RUNS + random.nextInt(2);
        List<int[]> ends = new ArrayList<>();
        for (Stream stream : streams) {
            int[] end = new int[runs];
            for (int run = 0; run < runs - 1; run++) {
                end[run] = 1 + random.nextInt(stream.files.size());
            }
            end[runs - 1] = stream.files.size();
            java.util.Arrays.sort(end);
            ends.add(end);
        }
        for (int run = 1; run <= runs; run++) {
            for (int t = 0; t < TABLES; t++) {
                Stream stream = streams.get(t);
                while (stream.next < ends.get(t)[run - 1]) {
                    clock = deliver(p, stream, clock, random);
                }
            }
            List<String> arguments = new ArrayList<>(List.of("--parallelism", Integer.toString(TABLES)));
            if (random.nextInt(4) == 0) {
                arguments.addAll(List.of("--max-batch-files", "10"));
            }
            Pipeline.Result result = p.run(arguments.toArray(String[]::new));
            String context = round + ", run " + run + " " + arguments;
            assertEquals(0, result.exitCode(), context + "\n" + result.all());
            for (Stream stream : streams) {
                stream.appliedUpTo = stream.newest;
                io.dmsdelta.report.TableReport report = result.table("dbz.t" + stream.table);
                if (report != null && report.events() != null) {
                    stream.alreadyApplied += report.events().alreadyApplied();
                }
                check(p, stream, context);
            }
        }
        for (Stream stream : streams) {
            System.out.println("DebeziumDifferentialTest " + round + ": " + stream.describe() + "; equal to the model"
                    + (stream.placeholderDifferences.isEmpty() ? "" : " but for the placeholder-kept v of "
                    + stream.placeholderDifferences.size() + " keys (known dms-delta bug), e.g. "
                    + stream.placeholderDifferences.stream().limit(SHOWN).toList()));
        }
        return streams;
    }

    /** Writes the stream's next file: after every file so far, or now and then late (see the class comment). */
    private static long deliver(Pipeline p, Stream stream, long clock, Random random) {
        DebeziumDelivery.SinkFile file = stream.files.get(stream.next++);
        long stored;
        // Late: stored before the newest applied file, within lateArrivalMinutes (10) of it, and after the partition's
        // files before it (the sink writes a partition's files one after another).
        long earliest = Math.max(stream.partitionStored[file.partition()], stream.appliedUpTo - 9 * 60_000L) + 1;
        if (stream.appliedUpTo > 0 && earliest < stream.appliedUpTo && random.nextInt(4) == 0) {
            stored = earliest + (long) (random.nextDouble() * (stream.appliedUpTo - earliest));
            stream.late++;
        } else {
            clock += 1_000L + random.nextInt(20_000);
            stored = clock;
        }
        String topic = "pg.dbz.t" + stream.table;
        Path path = p.file("topics/" + topic + "/" + file.name(topic), file.lines("dbz", "t" + stream.table));
        try {
            Files.setLastModifiedTime(path, FileTime.fromMillis(stored));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        stream.partitionStored[file.partition()] = stored;
        stream.newest = Math.max(stream.newest, stored);
        stream.delivered.addAll(file.records());
        return clock;
    }

    /** The table after a run: the model of what was delivered, no sequence moved back, no deleted key there. */
    private static void check(Pipeline p, Stream stream, String context) {
        DebeziumReferenceModel.State model = DebeziumReferenceModel.of(stream.delivered);
        List<String> rows = p.rows("dbz", "t" + stream.table);
        Map<Key, String> actual = byKey(rows);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Key, String> row : actual.entrySet()) {
            String text = row.getValue();
            long sequence = Long.parseLong(text.substring(text.lastIndexOf('|') + 1));
            Long highest = stream.highestSequence.get(row.getKey());
            if (highest != null && sequence < highest) {
                problems.add(row.getKey() + " moved back from sequence " + highest + " to " + sequence);
            }
            stream.highestSequence.merge(row.getKey(), sequence, Math::max);
            if (model.deleted().contains(row.getKey())) {
                problems.add(row.getKey() + " is there though its last event deleted it");
            }
        }
        List<String> expected = model.formatted();
        if (problems.isEmpty() && expected.equals(rows)) {
            return;
        }
        Map<Key, String> wanted = byKey(expected);
        TreeSet<Key> differing = new TreeSet<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                if (!STRICT_PLACEHOLDERS && model.rows().get(k).kept() && actual.get(k) != null
                        && withoutV(v).equals(withoutV(actual.get(k)))) {
                    stream.placeholderDifferences.add(k);
                    return;
                }
                differing.add(k);
            }
        });
        actual.forEach((k, v) -> {
            if (!wanted.containsKey(k)) {
                differing.add(k);
            }
        });
        if (problems.isEmpty() && differing.isEmpty()) {
            return;
        }
        StringBuilder message = new StringBuilder("table t" + stream.table + " differs from the reference model, "
                + context + "; " + stream.describe() + "\n" + String.join("\n", problems) + "\n" + differing.size()
                + " keys differ; the smallest:");
        differing.stream().limit(SHOWN).forEach(k -> message.append(explain(stream, k, wanted.get(k), actual.get(k))));
        throw new AssertionError(message.toString());
    }

    /** A differing key: both rows, and the key's events (how often each was delivered) with the truncates. */
    private static String explain(Stream stream, Key key, String wanted, String actual) {
        StringBuilder text = new StringBuilder("\n  key " + key + "\n    model: " + abbreviate(wanted) + "\n    delta: "
                + abbreviate(actual) + "\n    events:");
        // The key's events, the truncates, and the events of the keys it was moved from (a key change's old key).
        java.util.Set<Key> related = new java.util.HashSet<>(java.util.Set.of(key));
        stream.history.events().stream().filter(e -> key.equals(e.key()) && e.movedFrom() != null)
                .forEach(e -> related.add(e.movedFrom()));
        for (Event event : stream.history.events()) {
            if (event.op() == 't' || related.contains(event.key()) || key.equals(event.movedFrom())) {
                long times = stream.delivered.stream().filter(e -> Objects.equals(e, event)).count();
                text.append("\n      ").append(key.equals(event.key()) || event.key() == null ? "" : "  ").append(event).append(times == 0 ? " (not delivered)"
                        : times == 1 ? "" : " (delivered " + times + " times)");
            }
        }
        return text.toString();
    }

    /** A row with a large {@code v} cut short (the values hold no '|'). */
    private static String abbreviate(String row) {
        if (row == null) {
            return "(absent)";
        }
        String[] fields = row.split("\\|", -1);
        fields[2] = DebeziumHistory.abbreviate(fields[2]);
        return String.join("|", fields);
    }

    /** A formatted row without its {@code v} (the values hold no '|'). */
    private static String withoutV(String row) {
        String[] fields = row.split("\\|", -1);
        fields[2] = "";
        return String.join("|", fields);
    }

    private static Map<Key, String> byKey(List<String> rows) {
        Map<Key, String> out = new TreeMap<>();
        for (String row : rows) {
            String[] fields = row.split("\\|", 3);
            out.put(new Key(Integer.parseInt(fields[0]), Integer.parseInt(fields[1])), row);
        }
        return out;
    }
}
