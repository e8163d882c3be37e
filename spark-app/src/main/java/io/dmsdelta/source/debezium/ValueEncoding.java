package io.dmsdelta.source.debezium;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How Debezium wrote a column's values: what its connector settings ({@code time.precision.mode},
 * {@code decimal.handling.mode}, {@code binary.handling.mode}) and the source type make of them. Each value reaches
 * {@link DebeziumValues} as text: a JSON string's content, a JSON number's literal, or an object's JSON text.
 */
public enum ValueEncoding {
    /** Decided by the column's Spark type; see {@link DebeziumValues#resolve}. */
    AUTO,
    /** {@code io.debezium.time.Date}: days since 1970-01-01, to a date. */
    DATE_DAYS,
    /** {@code io.debezium.time.Timestamp}, Kafka Connect's {@code Timestamp}: milliseconds since the epoch. */
    TIMESTAMP_MILLIS,
    /** {@code io.debezium.time.MicroTimestamp}: microseconds since the epoch. */
    TIMESTAMP_MICROS,
    /** {@code io.debezium.time.NanoTimestamp}: nanoseconds since the epoch; only whole microseconds fit a Spark timestamp. */
    TIMESTAMP_NANOS,
    /** {@code io.debezium.time.ZonedTimestamp}: an ISO-8601 string with an offset or {@code Z}. */
    ZONED_TIMESTAMP,
    /** {@code io.debezium.time.MicroTime}: microseconds since midnight, to the string {@code HH:mm:ss[.ffffff]}. */
    TIME_MICROS,
    /** {@code io.debezium.time.Time}: milliseconds since midnight, to the string {@code HH:mm:ss[.fff]}. */
    TIME_MILLIS,
    /** {@code io.debezium.time.ZonedTime}: kept as the string it is. */
    ZONED_TIME,
    /** Kafka Connect's {@code Decimal}: base64 of the big-endian two's-complement unscaled value; scale = the column's. */
    DECIMAL_BASE64,
    /** {@code io.debezium.data.VariableScaleDecimal}: {@code {"scale":s,"value":"<base64 unscaled>"}}. */
    VARIABLE_SCALE_DECIMAL,
    /** {@code decimal.handling.mode=string}, or a JSON number: the decimal's text, taken exactly. */
    DECIMAL_TEXT,
    /** {@code decimal.handling.mode=double}: a JSON number. */
    DOUBLE,
    /** {@code binary.handling.mode=bytes}: the JSON converter writes the bytes as base64. */
    BYTES_BASE64,
    /** {@code binary.handling.mode=hex}. */
    BYTES_HEX,
    /** The value's own text: a string (JSON, UUID, enum, interval, ...), or a number, boolean or JSON text of the type. */
    TEXT;

    /** As a configuration spells it: lower case with dashes, e.g. {@code timestamp-micros}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** @throws IllegalArgumentException naming the valid spellings, when {@code name} is none of them */
    public static ValueEncoding parse(String name) {
        for (ValueEncoding encoding : values()) {
            if (encoding.configName().equals(name)) {
                return encoding;
            }
        }
        throw new IllegalArgumentException("unknown value encoding " + (name == null ? "null" : "\"" + name + "\"")
                + "; expected one of " + Arrays.stream(values()).map(ValueEncoding::configName)
                .collect(Collectors.joining(", ")));
    }
}
