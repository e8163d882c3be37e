package io.dmsdelta.merge;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/** What a dms-delta commit did, as recorded in its {@link CommitMetadata}. */
public enum CommitKind {
    /** The table's first snapshot from its LOAD files (or the same snapshot loaded again before any CDC file). */
    FULL_LOAD("full-load"),
    /** A new LOAD set after CDC files were applied: DMS reloaded the table. */
    RELOAD("reload"),
    /** A batch of CDC files applied with one MERGE. */
    CDC("cdc"),
    /** {@code dms-delta rewind}: the table and its watermark put back to an earlier version. */
    REWIND("rewind");

    private final String name;

    CommitKind(String name) {
        this.name = name;
    }

    @JsonValue
    public String label() {
        return name;
    }

    /** Whether the commit wrote a snapshot from LOAD files, with no CDC file applied on top of it yet. */
    public boolean isLoad() {
        return this == FULL_LOAD || this == RELOAD;
    }

    @JsonCreator
    public static CommitKind ofLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.name.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown commit kind " + label));
    }
}
