package io.dmsdelta.source.debezium;

import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real Debezium values, as the JSON reader hands them over (text), decoded per encoding: good ones and bad ones. */
class DebeziumValuesTest {

    private static final DataType DECIMAL_12_2 = DataTypes.createDecimalType(12, 2);

    /** Each text's decoded value and problem, in order. */
    private record Decoded(List<Row> rows) {
        Object value(int i) {
            return rows.get(i).get(0);
        }

        String problem(int i) {
            return rows.get(i).getString(1);
        }

        /** The value of a text that must decode. */
        Object good(int i) {
            assertNull(problem(i), "problem of value " + i);
            return value(i);
        }

        /** The problem of a text that must not decode; its value is null. */
        String bad(int i) {
            assertNotNull(problem(i), "problem of value " + i + " (decoded to " + value(i) + ")");
            assertNull(value(i), "value of bad value " + i);
            return problem(i);
        }
    }

    private static Decoded decode(DataType type, ValueEncoding encoding, String... texts) {
        return decode(type, encoding, TimestampDefault.MICROS, texts);
    }

    private static Decoded decode(DataType type, ValueEncoding encoding, TimestampDefault timestamps, String... texts) {
        List<Row> rows = Arrays.stream(texts).map(t -> RowFactory.create((Object) t)).toList();
        Dataset<Row> df = TestSpark.get().createDataFrame(rows, new StructType().add("t", DataTypes.StringType));
        Column text = col("t");
        return new Decoded(df.select(DebeziumValues.decode(text, type, encoding, timestamps),
                DebeziumValues.problem(text, type, encoding, timestamps)).collectAsList());
    }

    private static String instant(Object timestamp) {
        return ((java.sql.Timestamp) timestamp).toInstant().toString();
    }

    @Test
    void nullTextIsANullValueWithoutAProblem() {
        Decoded d = decode(DataTypes.IntegerType, ValueEncoding.AUTO, (String) null);
        assertNull(d.good(0));
    }

    @Test
    void datesAreDaysSinceTheEpochOrIsoDatesUnderAuto() {
        Decoded d = decode(DataTypes.DateType, ValueEncoding.AUTO, "17702", "-1", "2018-06-20", "2018-06-31", "2018-06",
                "2147483648");
        assertEquals("2018-06-20", d.good(0).toString());
        assertEquals("1969-12-31", d.good(1).toString());
        assertEquals("2018-06-20", d.good(2).toString());
        assertTrue(d.bad(3).contains("days since 1970-01-01"));
        assertTrue(d.bad(4).contains("ISO date"));
        assertEquals("is out of range for date", d.bad(5));

        Decoded days = decode(DataTypes.DateType, ValueEncoding.DATE_DAYS, "17702", "2018-06-20");
        assertEquals("2018-06-20", days.good(0).toString());
        assertTrue(days.bad(1).contains("io.debezium.time.Date"));
    }

    @Test
    void epochTimestampsInMillisMicrosAndNanos() {
        assertEquals("2024-06-12T10:31:25.108Z",
                instant(decode(DataTypes.TimestampType, ValueEncoding.TIMESTAMP_MILLIS, "1718188285108").good(0)));
        assertEquals("2024-06-12T10:31:25.108123Z",
                instant(decode(DataTypes.TimestampType, ValueEncoding.TIMESTAMP_MICROS, "1718188285108123").good(0)));
        Decoded nanos = decode(DataTypes.TimestampType, ValueEncoding.TIMESTAMP_NANOS,
                "1718188285108123000", "1718188285108123456", "-1000");
        assertEquals("2024-06-12T10:31:25.108123Z", instant(nanos.good(0)));
        assertTrue(nanos.bad(1).startsWith("has nanoseconds, which a Spark timestamp cannot hold"));
        assertEquals("1969-12-31T23:59:59.999999Z", instant(nanos.good(2)));
        // Milliseconds past what a long of microseconds holds: a problem, not a failed query.
        Decoded far = decode(DataTypes.TimestampType, ValueEncoding.TIMESTAMP_MILLIS, "9223372036854775807", "1.5");
        assertEquals("is out of range for timestamp", far.bad(0));
        assertTrue(far.bad(1).contains("milliseconds since 1970-01-01T00:00:00Z"));
    }

