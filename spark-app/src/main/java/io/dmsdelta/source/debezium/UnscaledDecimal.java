package io.dmsdelta.source.debezium;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

import java.math.BigDecimal;
import java.math.BigInteger;

import static org.apache.spark.sql.functions.udf;

/**
 * Kafka Connect's decimal bytes (big-endian two's complement of the unscaled value) to the decimal's plain text.
 * Spark has no function for signed big-endian bytes; the text then goes through the same exact, range-checked cast
 * as a decimal written as a string. A UDF value rather than a registered name: callers need no setup.
 */
final class UnscaledDecimal {

    /** Past this the plain text is absurdly long (a scale of -10^9 is a billion zeros), and fits no decimal(38). */
    private static final int MAX_SCALE = 1000;

    private static final UserDefinedFunction TO_TEXT =
            udf((UDF2<byte[], Integer, String>) UnscaledDecimal::toText, DataTypes.StringType)
                    .withName("debezium_unscaled_decimal");

    private UnscaledDecimal() {
    }

    /** The decimal's plain text; null when the bytes or scale are null, the bytes empty or the scale absurd. */
    static Column toText(Column unscaledBytes, Column scale) {
        return TO_TEXT.apply(unscaledBytes, scale);
    }

    static String toText(byte[] unscaled, Integer scale) {
        if (unscaled == null || unscaled.length == 0 || scale == null || Math.abs(scale) > MAX_SCALE) {
            return null;
        }
        return new BigDecimal(new BigInteger(unscaled), scale).toPlainString();
    }
}
