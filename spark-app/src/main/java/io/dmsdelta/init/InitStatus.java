package io.dmsdelta.init;

/** What init did with one table, as the summary shows it. */
public enum InitStatus {
    /** Defined for the first time. */
    NEW,
    /** The existing definition already matches the source. */
    UNCHANGED,
    /** Written with changes that need nothing else (columns added at the end, rule settings). */
    CHANGED,
    /** Changes that need a rebuild or a new key, written because of {@code --accept-changes}. */
    ACCEPTED,
    /** Changes that need a rebuild or a new key: nothing is written without {@code --accept-changes}. */
    NEEDS_ACCEPT,
    /** Defined in the existing file, but no longer selected from the source: nothing is written without {@code --accept-changes}. */
    GONE,
    /** Defined in the existing file, no longer selected, and removed because of {@code --accept-changes}. */
    REMOVED,
    /** Not defined: no key, or nothing a run could read (the reason says what to do). */
    SKIPPED,
    /** The source no longer gives a usable definition, so the existing one is kept as it was. */
    KEPT;

    /** Whether this outcome stops init from writing anything. */
    public boolean blocks() {
        return this == NEEDS_ACCEPT || this == GONE;
    }

    /** For the summary: {@code NEEDS_ACCEPT} as {@code NEEDS-ACCEPT}. */
    public String label() {
        return name().replace('_', '-');
    }
}
