package io.dmsdelta.init;

import java.util.Objects;

/**
 * A password, which must never be shown: {@link #toString} hides it, and {@link #redact} takes it out of any text
 * (a driver's error message, say) before that text is printed.
 */
public final class Secret {

    private static final String HIDDEN = "********";

    private final String value;

    public Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The password itself, for the driver alone. */
    public String reveal() {
        return value;
    }

    /** {@code text} with every occurrence of the password replaced; {@code null} stays {@code null}. */
    public String redact(String text) {
        return text == null || value.isEmpty() ? text : text.replace(value, HIDDEN);
    }

    @Override
    public String toString() {
        return HIDDEN;
    }
}
