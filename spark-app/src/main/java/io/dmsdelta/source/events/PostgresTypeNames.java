package io.dmsdelta.source.events;

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
import org.apache.spark.sql.types.TimestampType;

import java.util.Optional;

/** PostgreSQL's type names, as wal2json writes them (with or without {@code include-typmod}). */
public final class PostgresTypeNames implements SourceTypes {

    public static final PostgresTypeNames INSTANCE = new PostgresTypeNames();

    private PostgresTypeNames() {
    }

    @Override
    public String mismatch(DataType type) {
        return "is the column's type in the source, which a column of type " + type.simpleString()
                + " does not hold; declare a type that does";
    }

    /** Text holds every type's output; the others the types whose values they hold. */
    @Override
    public Optional<String> allowedPattern(DataType type) {
        String integral = "smallint|integer|bigint|int2|int4|int8|numeric.*|oid";
        if (type instanceof ByteType || type instanceof ShortType || type instanceof IntegerType
                || type instanceof LongType || type instanceof DecimalType) {
            return Optional.of("^(" + integral + ")$");
        }
        if (type instanceof FloatType || type instanceof DoubleType) {
            return Optional.of("^(" + integral + "|real|double precision|float4|float8)$");
        }
        if (type instanceof BooleanType) {
            return Optional.of("^(boolean|bool)$");
        }
        if (type instanceof DateType) {
            return Optional.of("^date$");
        }
        if (type instanceof TimestampType) {
            return Optional.of("^(timestamp.*|timestamptz|date)$");
        }
        if (type instanceof BinaryType) {
            return Optional.of("^bytea$");
        }
        return Optional.empty();
    }
}
