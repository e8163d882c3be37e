package io.dmsdelta.dms;

import java.util.List;

/**
 * How the fields of one file's rows map to columns: DMS writes the operation column (if any), then the
 * timestamp column (if {@code TimestampColumnName} is set), then the table's columns; with
 * {@code AddColumnName} the file starts with a header naming them. Files of one table can differ.
 *
 * @param header whether the first record is a header to skip
 * @param fields the column each field position maps to; {@link #OP} for the operation column
 */
public record FileLayout(boolean header, List<String> fields) {

    /** Internal name of the operation column. */
    public static final String OP = "__op";

    public FileLayout {
        fields = List.copyOf(fields);
    }

    public boolean hasOp() {
        return fields.contains(OP);
    }

    /** The fields, named for messages: {@code I/U/D} for the operation column. */
    public String describe() {
        return fields.size() + " (" + String.join(", ", fields.stream().map(f -> f.equals(OP) ? "I/U/D" : f).toList()) + ")";
    }
}