    @Test
    void zonedTimestampsNeedAnOffset() {
        Decoded d = decode(DataTypes.TimestampType, ValueEncoding.ZONED_TIMESTAMP, "2024-06-12T10:31:25.108123Z",
                "2024-06-12T12:31:25+02:00", "2024-06-12T10:31:25", "1234", "June 12, 2024",
                "2024-06-12T10:31:25.108123456Z", "2024-06-12T10:31:25.108123000Z");
        assertEquals("2024-06-12T10:31:25.108123Z", instant(d.good(0)));
        assertEquals("2024-06-12T10:31:25Z", instant(d.good(1)));
        assertTrue(d.bad(2).contains("with an offset"));
        assertTrue(d.bad(3).contains("io.debezium.time.ZonedTimestamp"));
        assertTrue(d.bad(4).startsWith("is not a valid timestamp"));
        assertTrue(d.bad(5).startsWith("has nanoseconds"));
        assertEquals("2024-06-12T10:31:25.108123Z", instant(d.good(6)));
    }

    @Test
    void autoTimestampsReadBareNumbersPerTheConnectorsDefault() {
        Decoded micros = decode(DataTypes.TimestampType, ValueEncoding.AUTO, TimestampDefault.MICROS,
                "1718188285108123", "2024-06-12T12:31:25+02:00", "not a time");
        assertEquals("2024-06-12T10:31:25.108123Z", instant(micros.good(0)));
        assertEquals("2024-06-12T10:31:25Z", instant(micros.good(1)));
        String problem = micros.bad(2);
        assertTrue(problem.contains("microseconds") && problem.contains("ISO-8601"), problem);
        Decoded millis = decode(DataTypes.TimestampType, ValueEncoding.AUTO, TimestampDefault.MILLIS, "1718188285108");
        assertEquals("2024-06-12T10:31:25.108Z", instant(millis.good(0)));
    }

    @Test
    void timesOfDayBecomeStrings() {
        Decoded micros = decode(DataTypes.StringType, ValueEncoding.TIME_MICROS,
                "37885108123", "37885000000", "0", "86400000000", "86400000001", "-1", "ten");
        assertEquals("10:31:25.108123", micros.good(0));
        assertEquals("10:31:25", micros.good(1));
        assertEquals("00:00:00", micros.good(2));
        assertEquals("24:00:00", micros.good(3)); // PostgreSQL's end of day
        assertTrue(micros.bad(4).startsWith("is out of range for a time of day"));
        assertTrue(micros.bad(5).startsWith("is out of range for a time of day"));
        assertTrue(micros.bad(6).contains("time.precision.mode"));
        Decoded millis = decode(DataTypes.StringType, ValueEncoding.TIME_MILLIS, "37885108", "37885100");
        assertEquals("10:31:25.108", millis.good(0));
        assertEquals("10:31:25.100", millis.good(1));
        assertEquals("10:31:25+02", decode(DataTypes.StringType, ValueEncoding.ZONED_TIME, "10:31:25+02").good(0));
    }

    @Test
    void base64DecimalsAreSignedUnscaledBytesAtTheColumnsScale() {
        // 10^20 - 1 is 20 digits: past a long, inside decimal(38,0).
        String twentyDigits = java.util.Base64.getEncoder().encodeToString(
                new java.math.BigInteger("99999999999999999999").toByteArray());
        String negative = java.util.Base64.getEncoder().encodeToString(java.math.BigInteger.valueOf(-1234).toByteArray());
        Decoded d = decode(DECIMAL_12_2, ValueEncoding.DECIMAL_BASE64, "BNI=", negative, "AA==", "12.34", "", "abc");
        assertEquals(new BigDecimal("12.34"), d.good(0));
        assertEquals(new BigDecimal("-12.34"), d.good(1));
        assertEquals(new BigDecimal("0.00"), d.good(2));
        assertEquals("is not a valid decimal(12,2): expected base64 of the unscaled value (Debezium's "
                + "decimal.handling.mode=precise); a plain number such as 12.34 comes from decimal.handling.mode="
                + "string or double: declare the column's encoding decimal-text", d.bad(3));
        assertTrue(d.bad(4).startsWith("is not a valid decimal(12,2)")); // no bytes
        assertTrue(d.bad(5).startsWith("is not a valid decimal(12,2)")); // unpadded
        Decoded wide = decode(DataTypes.createDecimalType(38, 0), ValueEncoding.AUTO, "/w==", twentyDigits);
        assertEquals(new BigDecimal("-1"), wide.good(0));
        assertEquals(new BigDecimal("99999999999999999999"), wide.good(1));
        assertEquals("is out of range for decimal(10,0), which holds 10 digits before the decimal point",
                decode(DataTypes.createDecimalType(10, 0), ValueEncoding.DECIMAL_BASE64, twentyDigits).bad(0));
    }

