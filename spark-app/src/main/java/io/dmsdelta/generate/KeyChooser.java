package io.dmsdelta.generate;

import java.util.SplittableRandom;

/**
 * Picks the live key each generated update or delete falls on. With probability {@code repeatChance} it is a
 * key changed recently (in this file or the one before: repeats within and across files); otherwise a key not
 * changed yet, at a uniformly random place in the pattern's window ({@link KeyPattern}). When the window has no
 * such key left it falls back to a changed key, so the repeat share can come out above the one asked for
 * ({@link GenerationSummary} reports it).
 */
final class KeyChooser {

    private static final int RECENT_TRIES = 8;

    private final KeyRegistry keys;
    private final SplittableRandom random;
    private final double repeatChance;
    private final long windowStart;
    /** The keys changed last, oldest overwritten first. */
    private final long[] recent;
    private int recentCount;
    private int recentNext;

    /**
     * @param recentCapacity how many of the last changed keys a repeat chooses from: about two files' worth
     */
    KeyChooser(KeyRegistry keys, SplittableRandom random, KeyPattern pattern, long window, double repeatChance,
               int recentCapacity) {
        this.keys = keys;
        this.random = random;
        this.repeatChance = repeatChance;
        this.windowStart = pattern == KeyPattern.RECENT ? Math.max(1, keys.snapshotRows() + 1 - window) : 1;
        this.recent = new long[Math.max(1, recentCapacity)];
    }

    /**
     * The chance per update or delete of repeating a key such that, if every repeat hits a different key,
     * {@code repeatPercent} of the changed keys are changed more than once. Of {@code changes} changes, R
     * repeats leave {@code changes - R} distinct keys, R of them repeated: R = p·changes / (1 + p).
     */
    static double repeatChance(int repeatPercent, OperationMix.Counts counts) {
        long updatesAndDeletes = counts.updates() + counts.deletes();
        if (updatesAndDeletes == 0) {
            return 0;
        }
        double share = repeatPercent / 100.0;
        return Math.min(1.0, share * counts.total() / (1 + share) / updatesAndDeletes);
    }

    /**
     * A live key to update or delete, or -1 when no key is live: a recent key (by chance), else an untouched key
     * in the window, else a changed one in it (a repeat after all), and only when the window holds no live key
     * at all, any live key.
     */
    long pick() {
        long id = random.nextDouble() < repeatChance ? recentlyChanged() : -1;
        if (id < 0) {
            id = firstFromRandomPlace(windowStart, true);
        }
        if (id < 0) {
            id = recentlyChanged();
        }
        if (id < 0) {
            id = firstFromRandomPlace(windowStart, false);
        }
        if (id < 0 && windowStart > 1) {
            id = firstFromRandomPlace(1, false);
        }
        return id;
    }

    /** Remembers a changed key for later repeats. */
    void changed(long id) {
        recent[recentNext] = id;
        recentNext = (recentNext + 1) % recent.length;
        recentCount = Math.min(recentCount + 1, recent.length);
    }

    /** A live recently changed key, preferring one changed only once (so repeats spread over many keys); or -1. */
    private long recentlyChanged() {
        long fallback = -1;
        for (int i = 0; i < RECENT_TRIES && recentCount > 0; i++) {
            long id = recent[random.nextInt(recentCount)];
            if (keys.isLive(id)) {
                if (!keys.wasChangedAgain(id)) {
                    return id;
                }
                fallback = id;
            }
        }
        return fallback;
    }

    /**
     * The first untouched (or, with {@code untouchedOnly} false, live) key at or after a random place between
     * {@code from} and the newest id, wrapping around to {@code from}; -1 when there is none.
     */
    private long firstFromRandomPlace(long from, boolean untouchedOnly) {
        long to = keys.nextId();
        if (from >= to) {
            return -1;
        }
        long place = from + random.nextLong(to - from);
        long id = untouchedOnly ? keys.untouchedIn(place, to) : keys.liveIn(place, to);
        if (id < 0) {
            id = untouchedOnly ? keys.untouchedIn(from, to) : keys.liveIn(from, to);
        }
        return id;
    }
}
