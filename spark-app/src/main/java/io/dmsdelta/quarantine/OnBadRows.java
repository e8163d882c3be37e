package io.dmsdelta.quarantine;

/** What a run does with input rows that cannot be applied ({@code --on-bad-rows}). */
public enum OnBadRows {
    /** The table fails with the first problems listed; nothing of the batch is committed. */
    FAIL,
    /** Bad rows go to the {@link Quarantine}; the good rows of the batch are applied. */
    QUARANTINE
}