    @Test
    void variableScaleDecimalsFitTheColumnExactlyOrNotAtAll() {
        String value = "{\"scale\":2,\"value\":\"BNI=\"}";
        assertEquals(new BigDecimal("12.3400"),
                decode(DataTypes.createDecimalType(20, 4), ValueEncoding.VARIABLE_SCALE_DECIMAL, value).good(0));
        assertTrue(decode(DataTypes.createDecimalType(10, 1), ValueEncoding.AUTO, value).bad(0)
                .startsWith("has more decimal places than decimal(10,1) holds"));
        // 12.30 has one significant decimal place: it fits decimal(10,1) exactly.
        assertEquals(new BigDecimal("12.3"), decode(DataTypes.createDecimalType(10, 1), ValueEncoding.AUTO,
                "{\"scale\":2,\"value\":\"BM4=\"}").good(0));
        Decoded bad = decode(DataTypes.createDecimalType(20, 4), ValueEncoding.VARIABLE_SCALE_DECIMAL,
                "{\"scale\":2}", "{\"scale\":2,\"value\":\"12.34\"}", "12.34");
        for (int i = 0; i < 3; i++) {
            assertTrue(bad.bad(i).contains("io.debezium.data.VariableScaleDecimal"), bad.problem(i));
        }
    }

    @Test
    void decimalTextIsExactNeverRounded() {
        Decoded d = decode(DECIMAL_12_2, ValueEncoding.DECIMAL_TEXT, "12.34", "-5", "1.5E3", "12.340", "12.345",
                "5E-3", "12345678901", "1E+40", "twelve", "0.0000");
        assertEquals(new BigDecimal("12.34"), d.good(0));
        assertEquals(new BigDecimal("-5.00"), d.good(1));
        assertEquals(new BigDecimal("1500.00"), d.good(2));
        assertEquals(new BigDecimal("12.34"), d.good(3));
        assertTrue(d.bad(4).startsWith("has more decimal places than decimal(12,2) holds"));
        assertTrue(d.bad(5).startsWith("has more decimal places"));
        assertTrue(d.bad(6).startsWith("is out of range for decimal(12,2)"));
        assertTrue(d.bad(7).startsWith("is out of range for decimal(12,2)"));
        assertTrue(d.bad(8).contains("decimal.handling.mode=string"));
        assertEquals(new BigDecimal("0.00"), d.good(9));
        // decimal.handling.mode=double into a decimal column: the number's text, not a double's approximation.
        assertEquals(new BigDecimal("0.10"), decode(DECIMAL_12_2, ValueEncoding.DOUBLE, "0.1").good(0));
    }

    @Test
    void integersAreWholeAndInRange() {
        Decoded ints = decode(DataTypes.IntegerType, ValueEncoding.AUTO, "-5", "abc", "2147483648", "3.0", "1E3");
        assertEquals(-5, ints.good(0));
        assertEquals("is not a valid int: expected a whole number", ints.bad(1));
        assertEquals("is out of range for int", ints.bad(2));
        assertTrue(ints.bad(3).startsWith("is not a valid int"));
        assertTrue(ints.bad(4).startsWith("is not a valid int"));
        Decoded longs = decode(DataTypes.LongType, ValueEncoding.TEXT, "9223372036854775807", "1.5");
        assertEquals(Long.MAX_VALUE, longs.good(0));
        assertEquals("is not a valid bigint: expected a whole number", longs.bad(1));
        assertEquals("is out of range for smallint", decode(DataTypes.ShortType, ValueEncoding.AUTO, "40000").bad(0));
    }

    @Test
    void floatingPointTakesDebeziumsSpecialValues() {
        Decoded d = decode(DataTypes.DoubleType, ValueEncoding.AUTO, "NaN", "Infinity", "-Infinity", "1.5E3", "x", "1e400");
        assertTrue(Double.isNaN((Double) d.good(0)));
        assertEquals(Double.POSITIVE_INFINITY, d.good(1));
        assertEquals(Double.NEGATIVE_INFINITY, d.good(2));
        assertEquals(1500.0, d.good(3));
        assertTrue(d.bad(4).startsWith("is not a valid double"));
        assertEquals("is out of range for double", d.bad(5));
        assertEquals("is out of range for float", decode(DataTypes.FloatType, ValueEncoding.DOUBLE, "1e40").bad(0));
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        Decoded d = decode(DataTypes.BooleanType, ValueEncoding.AUTO, "true", "false", "yes", "1");
        assertEquals(true, d.good(0));
        assertEquals(false, d.good(1));
        assertEquals("is not a valid boolean: expected true or false", d.bad(2));
        assertNotNull(d.bad(3));
    }

