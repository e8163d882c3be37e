package io.dmsdelta.source.debezium;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.catalyst.expressions.Cast;
import org.apache.spark.sql.catalyst.expressions.EvalMode;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampType;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Map;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.make_dt_interval;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.rtrim;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.try_to_binary;
import static org.apache.spark.sql.functions.when;

/**
 * Debezium's values, read as text, to the typed values of a table's columns: strictly. A value that does not decode
 * is null in {@link #decode} and has a message in {@link #problem}, never a quietly different value (Spark's lenient
 * casts would take {@code "yes"} as true, {@code "1234"} as a timestamp, and round decimals).
 */
public final class DebeziumValues {

    private DebeziumValues() {
    }

    /** The typed value of a column, null when text is null or when the text does not decode. */
    public static Column decode(Column text, DataType type, ValueEncoding encoding, TimestampDefault timestamps) {
        Decoding decoding = decoding(text, type, encoding, timestamps);
        return when(decoding.problem().isNull(), decoding.value());
    }

    /**
     * A message when text is not null but does not decode to {@code type} under {@code encoding}, else null. It
     * reads after the value: "is not a valid ...: expected ...", "is out of range for ...", "has ...".
     */
    public static Column problem(Column text, DataType type, ValueEncoding encoding, TimestampDefault timestamps) {
        return when(text.isNotNull(), decoding(text, type, encoding, timestamps).problem());
    }

    /**
     * The encoding {@code encoding} stands for on a column of {@code type}: itself, or for {@link ValueEncoding#AUTO}
     * the type's usual Debezium form (date: days; timestamp: epoch milli- or microseconds per {@code timestamps};
     * decimal: base64; binary: base64; anything else: its text). AUTO also takes the type's other form: an ISO date,
     * an ISO timestamp with an offset, a VariableScaleDecimal object.
     *
     * @throws IllegalArgumentException when {@code encoding} does not apply to {@code type}
     */
    public static ValueEncoding resolve(DataType type, ValueEncoding encoding, TimestampDefault timestamps) {
        if (encoding != ValueEncoding.AUTO) {
            if (!appliesTo(encoding, type)) {
                throw new IllegalArgumentException("the value encoding " + encoding.configName()
                        + " does not apply to a column of type " + type.simpleString());
            }
            return encoding;
        }
        if (type instanceof DateType) {
            return ValueEncoding.DATE_DAYS;
        }
        if (type instanceof TimestampType) {
            return timestamps == TimestampDefault.MILLIS ? ValueEncoding.TIMESTAMP_MILLIS : ValueEncoding.TIMESTAMP_MICROS;
        }
        if (type instanceof DecimalType) {
            return ValueEncoding.DECIMAL_BASE64;
        }
        if (type instanceof BinaryType) {
            return ValueEncoding.BYTES_BASE64;
        }
        return ValueEncoding.TEXT;
    }

    private static boolean appliesTo(ValueEncoding encoding, DataType type) {
        switch (encoding) {
            case DATE_DAYS:
                return type instanceof DateType;
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
            case TIMESTAMP_NANOS:
            case ZONED_TIMESTAMP:
                return type instanceof TimestampType;
            case TIME_MICROS:
            case TIME_MILLIS:
            case ZONED_TIME:
                return type instanceof StringType;
            case DECIMAL_BASE64:
            case VARIABLE_SCALE_DECIMAL:
                return type instanceof DecimalType;
            case DECIMAL_TEXT:
            case DOUBLE:
                return type instanceof DecimalType || type instanceof FloatType || type instanceof DoubleType;
            case BYTES_BASE64:
            case BYTES_HEX:
                return type instanceof BinaryType;
            case TEXT:
                return !(type instanceof BinaryType); // bytes are never a string's own text: base64 or hex says how
            default:
                return true;
        }
    }

    /** A value and its problem; the problem is computed for a non-null text. */
    private record Decoding(Column value, Column problem) {
        /** {@code value} where {@code condition} holds, else {@code otherwise}. */
        static Decoding either(Column condition, Decoding value, Decoding otherwise) {
            return new Decoding(when(condition, value.value()).otherwise(otherwise.value()),
                    when(condition, value.problem()).otherwise(otherwise.problem()));
        }
    }

