package io.dmsdelta.init;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * The Spark type of a column of a Parquet file DMS wrote ({@code DataFormat=parquet}), from the file's footer,
 * as Spark itself reads the column: DMS writes its own types as Parquet's (INT32 for INT4, DECIMAL for NUMERIC,
 * TIMESTAMP for DATETIME, ...).
 */
public final class ParquetTypes {

    private ParquetTypes() {
    }

    public static MappedType map(Type type) {
        if (!type.isPrimitive()) {
            return MappedType.fallback("Parquet column of nested type " + type + ": declared string; a run reads"
                    + " Parquet columns as text, which a nested column is not.");
        }
        PrimitiveType primitive = type.asPrimitiveType();
        LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
        if (logical instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation decimal) {
            return decimal.getPrecision() > 38
                    ? MappedType.fallback("Parquet decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ") has"
                            + " more digits than a Spark decimal (38): declared string.")
                    : MappedType.of("decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")");
        }
        if (logical instanceof LogicalTypeAnnotation.TimeLogicalTypeAnnotation) {
            return MappedType.fallback("Parquet TIME: declared string (Spark has no time type), but Spark 3.5 cannot read"
                    + " Parquet TIME columns, so a run may fail on this column's files.");
        }
        switch (primitive.getPrimitiveTypeName()) {
            case BOOLEAN:
                return MappedType.of("boolean");
            case INT32:
                if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
                    return MappedType.of("date");
                }
                if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer) {
                    return MappedType.of(integer(integer.getBitWidth(), integer.isSigned()));
                }
                return MappedType.of("int");
            case INT64:
                if (logical instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
                    return MappedType.of("timestamp");
                }
                if (logical instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation integer && !integer.isSigned()) {
                    return MappedType.of("decimal(20,0)"); // as Spark reads UINT64
                }
                return MappedType.of("bigint");
            case INT96:
                return MappedType.of("timestamp");
            case FLOAT:
                return MappedType.of("float");
            case DOUBLE:
                return MappedType.of("double");
            case BINARY:
            case FIXED_LEN_BYTE_ARRAY:
                if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation
                        || logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
                    return MappedType.of("string");
                }
                return MappedType.of("binary");
            default:
                return MappedType.fallback("Parquet type " + primitive + " is not in the type mapping: declared string.");
        }
    }

    /** Parquet's INT(8|16|32, signed or not), widened as Spark widens the unsigned ones. */
    private static String integer(int bits, boolean signed) {
        if (bits == 8) {
            return signed ? "tinyint" : "smallint";
        }
        if (bits == 16) {
            return signed ? "smallint" : "int";
        }
        return signed ? "int" : "bigint";
    }
}