    @Test
    void bytesAreBase64OrHex() {
        Decoded base64 = decode(DataTypes.BinaryType, ValueEncoding.AUTO, "AQL/", "", "abc", "**==");
        assertArrayEquals(new byte[]{1, 2, -1}, (byte[]) base64.good(0));
        assertArrayEquals(new byte[0], (byte[]) base64.good(1));
        assertTrue(base64.bad(2).contains("binary.handling.mode=bytes"));
        assertNotNull(base64.bad(3));
        Decoded hex = decode(DataTypes.BinaryType, ValueEncoding.BYTES_HEX, "0102ff", "abc", "zz");
        assertArrayEquals(new byte[]{1, 2, -1}, (byte[]) hex.good(0));
        assertTrue(hex.bad(1).contains("binary.handling.mode=hex"));
        assertNotNull(hex.bad(2));
    }

    @Test
    void stringsStayAsTheyAreAndOtherTypesParseAsJson() {
        Decoded text = decode(DataTypes.StringType, ValueEncoding.AUTO, "{\"a\": [1, 2]}", "0b9c3e2a-5f6c-4a51-9d43-1c1f1a1e0b9c");
        assertEquals("{\"a\": [1, 2]}", text.good(0));
        assertEquals("0b9c3e2a-5f6c-4a51-9d43-1c1f1a1e0b9c", text.good(1));

        StructType point = new StructType().add("x", DataTypes.IntegerType).add("y", DataTypes.StringType);
        Decoded struct = decode(point, ValueEncoding.AUTO, "{\"x\":1,\"y\":\"a\"}", "{\"x\":\"one\"}", "{\"x\":1");
        assertEquals(RowFactory.create(1, "a"), struct.good(0));
        assertTrue(struct.bad(1).startsWith("is not a valid struct<x:int,y:string>"));
        assertNotNull(struct.bad(2));
        Decoded array = decode(DataTypes.createArrayType(DataTypes.IntegerType), ValueEncoding.TEXT, "[1,2]", "[1,\"x\"]");
        assertEquals(List.of(1, 2), array.rows().get(0).getList(0));
        assertNull(array.problem(0));
        assertNotNull(array.bad(1));
    }

    @Test
    void autoResolvesByType() {
        assertEquals(ValueEncoding.DATE_DAYS, DebeziumValues.resolve(DataTypes.DateType, ValueEncoding.AUTO, TimestampDefault.MICROS));
        assertEquals(ValueEncoding.TIMESTAMP_MICROS,
                DebeziumValues.resolve(DataTypes.TimestampType, ValueEncoding.AUTO, TimestampDefault.MICROS));
        assertEquals(ValueEncoding.TIMESTAMP_MILLIS,
                DebeziumValues.resolve(DataTypes.TimestampType, ValueEncoding.AUTO, TimestampDefault.MILLIS));
        assertEquals(ValueEncoding.DECIMAL_BASE64, DebeziumValues.resolve(DECIMAL_12_2, ValueEncoding.AUTO, TimestampDefault.MICROS));
        assertEquals(ValueEncoding.BYTES_BASE64, DebeziumValues.resolve(DataTypes.BinaryType, ValueEncoding.AUTO, TimestampDefault.MICROS));
        assertEquals(ValueEncoding.TEXT, DebeziumValues.resolve(DataTypes.IntegerType, ValueEncoding.AUTO, TimestampDefault.MICROS));
        assertEquals(ValueEncoding.TIME_MICROS,
                DebeziumValues.resolve(DataTypes.StringType, ValueEncoding.TIME_MICROS, TimestampDefault.MICROS));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DebeziumValues.resolve(DataTypes.IntegerType, ValueEncoding.DATE_DAYS, TimestampDefault.MICROS));
        assertEquals("the value encoding date-days does not apply to a column of type int", e.getMessage());
    }

    @Test
    void encodingNamesRoundTrip() {
        for (ValueEncoding encoding : ValueEncoding.values()) {
            assertEquals(encoding, ValueEncoding.parse(encoding.configName()));
        }
        assertEquals("timestamp-micros", ValueEncoding.TIMESTAMP_MICROS.configName());
        assertEquals(ValueEncoding.VARIABLE_SCALE_DECIMAL, ValueEncoding.parse("variable-scale-decimal"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueEncoding.parse("micros"));
        assertTrue(e.getMessage().startsWith("unknown value encoding \"micros\"; expected one of auto, date-days, "),
                e.getMessage());
    }
}
