package io.dmsdelta.generate;

/** Which existing keys generated updates and deletes fall on. */
public enum KeyPattern {
    /** Any live key, uniformly. */
    UNIFORM,
    /**
     * The most recently inserted keys, as with auto-increment ids: the newest {@code changes} ids of the snapshot
     * and the rows inserted since. The window does not grow with the table, so the same changes touch the same
     * amount of data in a small and in a large table.
     */
    RECENT
}
