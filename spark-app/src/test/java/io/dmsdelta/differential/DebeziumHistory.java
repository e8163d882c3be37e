package io.dmsdelta.differential;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

/**
 * A simulated PostgreSQL table keyed by (seed, id), and the Debezium change events its history produces, with one
 * increasing LSN: a snapshot ({@code r}, all at the snapshot's LSN), inserts, updates (an unchanged large value of
 * {@code v} is the TOAST placeholder, as pgoutput leaves it out), deletes, inserts of deleted keys again, key changes
 * (a {@code d} of the old key and a {@code c} of the new one at the same LSN, the {@code c} with the placeholder when
 * the large value did not change) and now and then a truncate of the whole table. The table itself ({@link #state})
 * is the truth the events are checked against; the reference model never reads it.
 */
final class DebeziumHistory {

    static final String PLACEHOLDER = "__debezium_unavailable_value";
    static final int KEYS = 6;
    static final int PARTITIONS = 3;
    /** A value at least this long is stored out of line (TOAST) and left out of updates that keep it. */
    static final int LARGE = 1_000;
    private static final String[] WORDS = {"a", "b,c", "say \"hi\"", "two\nlines", "tab\there", "back\\slash",
            "é ü ß 漢", "O'Brien", "", "  padded  ", "{\"json\": [1]}", "emoji 😀"};

