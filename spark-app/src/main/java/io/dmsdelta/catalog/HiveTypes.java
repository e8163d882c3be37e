package io.dmsdelta.catalog;

import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Delta table's columns as a Hive-style catalog (Glue) describes them: lowercase names (Glue and Athena fold names
 * to lowercase) and Hive type names ({@code int}, {@code bigint}, {@code decimal(12,2)}, {@code string},
 * {@code timestamp}, {@code array<int>}, ...). Spark's own type names are Hive's for every type a table definition can
 * give, except {@code timestamp_ntz}, which Hive does not have: it is described as {@code timestamp}. Engines that
 * read Delta natively (Athena, Spark) take the types from the Delta log; the catalog's columns are what Lake
 * Formation, views and the Glue console go by.
 */
public final class HiveTypes {

    private HiveTypes() {
    }

    /** One column as a catalog describes it. */
    public record Column(String name, String type) {
    }

    public static List<Column> columns(StructType schema) {
        List<Column> columns = new ArrayList<>();
        for (StructField field : schema.fields()) {
            columns.add(new Column(field.name().toLowerCase(Locale.ROOT), typeName(field.dataType())));
        }
        return columns;
    }

    static String typeName(DataType type) {
        if (type instanceof TimestampNTZType) {
            return "timestamp";
        }
        if (type instanceof ArrayType array) {
            return "array<" + typeName(array.elementType()) + ">";
        }
        if (type instanceof MapType map) {
            return "map<" + typeName(map.keyType()) + "," + typeName(map.valueType()) + ">";
        }
        if (type instanceof StructType struct) {
            return java.util.Arrays.stream(struct.fields())
                    .map(f -> f.name().toLowerCase(Locale.ROOT) + ":" + typeName(f.dataType()))
                    .collect(Collectors.joining(",", "struct<", ">"));
        }
        return type.catalogString();
    }
}
