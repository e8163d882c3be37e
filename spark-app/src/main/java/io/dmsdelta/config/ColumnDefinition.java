package io.dmsdelta.config;

import org.apache.spark.sql.types.DataType;

/**
 * One column of a table definition: its name as DMS writes it and the Spark SQL type it is stored as.
 *
 * @param addedLater the column was added to the source (or by a mapping rule) after DMS had written files
 *                   without it: files that lack it still apply, with NULL for it. Such columns come last.
 */
public record ColumnDefinition(String name, DataType type, boolean addedLater) {

    public ColumnDefinition(String name, DataType type) {
        this(name, type, false);
    }

    public boolean isString() {
        return type.sameType(org.apache.spark.sql.types.DataTypes.StringType);
    }
}
