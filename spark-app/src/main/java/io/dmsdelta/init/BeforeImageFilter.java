package io.dmsdelta.init;

import java.util.Arrays;
import java.util.Optional;

/** The {@code column-filter} of a DMS {@code add-before-image-columns} rule: which columns get a before-image. */
public enum BeforeImageFilter {
    /** The key columns (DMS's default). */
    PK_ONLY("pk-only"),
    /** Every column except LOB columns (the key columns always). */
    NON_LOB("non-lob"),
    /** Every column. */
    ALL("all");

    private final String text;

    BeforeImageFilter(String text) {
        this.text = text;
    }

    /** As DMS spells it in the rule. */
    public String text() {
        return text;
    }

    public static Optional<BeforeImageFilter> of(String text) {
        return Arrays.stream(values()).filter(f -> f.text.equalsIgnoreCase(text)).findFirst();
    }
}
