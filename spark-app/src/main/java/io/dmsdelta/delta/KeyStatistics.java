package io.dmsdelta.delta;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.changeset.KeyRanges;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/**
 * Data skipping by a file's key statistics, without Spark, for integer keys: whether a file's {@code minValues} and
 * {@code maxValues} (Delta writes them exactly for integers) can hold a key in a batch's ranges. Other types are left
 * to Delta's own data skipping, whose rules for truncated strings and millisecond timestamps are its own. Missing or
 * null statistics mean the file may hold any key.
 */
final class KeyStatistics {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyStatistics() {
    }

    /** Whether every range is on an integer column of {@code schema} (a top-level column). */
    static boolean prunable(KeyRanges ranges, StructType schema) {
        return ranges.ranges().stream().allMatch(range -> Arrays.asList(schema.fieldNames()).contains(range.column())
                && integral(schema.apply(range.column()).dataType()));
    }

    private static boolean integral(DataType type) {
        return type instanceof LongType || type instanceof IntegerType || type instanceof ShortType
                || type instanceof ByteType;
    }

    /** Whether a file with these statistics (Delta's JSON, may be null) may hold a key within every range. */
    static boolean mayHold(String stats, KeyRanges ranges) {
        if (stats == null || ranges.ranges().isEmpty()) {
            return true;
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(stats);
        } catch (JsonProcessingException e) {
            return true; // statistics Delta cannot read either: it reads such a file too
        }
        for (KeyRanges.Range range : ranges.ranges()) {
            JsonNode min = parsed.path("minValues").path(range.column());
            JsonNode max = parsed.path("maxValues").path(range.column());
            if (min.isIntegralNumber() && max.isIntegralNumber()
                    && (max.longValue() < ((Number) range.min()).longValue()
                    || min.longValue() > ((Number) range.max()).longValue())) {
                return false;
            }
        }
        return true;
    }
}