    private static Decoding decoding(Column text, DataType type, ValueEncoding encoding, TimestampDefault timestamps) {
        ValueEncoding resolved = resolve(type, encoding, timestamps);
        if (encoding == ValueEncoding.AUTO) {
            // The type's two forms, told apart by the shape of the text; both named when neither fits.
            Column isInteger = text.rlike(INTEGER);
            if (type instanceof DateType) {
                String expected = EXPECTED_DAYS + ", or an ISO date such as 2018-06-20";
                return Decoding.either(isInteger, days(text, expected), isoDate(text, expected));
            }
            if (type instanceof TimestampType) {
                String expected = expected(resolved) + ", or " + EXPECTED_ZONED;
                return Decoding.either(isInteger, epoch(text, resolved, expected), zoned(text, expected));
            }
            if (type instanceof DecimalType decimal) {
                return Decoding.either(text.startsWith("{"), variableScale(text, decimal), base64Decimal(text, decimal));
            }
        }
        switch (resolved) {
            case DATE_DAYS:
                return days(text, EXPECTED_DAYS);
            case TIMESTAMP_MILLIS:
            case TIMESTAMP_MICROS:
            case TIMESTAMP_NANOS:
                return epoch(text, resolved, expected(resolved));
            case ZONED_TIMESTAMP:
                return zoned(text, EXPECTED_ZONED);
            case TIME_MICROS:
                return timeOfDay(text, 1, "HH:mm:ss.SSSSSS", expected(resolved));
            case TIME_MILLIS:
                return timeOfDay(text, 1000, "HH:mm:ss.SSS", expected(resolved));
            case ZONED_TIME:
                return new Decoding(text, lit(null));
            case DECIMAL_BASE64:
                return base64Decimal(text, (DecimalType) type);
            case VARIABLE_SCALE_DECIMAL:
                return variableScale(text, (DecimalType) type);
            case DECIMAL_TEXT:
            case DOUBLE:
                return type instanceof DecimalType decimal
                        ? decimalText(text, decimal, expected(resolved))
                        : floating(text, type, expected(resolved));
            case BYTES_BASE64:
                return new Decoding(when(text.rlike(BASE64), try_to_binary(text, lit("base64"))),
                        when(text.rlike(BASE64).equalTo(lit(false)), invalid(type, expected(resolved))));
            case BYTES_HEX:
                // Spark's hex reads an odd digit count as if a 0 led it: Debezium writes two digits per byte.
                return new Decoding(when(text.rlike(HEX), try_to_binary(text, lit("hex"))),
                        when(text.rlike(HEX).equalTo(lit(false)), invalid(type, expected(resolved))));
            default:
                return ownText(text, type);
        }
    }

