package io.dmsdelta.config;

import org.apache.spark.sql.types.DataType;

/** One column of a table definition: its name as DMS writes it and the Spark SQL type it is stored as. */
public record ColumnDefinition(String name, DataType type) {

    public boolean isString() {
        return type.sameType(org.apache.spark.sql.types.DataTypes.StringType);
    }
}
