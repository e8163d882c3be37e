package io.dmsdelta.dms;

import java.util.List;
import java.util.Optional;

/**
 * How the fields of one file's rows map to columns: DMS writes the operation column (if any), then the
 * timestamp column (if {@code TimestampColumnName} is set), then the table's columns; with
 * {@code AddColumnName} the file starts with a header naming them. Files of one table can differ.
 *
 * @param header  whether the first record is a header to skip
 * @param fields  the column each field position maps to; {@link #OP} for the operation column
 * @param parquet whether the files are Parquet (DataFormat=parquet), whose columns are mapped by name like a
 *                header's, and read in the order of the file's schema
 * @param groups  for a headerless CSV file, the optional trailing column groups it carries; empty where columns
 *                are found by name
 */
public record FileLayout(boolean header, List<String> fields, boolean parquet, Optional<TrailingGroups> groups) {

    /** A CSV layout whose columns are named by a header. */
    public static FileLayout named(List<String> fields) {
        return new FileLayout(true, fields, false, Optional.empty());
    }

    /** A headerless CSV layout: fields by position. */
    public static FileLayout positional(List<String> fields, TrailingGroups groups) {
        return new FileLayout(false, fields, false, Optional.of(groups));
    }

    /** Internal name of the operation column. */
    public static final String OP = "__op";
    /** In a CDC_TXN file: the table and schema each row belongs to. */
    public static final String TXN_TABLE = "__txn_table";
    public static final String TXN_SCHEMA = "__txn_schema";
    /** Prefix of fields that are read but not used (header columns the definition does not want). */
    public static final String IGNORED = "__ignored_";

    public FileLayout {
        fields = List.copyOf(fields);
        java.util.Objects.requireNonNull(groups, "groups");
    }

    public boolean hasOp() {
        return fields.contains(OP);
    }

    /** Whether rows belong to several tables (a CDC_TXN file) and must be filtered by their table and schema. */
    public boolean routed() {
        return fields.contains(TXN_TABLE);
    }

    /** The fields, named for messages: {@code I/U/D} for the operation column. */
    public String describe() {
        return fields.size() + " (" + String.join(", ", fields.stream().map(FileLayout::describe).toList()) + ")";
    }

    private static String describe(String field) {
        if (field.equals(OP)) {
            return "I/U/D";
        }
        if (field.equals(TXN_TABLE) || field.equals(TXN_SCHEMA)) {
            return field.equals(TXN_TABLE) ? "table name" : "schema name";
        }
        if (field.startsWith(IGNORED + "before_")) {
            return "before-image of " + field.substring((IGNORED + "before_").length()) + " (not used)";
        }
        if (field.startsWith(IGNORED)) {
            return "(ignored)";
        }
        String before = io.dmsdelta.config.TableDefinition.BEFORE_IMAGE_FIELD;
        return field.startsWith(before) ? "before-image of " + field.substring(before.length()) : field;
    }
}