    /** {@link ValueEncoding#TEXT}: the value as the type's own text, as a JSON value of that type is written. */
    private static Decoding ownText(Column text, DataType type) {
        if (type instanceof StringType) {
            return new Decoding(text, lit(null));
        }
        if (type instanceof BooleanType) {
            // Spark's cast also takes yes, no, t, 1, ...: a JSON boolean is true or false.
            Column isBoolean = text.isin("true", "false");
            return new Decoding(when(isBoolean, text.equalTo(lit("true"))),
                    when(isBoolean.equalTo(lit(false)), invalid(type, "true or false")));
        }
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType) {
            // try_cast takes whole numbers only (3.0 and 1E3 are null), and is null past the type's range.
            Column value = tryCast(text, type);
            return new Decoding(value, when(value.isNull().and(text.rlike(INTEGER)), outOfRange(type))
                    .when(value.isNull(), invalid(type, "a whole number")));
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return floating(text, type, "a number, or NaN, Infinity or -Infinity");
        }
        if (type instanceof DecimalType decimal) {
            return decimalText(text, decimal, expected(ValueEncoding.DECIMAL_TEXT));
        }
        if (type instanceof DateType) {
            return isoDate(text, "an ISO date such as 2018-06-20");
        }
        if (type instanceof TimestampType) {
            return zoned(text, EXPECTED_ZONED);
        }
        if (type instanceof StructType struct) {
            // The corrupt-record field catches malformed JSON and fields of the wrong type, which from_json would
            // otherwise turn into nulls inside a struct.
            Column parsed = from_json(text, struct.add(CORRUPT, DataTypes.StringType),
                    Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT));
            Column corrupt = parsed.getField(CORRUPT).isNotNull();
            return new Decoding(when(corrupt.equalTo(lit(false)), struct(Arrays.stream(struct.fieldNames()).map(name -> parsed.getField(name).as(name))
                            .toArray(Column[]::new))),
                    when(corrupt, invalid(type, "JSON of that type")));
        }
        if (type instanceof ArrayType || type instanceof MapType) {
            // Arrays and maps: from_json is null for the whole value when any of it does not parse.
            Column parsed = from_json(text, type, Map.of());
            return new Decoding(parsed, when(parsed.isNull(), invalid(type, "JSON of that type")));
        }
        Column value = tryCast(text, type);
        return new Decoding(value, when(value.isNull(), invalid(type, "its text")));
    }

    private static Decoding days(Column text, String expected) {
        Column days = tryCast(text, DataTypes.IntegerType);
        return new Decoding(date_from_unix_date(days),
                when(days.isNull().and(text.rlike(INTEGER)), outOfRange(DataTypes.DateType))
                        .when(days.isNull(), invalid(DataTypes.DateType, expected)));
    }

    private static Decoding isoDate(Column text, String expected) {
        // Spark's cast also takes "2018", "2018-06" and a timestamp (dropping its time).
        Column value = when(text.rlike(ISO_DATE), tryCast(text, DataTypes.DateType));
        return new Decoding(value, when(value.isNull(), invalid(DataTypes.DateType, expected)));
    }

    /** A count of milli-, micro- or nanoseconds since 1970-01-01T00:00:00Z. */
    private static Decoding epoch(Column text, ValueEncoding encoding, String expected) {
        DataType type = DataTypes.TimestampType;
        Column count = tryCast(text, DataTypes.LongType);
        Column outOfRange = count.isNull().and(text.rlike(INTEGER));
        Column value;
        Column problem;
        if (encoding == ValueEncoding.TIMESTAMP_MILLIS) {
            // timestamp_millis fails the query (long overflow) beyond what microseconds in a long can hold.
            Column fits = count.between(Long.MIN_VALUE / 1000, Long.MAX_VALUE / 1000);
            value = timestamp_millis(when(fits, count));
            problem = when(outOfRange.or(fits.equalTo(lit(false))), outOfRange(type));
        } else if (encoding == ValueEncoding.TIMESTAMP_MICROS) {
            value = timestamp_micros(count);
            problem = when(outOfRange, outOfRange(type));
        } else {
            Column wholeMicros = count.mod(lit(1000)).equalTo(lit(0));
            value = timestamp_micros(when(wholeMicros, call_function("div", count, lit(1000))));
            problem = when(outOfRange, outOfRange(type)).when(wholeMicros.equalTo(lit(false)),
                    lit("has nanoseconds, which a Spark timestamp cannot hold (microseconds are its finest unit)"));
        }
        return new Decoding(value, problem.when(count.isNull(), invalid(type, expected)));
    }

    private static Decoding zoned(Column text, String expected) {
        // Spark's cast also takes "1234" (a year) and times without an offset (read in the session's time zone),
        // and drops digits past microseconds: Debezium's ZonedTimestamp always has the offset.
        Column nanos = text.rlike(NANOS);
        Column value = when(text.rlike(ZONED).and(nanos.equalTo(lit(false))), tryCast(text, DataTypes.TimestampType));
        return new Decoding(value, when(nanos, lit("has nanoseconds, which a Spark timestamp cannot hold"))
                .when(value.isNull(), invalid(DataTypes.TimestampType, expected)));
    }

    /**
     * A count of {@code unitMicros} since midnight as {@code HH:mm:ss}, with the fraction of {@code pattern} when
     * there is one. Formatted as a time-zone-free timestamp of 1970-01-01, so the session's time zone plays no part;
     * PostgreSQL's {@code 24:00:00} is kept.
     */
    private static Decoding timeOfDay(Column text, long unitMicros, String pattern, String expected) {
        Column count = tryCast(text, DataTypes.LongType);
        Column inDay = count.between(0L, DAY_MICROS / unitMicros); // before multiplying: a long would overflow
        Column micros = when(inDay, count.multiply(lit(unitMicros)));
        Column seconds = micros.cast(DataTypes.createDecimalType(20, 0)).multiply(lit(new BigDecimal("0.000001")));
        Column instant = lit(LocalDateTime.of(1970, 1, 1, 0, 0)).plus(make_dt_interval(lit(0), lit(0), lit(0), seconds));
        Column formatted = when(micros.equalTo(lit(DAY_MICROS)), lit("24:00:00"))
                .when(micros.mod(lit(1_000_000L)).equalTo(lit(0)), date_format(instant, "HH:mm:ss"))
                .otherwise(date_format(instant, pattern));
        return new Decoding(formatted, when(count.isNull().and(text.rlike(INTEGER)).or(inDay.equalTo(lit(false))),
                lit("is out of range for a time of day (00:00:00 to 24:00:00)"))
                .when(count.isNull(), invalid(DataTypes.StringType, expected)));
    }

    private static Decoding floating(Column text, DataType type, String expected) {
        Column value = tryCast(text, type);
        // A finite number past the type's range becomes Infinity in Spark's cast.
        Column overflow = value.isin(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)
                .and(text.rlike("(?i)inf").equalTo(lit(false)));
        return new Decoding(value, when(overflow, outOfRange(type)).when(value.isNull(), invalid(type, expected)));
    }

    private static Decoding base64Decimal(Column text, DecimalType type) {
        Column bytes = when(text.rlike(BASE64), try_to_binary(text, lit("base64")));
        return decimalText(UnscaledDecimal.toText(bytes, lit(type.scale())), type, expected(ValueEncoding.DECIMAL_BASE64));
    }

    private static Decoding variableScale(Column text, DecimalType type) {
        Column object = from_json(text, VARIABLE_SCALE, Map.of());
        Column unscaled = object.getField("value");
        Column bytes = when(unscaled.rlike(BASE64), try_to_binary(unscaled, lit("base64")));
        return decimalText(UnscaledDecimal.toText(bytes, object.getField("scale")), type,
                expected(ValueEncoding.VARIABLE_SCALE_DECIMAL));
    }

    /**
     * A decimal's text (plain or with an exponent) as {@code type}, exactly: try_cast rounds to the type's scale,
     * so the text's decimal places are counted first, and a value past the precision is a problem, not a null.
     * Null text (bytes that did not decode) is invalid.
     */
    private static Decoding decimalText(Column text, DecimalType type, String expected) {
        Column value = tryCast(text, type);
        Column number = coalesce(text.rlike(DECIMAL), lit(false));
        String outOfRange = "is out of range for " + type.simpleString() + ", which holds "
                + (type.precision() - type.scale()) + " digits before the decimal point";
        Column places = decimalPlaces(text);
        return new Decoding(value, when(number.equalTo(lit(false)), invalid(type, expected))
                .when(places.isNull(), lit(outOfRange)) // an exponent past any long
                .when(places.gt(lit(type.scale())), lit("has more decimal places than " + type.simpleString()
                        + " holds, so it would be rounded; declare a larger scale"))
                .when(value.isNull(), lit(outOfRange)));
    }

    /**
     * The decimal places of a number's text, trailing zeros aside: digits d1..dn after the point and exponent e
     * give n - e places, less the digits' trailing zeros ({@code 12.30} has 1, {@code 1.5E3} none, {@code 5E-2} 2).
     */
    private static Column decimalPlaces(Column text) {
        Column digits = concat(regexp_extract(text, DECIMAL, 1), regexp_extract(text, DECIMAL, 2));
        Column significant = rtrim(digits, "0");
        Column fraction = length(regexp_extract(text, DECIMAL, 2));
        Column exponentText = regexp_extract(text, DECIMAL, 3);
        Column exponent = when(exponentText.equalTo(lit("")), lit(0L)).otherwise(tryCast(exponentText, DataTypes.LongType));
        Column places = fraction.minus(length(digits).minus(length(significant))).minus(exponent);
        return when(significant.equalTo(lit("")), lit(0L)).otherwise(greatest(lit(0L), places));
    }

    /** Spark's {@code try_cast}: null where a value does not convert, whatever {@code spark.sql.ansi.enabled} says. */
    private static Column tryCast(Column text, DataType type) {
        // Column.try_cast comes with Spark 4; in 3.5 TRY is an evaluation mode of Cast.
        return new Column(new Cast(text.expr(), type, scala.Option.empty(), EvalMode.TRY()));
    }

    private static Column invalid(DataType type, String expected) {
        return lit("is not a valid " + type.simpleString() + ": expected " + expected);
    }

    private static Column outOfRange(DataType type) {
        return lit("is out of range for " + type.simpleString());
    }

    /** What an encoding's values look like and which Debezium setting writes them, for messages. */
    private static String expected(ValueEncoding encoding) {
        switch (encoding) {
            case TIMESTAMP_MILLIS:
                return "a whole number of milliseconds since 1970-01-01T00:00:00Z (io.debezium.time.Timestamp: "
                        + "time.precision.mode=adaptive for precision 0-3, or connect)";
            case TIMESTAMP_MICROS:
                return "a whole number of microseconds since 1970-01-01T00:00:00Z (io.debezium.time.MicroTimestamp: "
                        + "time.precision.mode=adaptive for precision 4-6, or adaptive_time_microseconds)";
            case TIMESTAMP_NANOS:
                return "a whole number of nanoseconds since 1970-01-01T00:00:00Z (io.debezium.time.NanoTimestamp: "
                        + "time.precision.mode=adaptive for precision 7-9)";
            case TIME_MICROS:
                return "a whole number of microseconds since midnight (io.debezium.time.MicroTime: "
                        + "time.precision.mode=adaptive for precision 4-6, or adaptive_time_microseconds)";
            case TIME_MILLIS:
                return "a whole number of milliseconds since midnight (io.debezium.time.Time: "
                        + "time.precision.mode=adaptive for precision 0-3, or connect)";
            case DECIMAL_BASE64:
                return "base64 of the unscaled value (Debezium's decimal.handling.mode=precise); a plain number "
                        + "such as 12.34 comes from decimal.handling.mode=string or double: declare the column's "
                        + "encoding " + ValueEncoding.DECIMAL_TEXT.configName();
            case VARIABLE_SCALE_DECIMAL:
                return "{\"scale\":<scale>,\"value\":\"<base64 of the unscaled value>\"} "
                        + "(io.debezium.data.VariableScaleDecimal, Debezium's decimal.handling.mode=precise)";
            case DECIMAL_TEXT:
                return "a decimal number such as 12.34 (Debezium's decimal.handling.mode=string)";
            case DOUBLE:
                return "a number (Debezium's decimal.handling.mode=double)";
            case BYTES_BASE64:
                return "base64, padded with = (Debezium's binary.handling.mode=bytes)";
            case BYTES_HEX:
                return "hexadecimal digits, two per byte (Debezium's binary.handling.mode=hex)";
            default:
                throw new IllegalStateException(encoding.name());
        }
    }

    private static final String EXPECTED_DAYS = "a whole number of days since 1970-01-01 (io.debezium.time.Date)";
    private static final String EXPECTED_ZONED = "an ISO-8601 timestamp with an offset such as "
            + "2024-06-12T10:31:25.108123Z (io.debezium.time.ZonedTimestamp)";

    private static final long DAY_MICROS = 86_400_000_000L;
    private static final String CORRUPT = "__debezium_corrupt_value";
    private static final StructType VARIABLE_SCALE = new StructType()
            .add("scale", DataTypes.IntegerType).add("value", DataTypes.StringType);

    /** A JSON integer: what Debezium writes for a count of days or time units. */
    private static final String INTEGER = "^-?[0-9]+$";
    /** A decimal number, plain or with an exponent: groups are the digits before and after the point, the exponent. */
    private static final String DECIMAL = "^[+-]?(?=[.]?[0-9])([0-9]*)(?:[.]([0-9]*))?(?:[eE]([+-]?[0-9]+))?$";
    private static final String ISO_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private static final String ZONED = "^[+-]?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}([.][0-9]+)?)?"
            + "(Z|[+-][0-9]{2}:[0-9]{2})$";
    /** A fraction of a second with a non-zero digit past the sixth. */
    private static final String NANOS = "T[0-9:]+[.][0-9]{6}[0-9]*[1-9]";
    /** Padded base64, as Java's encoder writes it: Spark's base64 decoding also takes "abc" or "NaN". */
    private static final String BASE64 = "^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$";
    private static final String HEX = "^([0-9A-Fa-f]{2})*$";
}
