package io.dmsdelta.differential;

import io.dmsdelta.differential.DebeziumHistory.Event;
import io.dmsdelta.differential.DebeziumHistory.Key;
import io.dmsdelta.differential.DebeziumHistory.Row;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a table fed by Debezium events holds, deliberately naive: the events delivered so far, each counted once
 * however often it came, sorted by LSN (at one LSN a key change's {@code d} before its {@code c}) and applied one by
 * one to a map: {@code r}/{@code c}/{@code u} put the row (a placeholder {@code v} keeps the key's value, or for the
 * {@code c} of a key change the value its old key had just before the {@code d} of the same LSN), {@code d} removes
 * the key, {@code t} removes every key. Each key keeps the LSN of the event that last put it. Nothing is batched,
 * compacted or guarded; no class of dms-delta is used.
 */
final class DebeziumReferenceModel {

    /**
     * A row and the LSN of the event that put it there.
     *
     * @param kept whether that event left {@code v} out (the placeholder): its value is the one before
     */
    record Versioned(Row row, long lsn, boolean kept) {
        String format() {
            return row.format(lsn);
        }
    }

    /** The state, and the keys whose last event (by LSN) deleted them. */
    record State(Map<Key, Versioned> rows, Set<Key> deleted) {
        List<String> formatted() {
            List<String> out = new ArrayList<>();
            rows.values().forEach(r -> out.add(r.format()));
            out.sort(null);
            return out;
        }
    }

    private static final Comparator<Event> BY_LSN = Comparator.comparingLong(Event::lsn)
            .thenComparingInt(e -> e.op() == 'd' ? 0 : 1)
            .thenComparing(e -> e.key() == null ? "" : e.key().toString())
            .thenComparing(Event::toString);

    private DebeziumReferenceModel() {
    }

    static State of(Collection<Event> delivered) {
        TreeSet<Event> once = new TreeSet<>(BY_LSN);
        delivered.stream().filter(java.util.Objects::nonNull).forEach(once::add);
        Map<Key, Versioned> rows = new TreeMap<>();
        Set<Key> deleted = new TreeSet<>();
        Event lastDelete = null;
        Row lastDeleted = null;
        for (Event event : once) {
            switch (event.op()) {
                case 'r', 'c', 'u' -> {
                    Row after = event.after();
                    if (event.placeholder()) {
                        Row prior;
                        if (event.op() == 'c') {
                            // A key change: the new key's create at the LSN of the old key's delete.
                            if (lastDelete == null || lastDelete.lsn() != event.lsn() || lastDeleted == null) {
                                throw new IllegalStateException("no delete of a key at the LSN of " + event);
                            }
                            prior = lastDeleted;
                        } else {
                            Versioned stored = rows.get(event.key());
                            if (stored == null) {
                                throw new IllegalStateException("a placeholder for a key not there: " + event);
                            }
                            prior = stored.row();
                        }
                        after = new Row(after.key(), prior.v(), after.n(), after.d());
                    }
                    rows.put(event.key(), new Versioned(after, event.lsn(), event.placeholder()));
                    deleted.remove(event.key());
                }
                case 'd' -> {
                    Versioned gone = rows.remove(event.key());
                    lastDelete = event;
                    lastDeleted = gone == null ? null : gone.row();
                    deleted.add(event.key());
                }
                case 't' -> {
                    rows.clear();
                    deleted.clear();
                }
                default -> throw new IllegalArgumentException("op " + event.op());
            }
        }
        return new State(rows, deleted);
    }
}
