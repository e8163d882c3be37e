package io.dmsdelta.init;

/** A table whose description cannot be read from where init looks (no files to read names from, say): it is left out. */
public final class TableNotReadable extends Exception {
    /** @param reason what is missing and what to do, as the summary shows it */
    public TableNotReadable(String reason) {
        super(reason);
    }
}
