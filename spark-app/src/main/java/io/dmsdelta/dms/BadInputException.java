package io.dmsdelta.dms;

import java.util.List;

/**
 * The input cannot be applied as it is: a malformed row, a value that does not parse, an unknown operation,
 * a file whose layout does not match the table. Nothing has been written when this is thrown; the message
 * names table, file, line, column and value, and what to do.
 */
public class BadInputException extends RuntimeException {

    private final List<InputError> errors;
    private final long badRows;

    public BadInputException(String table, List<InputError> errors, long badRows) {
        super(describe(table, errors, badRows));
        this.errors = List.copyOf(errors);
        this.badRows = badRows;
    }

    public BadInputException(String table, InputError error) {
        this(table, List.of(error), 1);
    }

    public List<InputError> errors() {
        return errors;
    }

    public long badRows() {
        return badRows;
    }

    private static String describe(String table, List<InputError> errors, long badRows) {
        StringBuilder text = new StringBuilder(table).append(": bad input in ").append(badRows)
                .append(badRows == 1 ? " place" : " places").append("; nothing was written.");
        if (badRows > errors.size()) {
            text.append(" The first ").append(errors.size()).append(" problems:");
        }
        for (InputError error : errors) {
            text.append("\n  ").append(error);
        }
        text.append("\nFix or remove the offending rows or files at the source, or correct the table definition"
                + " or endpoint settings, then run again: the batch is retried from the same point.");
        return text.toString();
    }
}
