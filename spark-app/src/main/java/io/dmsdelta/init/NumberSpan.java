package io.dmsdelta.init;

import java.math.BigDecimal;

/**
 * What the numbers an attribute was seen with need, as a Spark type: {@code bigint} while every one is a whole
 * number that fits a long, else {@code decimal(38,s)} with {@code s} the most digits after the point, else (more than
 * 18 digits after the point, or more digits in all than 38) {@code double}. DynamoDB numbers carry up to 38
 * significant digits, from 1E-130 to 1E+126: no one Spark type holds them all.
 *
 * @param integersFitLong every number seen was whole and within a long's range (so also when none was seen)
 * @param scale           the most digits after the point seen (trailing zeros do not count)
 * @param integerDigits   the most digits before the point seen
 */
public record NumberSpan(boolean integersFitLong, int scale, int integerDigits) {

    /** No number seen yet. */
    public static final NumberSpan NONE = new NumberSpan(true, 0, 0);

    static final int MAX_PRECISION = 38;
    static final int MAX_SCALE = 18;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    /**
     * @param number a number as DynamoDB writes it ({@code "12"}, {@code "-0.5"}, {@code "1E+30"})
     * @throws NumberFormatException when it is not a number
     */
    public NumberSpan plus(String number) {
        BigDecimal value = new BigDecimal(number.trim()).stripTrailingZeros();
        boolean whole = value.scale() <= 0;
        boolean fitsLong = whole && value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
        return new NumberSpan(integersFitLong && fitsLong, Math.max(scale, Math.max(value.scale(), 0)),
                Math.max(integerDigits, Math.max(value.precision() - value.scale(), 0)));
    }

    /** The Spark type, with a note when it is {@code double}. */
    public MappedType type() {
        if (integersFitLong) {
            return MappedType.of("bigint");
        }
        if (scale <= MAX_SCALE && integerDigits + scale <= MAX_PRECISION) {
            return MappedType.of("decimal(" + MAX_PRECISION + "," + scale + ")");
        }
        return new MappedType("double", java.util.Optional.of("numbers seen with " + integerDigits + " digits before"
                + " the point and " + scale + " after it, more than a decimal(38,s) with s up to 18 holds: declared"
                + " double, which keeps about 16 significant digits; declare a decimal (--type or in the file) if the"
                + " values fit one"), false, false, java.util.List.of());
    }
}
