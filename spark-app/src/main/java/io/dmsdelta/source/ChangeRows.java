package io.dmsdelta.source;

import io.dmsdelta.config.ColumnDefinition;
import org.apache.spark.sql.types.DataTypes;

/**
 * The typed change rows every at-least-once change source reads its files into, and that
 * {@link io.dmsdelta.changeset.EventCompaction} reduces to one change per key:
 * <ul>
 *   <li>{@link io.dmsdelta.dms.FileLayout#OP}: {@code I}, {@code U}, {@code D}, {@link #TRUNCATE}, or null for a record
 *       that changes nothing (a tombstone, a message);</li>
 *   <li>the table's columns, typed (a delete carries its key only), and the source's sequence column
 *       ({@link io.dmsdelta.config.TableDefinition#SEQUENCE_TYPE}): the change's place among its key's changes;</li>
 *   <li>{@link #absentFlag} for each column that {@link #canBeAbsent}: true when the change does not carry the
 *       column's value (an unchanged TOAST value), so the row keeps the one it has;</li>
 *   <li>{@link #ERRORS} ({@code array<struct<column, value, problem>>}, empty when good), {@link #SKIPPED},
 *       {@link #ORDER} ({@code struct<seq, file, line>}), {@link #FILE}, {@link #FILE_INDEX}, {@link #LINE} and
 *       {@link #RAW} (the record as written).</li>
 * </ul>
 */
public final class ChangeRows {

    /** The operation code of a truncate: every row whose sequence is older goes. */
    public static final String TRUNCATE = "T";
    public static final String ERRORS = "__errors";
    public static final String SKIPPED = "__skipped";
    public static final String ORDER = "__order";
    public static final String FILE = "__file";
    public static final String FILE_INDEX = "__file_index";
    public static final String LINE = "__line";
    public static final String RAW = "__raw";
    /**
     * In compacted changes, for a key whose kept values leave a column out: the sequence of its latest create that
     * left columns out, the second half of a key change, whose first half (a delete of the old key with the same
     * sequence) holds the values.
     */
    public static final String MOVED_IN = "__moved_in";
    private static final String ABSENT = "__absent_";

    private ChangeRows() {
    }

    /** Whether a column's value may be left out of a change: large text and bytes (PostgreSQL's TOAST). */
    public static boolean canBeAbsent(ColumnDefinition column) {
        return column.type().sameType(DataTypes.StringType) || column.type().sameType(DataTypes.BinaryType);
    }

    /** In compacted changes: the sequence of the change the batch's value of {@code column} comes from. */
    public static String presentSequence(String column) {
        return "__present_seq_" + column;
    }

    /** The boolean column saying a change does not carry {@code column}'s value. */
    public static String absentFlag(String column) {
        return ABSENT + column;
    }
}
