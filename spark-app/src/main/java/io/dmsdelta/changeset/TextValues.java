package io.dmsdelta.changeset;

import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unhex;
import static org.apache.spark.sql.functions.when;

/**
 * Values written as text, as PostgreSQL prints them (DMS's CSV files, wal2json's values), typed strictly: Spark's own
 * casts ({@code try_cast}), with the additions the sources need, and for each column an error when a non-empty text
 * is not a value of its type, where Spark's lenient cast would quietly produce a null or round.
 */
public final class TextValues {

    private TextValues() {
    }

    /**
     * The text of column {@code name} as a value of {@code type}, or null when it is not one. Spark's own casts,
     * with additions for what DMS writes: binary values are hexadecimal digits (optionally after {@code \x} or
     * {@code 0x}), a timestamp may end in an hour-only offset ({@code +02}, as PostgreSQL prints {@code timestamptz}),
     * which Spark's cast does not take, and dates and timestamps must start with a date.
     */
    public static Column typed(String name, DataType type) {
        Column text = SqlNames.column(name);
        if (type.sameType(DataTypes.StringType)) {
            return text;
        }
        if (type.sameType(DataTypes.BinaryType)) {
            return when(text.rlike(HEX), unhex(regexp_replace(text, HEX_PREFIX, "")));
        }
        if (type instanceof ArrayType || type instanceof StructType || type instanceof MapType) {
            // JSON text; the source checks each element first, as reading JSON into a type drops what does not fit.
            return from_json(text, type, java.util.Map.of("mode", "PERMISSIVE"));
        }
        String input = SqlNames.quote(name);
        if (type.sameType(DataTypes.TimestampType)) {
            input = "regexp_replace(" + input + ", '(:[0-9]{2}([.][0-9]+)? ?[+-][0-9]{2})$', '$1:00')";
            // Spark casts a time of day alone to a timestamp of today: never what the source held.
            return when(text.rlike(TIMESTAMP_SHAPE), expr("try_cast(" + input + " AS " + type.sql() + ")"));
        }
        if (type.sameType(DataTypes.DateType)) {
            // Spark casts a timestamp to a date by dropping its time: a date column takes dates alone.
            return when(text.rlike(DATE_SHAPE), expr("try_cast(" + input + " AS " + type.sql() + ")"));
        }
        return expr("try_cast(" + input + " AS " + type.sql() + ")");
    }

    private static final String DATE_SHAPE = "^\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}\\s*$";
    private static final String TIMESTAMP_SHAPE = "^\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?$";

    private static final String HEX_PREFIX = "^(\\\\x|0x)";
    /** Whole bytes of hexadecimal digits, as DMS writes binary values to CSV. */
    private static final String HEX = "^(\\\\x|0x)?([0-9A-Fa-f]{2})*$";

    /**
     * What is wrong with the text of column {@code name} as a value of {@code type}, as an error of
     * {@link TypedRows#ERRORS}; null when it is a value (or null).
     *
     * @param shownAs the column's name in messages, as the file names it
     */
    public static Column problem(String name, String shownAs, DataType type) {
        Column text = SqlNames.column(name);
        if (type.sameType(DataTypes.StringType)) {
            // Spark decodes bytes that are not UTF-8 to U+FFFD without complaint; that would change the text.
            return when(text.contains("\uFFFD"), TypedRows.problem(lit(shownAs), text,
                    lit("contains bytes that are not valid UTF-8 (shown as \uFFFD); DMS writes UTF-8")));
        }
        Column invalid = text.isNotNull().and(typed(name, type).isNull());
        if (type instanceof DecimalType decimal) {
            // Casting to a decimal rounds extra decimal places away: the stored value would differ from the source's.
            Column decimals = regexp_extract(trim(text), "^[+-]?[0-9]*\\.([0-9]*?)0*$", 1);
            return when(invalid, TypedRows.problem(lit(shownAs), text, lit("is not a valid " + type.simpleString())))
                    .when(length(decimals).gt(decimal.scale()), TypedRows.problem(lit(shownAs), text, lit("has more decimal places"
                            + " than " + type.simpleString() + " holds, so it would be rounded; declare a larger scale")));
        }
        return when(invalid, TypedRows.problem(lit(shownAs), text, lit("is not a valid " + type.simpleString()
                + (type.sameType(DataTypes.BinaryType) ? " (expected hexadecimal digits, two per byte)" : ""))));
    }
}
