package io.dmsdelta.source.dynamodb;

import io.dmsdelta.source.events.SourceTypes;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

import java.util.Optional;

/**
 * Which DynamoDB descriptors a column of each Spark type takes: numbers from {@code N}, booleans from {@code BOOL},
 * binary from {@code B}, dates and timestamps from {@code S} (DynamoDB has no time type; ISO-8601 text), arrays
 * from {@code L} and the sets, structs and maps from {@code M}; a string column takes any value (maps, lists and sets
 * as JSON text). {@code NULL} fits every column.
 */
public final class DescriptorTypes implements SourceTypes {

    public static final DescriptorTypes INSTANCE = new DescriptorTypes();

    private DescriptorTypes() {
    }

    @Override
    public Optional<String> allowedPattern(DataType type) {
        return allowed(type);
    }

    @Override
    public String mismatch(DataType type) {
        return "is the attribute's DynamoDB descriptor (where in the value, for an array, struct or map), which a"
                + " column of type " + type.simpleString() + " does not take"
                + allowed(type).map(p -> " (it takes " + p.replaceAll("[\\^$()]", "").replace("|", ", ") + ")")
                .orElse("") + "; declare the column's type to match the attribute, or string";
    }

    static Optional<String> allowed(DataType type) {
        if (type instanceof StringType) {
            return Optional.empty();
        }
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType || type instanceof DecimalType || type instanceof FloatType
                || type instanceof DoubleType) {
            return Optional.of("^N$");
        }
        if (type instanceof BooleanType) {
            return Optional.of("^BOOL$");
        }
        if (type instanceof BinaryType) {
            return Optional.of("^B$");
        }
        if (type instanceof DateType || type instanceof TimestampType || type instanceof TimestampNTZType) {
            return Optional.of("^S$");
        }
        if (type instanceof org.apache.spark.sql.types.ArrayType) {
            return Optional.of("^(L|SS|NS|BS)$");
        }
        return Optional.of("^M$");
    }
}
