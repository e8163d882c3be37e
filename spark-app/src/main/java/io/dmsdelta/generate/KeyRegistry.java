package io.dmsdelta.generate;

import java.util.BitSet;

/**
 * Which ids exist at this point of the generated history and how often each was changed, in bit sets over the
 * ids (a few bits per id: tens of millions of keys take megabytes). Ids start at 1; inserts take the next id
 * above all ids so far, like an auto-increment key.
 */
final class KeyRegistry {

    private final BitSet live;
    /** Live ids no change has touched yet: where a change that should not repeat a key picks. */
    private final BitSet untouched;
    private final BitSet changedOnce;
    private final BitSet changedAgain;
    private final long snapshotRows;
    private long nextId;

    /** @param rows the snapshot's ids, 1 to {@code rows}, all live and untouched */
    KeyRegistry(long rows, long expectedInserts) {
        int size = Math.toIntExact(rows + expectedInserts + 2);
        live = new BitSet(size);
        untouched = new BitSet(size);
        changedOnce = new BitSet(size);
        changedAgain = new BitSet(size);
        live.set(1, Math.toIntExact(rows + 1));
        untouched.set(1, Math.toIntExact(rows + 1));
        snapshotRows = rows;
        nextId = rows + 1;
    }

    long snapshotRows() {
        return snapshotRows;
    }

    /** One above the highest id so far. */
    long nextId() {
        return nextId;
    }

    boolean isLive(long id) {
        return live.get(Math.toIntExact(id));
    }

    boolean wasChangedAgain(long id) {
        return changedAgain.get(Math.toIntExact(id));
    }

    /** The first live id at or above {@code from} and below {@code to}, or -1. */
    long liveIn(long from, long to) {
        return firstIn(live, from, to);
    }

    /** The first untouched live id at or above {@code from} and below {@code to}, or -1. */
    long untouchedIn(long from, long to) {
        return firstIn(untouched, from, to);
    }

    private static long firstIn(BitSet set, long from, long to) {
        int found = set.nextSetBit(Math.toIntExact(from));
        return found >= 0 && found < to ? found : -1;
    }

    /** A new id above all others, live and changed once. */
    long insert() {
        long id = nextId++;
        live.set(Math.toIntExact(id));
        changed(id);
        return id;
    }

    void update(long id) {
        changed(id);
    }

    void delete(long id) {
        changed(id);
        live.clear(Math.toIntExact(id));
    }

    private void changed(long id) {
        int bit = Math.toIntExact(id);
        untouched.clear(bit);
        if (changedOnce.get(bit)) {
            changedAgain.set(bit);
        } else {
            changedOnce.set(bit);
        }
    }

    /** Distinct ids changed at least once. */
    long changedKeys() {
        return changedOnce.cardinality();
    }

    /** Distinct ids changed more than once. */
    long repeatedKeys() {
        return changedAgain.cardinality();
    }

    long liveKeys() {
        return live.cardinality();
    }
}