    /** A key of the table. */
    record Key(int seed, int id) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparingInt(Key::seed).thenComparingInt(Key::id);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }

        /** The Kafka partition the connector's events of the key go to. */
        int partition() {
            return Math.floorMod(Objects.hash(seed * 7919, id), PARTITIONS);
        }

        @Override
        public String toString() {
            return "(" + seed + ", " + id + ")";
        }
    }

    /** A row of the table; null is SQL NULL. */
    record Row(Key key, String v, Integer n, BigDecimal d) {
        /** As {@code Pipeline.rows} prints the Delta row, with its sequence last. */
        String format(long sequence) {
            return key.seed() + "|" + key.id() + "|" + v + "|" + n + "|" + (d == null ? null : d.toPlainString()) + "|"
                    + sequence;
        }
    }

    /**
     * One change event.
     *
     * @param op          {@code r}, {@code c}, {@code u}, {@code d} or {@code t}
     * @param key         the changed key; null for a truncate
     * @param after       the row after the change as the event carries it (for a placeholder, {@code v} is the
     *                    placeholder); null for {@code d} and {@code t}
     * @param movedFrom   for the {@code c} of a key change, the old key (for messages only: the event does not say it)
     */
    record Event(long lsn, char op, Key key, Row after, Key movedFrom) {
        boolean placeholder() {
            return after != null && PLACEHOLDER.equals(after.v());
        }

        /** The partition the event is written to: its key's, a truncate's partition 0. */
        int partition() {
            return key == null ? 0 : key.partition();
        }

        /** The event as the S3 sink's JsonFormat writes it (schemas.enable=false). */
        String json(String schema, String table) {
            String source = "{\"version\":\"2.7.3.Final\",\"connector\":\"postgresql\",\"name\":\"pg\",\"ts_ms\":"
                    + (1_718_188_285_000L + lsn % 1_000_000) + ",\"snapshot\":\"" + (op == 'r') + "\",\"db\":\"shop\","
                    + "\"schema\":\"" + schema + "\",\"table\":\"" + table + "\",\"txId\":" + (lsn / 16) + ",\"lsn\":"
                    + lsn + ",\"xmin\":null}";
            String before = op == 'd' ? image(new Row(key, null, null, null)) : "null";
            String image = after == null ? "null" : image(after);
            return "{\"before\":" + before + ",\"after\":" + image + ",\"source\":" + source + ",\"op\":\"" + op
                    + "\",\"ts_ms\":1718188285123,\"transaction\":null}";
        }

        @Override
        public String toString() {
            return op + "@" + lsn + (key == null ? "" : " " + key) + (movedFrom == null ? "" : " from " + movedFrom)
                    + (after == null ? "" : " v=" + abbreviate(after.v()) + " n=" + after.n() + " d=" + after.d());
        }
    }

    private final Random random;
    private final List<Integer> seeds;
    private final boolean largeValues;
    private final Map<Key, Row> state = new TreeMap<>();
    private final List<Event> events = new ArrayList<>();
    private long lsn;

    /**
     * @param seeds       the seeds whose keys the table holds
     * @param largeValues whether {@code v} is sometimes large (TOAST-sized): only then can a change carry the placeholder
     */
    DebeziumHistory(long randomSeed, List<Integer> seeds, boolean largeValues) {
        this.random = new Random(randomSeed);
        this.seeds = List.copyOf(seeds);
        this.largeValues = largeValues;
        this.lsn = 1_099_511_627_776L + random.nextInt(1_000_000); // past 2^40: not an int
    }

    /** The events in LSN order (a key change's {@code d} before its {@code c}). */
    List<Event> events() {
        return events;
    }

    /** The table as the source holds it now. */
    Map<Key, Row> state() {
        return state;
    }

    /**
     * The connector's snapshot (every row at the snapshot's LSN), then {@code steps} changes of random keys, with
     * {@code truncates} truncates at random places among them.
     */
    DebeziumHistory generate(int steps, int truncates) {
        lsn += 100;
        for (int seed : seeds) {
            for (int id = 0; id < KEYS; id++) {
                if (random.nextBoolean()) {
                    Row row = newRow(new Key(seed, id));
                    state.put(row.key(), row);
                    events.add(new Event(lsn, 'r', row.key(), row, null));
                }
            }
        }
        List<Integer> truncateAt = new ArrayList<>();
        for (int t = 0; t < truncates; t++) {
            truncateAt.add(steps / 5 + random.nextInt(Math.max(1, steps * 3 / 5)));
        }
        for (int step = 0; step < steps; step++) {
            if (truncateAt.contains(step)) {
                lsn += 8 + random.nextInt(200);
                events.add(new Event(lsn, 't', null, null, null));
                state.clear();
            }
            change(new Key(seeds.get(random.nextInt(seeds.size())), random.nextInt(KEYS)));
        }
        return this;
    }

    private void change(Key key) {
        lsn += 8 + random.nextInt(200);
        Row current = state.get(key);
        if (current == null) {
            Row row = newRow(key);
            state.put(key, row);
            events.add(new Event(lsn, 'c', key, row, null));
            return;
        }
        int pick = random.nextInt(20);
        if (pick < 9) {
            Row row = changed(key, current);
            state.put(key, row);
            events.add(new Event(lsn, 'u', key, written(row, current), null));
        } else if (pick < 14) {
            state.remove(key);
            events.add(new Event(lsn, 'd', key, null, null));
        } else {
            Row row = changed(key, current);
            boolean placeholder = Objects.equals(row.v(), current.v()) && isLarge(row.v());
            // The c of a key change with the placeholder needs its d in the same batch (configuration.md): both keys
            // in one partition, so both events are in one file. Without a placeholder, any free key will do.
            List<Key> free = new ArrayList<>();
            for (int id = 0; id < KEYS; id++) {
                Key to = new Key(key.seed(), id);
                if (!state.containsKey(to) && (!placeholder || to.partition() == key.partition())) {
                    free.add(to);
                }
            }
            if (free.isEmpty()) {
                state.put(key, row);
                events.add(new Event(lsn, 'u', key, written(row, current), null));
                return;
            }
            Key to = free.get(random.nextInt(free.size()));
            Row moved = new Row(to, row.v(), row.n(), row.d());
            state.remove(key);
            state.put(to, moved);
            events.add(new Event(lsn, 'd', key, null, null));
            events.add(new Event(lsn, 'c', to, placeholder ? written(moved, current) : moved, key));
        }
    }

    /** The row as the event carries it: an unchanged large {@code v} is the placeholder (pgoutput leaves it out). */
    private Row written(Row row, Row before) {
        boolean unchangedLarge = Objects.equals(row.v(), before.v()) && isLarge(row.v());
        return unchangedLarge && random.nextInt(8) != 0 ? new Row(row.key(), PLACEHOLDER, row.n(), row.d()) : row;
    }

    private Row changed(Key key, Row current) {
        String v = random.nextInt(5) < 2 ? value() : current.v();
        Integer n = random.nextInt(10) < 7 ? number() : current.n();
        BigDecimal d = random.nextBoolean() ? decimal() : current.d();
        return new Row(key, v, n, d);
    }

    private Row newRow(Key key) {
        return new Row(key, value(), number(), decimal());
    }

    private String value() {
        int pick = random.nextInt(10);
        if (pick == 0) {
            return null;
        }
        String word = WORDS[random.nextInt(WORDS.length)] + random.nextInt(1000);
        if (pick < 5 || !largeValues) {
            return word;
        }
        StringBuilder large = new StringBuilder("large ").append(word).append(' ');
        while (large.length() < LARGE) {
            large.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(1000)).append(' ');
        }
        return large.toString();
    }

    private Integer number() {
        return random.nextInt(6) == 0 ? null : random.nextInt();
    }

    private BigDecimal decimal() {
        if (random.nextInt(6) == 0) {
            return null;
        }
        long unscaled = random.nextInt(4) == 0 ? random.nextInt(200) - 100 : (long) (random.nextDouble() * 2e10) - 10_000_000_000L + 1;
        return BigDecimal.valueOf(Math.max(-9_999_999_999L, Math.min(9_999_999_999L, unscaled)), 2);
    }

    static boolean isLarge(String v) {
        return v != null && v.length() >= LARGE;
    }

    static String abbreviate(String v) {
        return v == null || v.length() <= 30 ? v : v.substring(0, 24) + "...(" + v.length() + ")";
    }

    /** A row image: decimals as Debezium's base64 of the unscaled two's-complement bytes. */
    private static String image(Row row) {
        return "{\"seed\":" + row.key().seed() + ",\"id\":" + row.key().id() + ",\"v\":" + text(row.v()) + ",\"n\":"
                + row.n() + ",\"d\":" + (row.d() == null ? "null"
                : "\"" + Base64.getEncoder().encodeToString(row.d().unscaledValue().toByteArray()) + "\"") + "}";
    }

    private static String text(String v) {
        return v == null ? "null" : "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(v)) + "\"";
    }
}
