package io.dmsdelta.delta;

import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.types.StructField;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Delta's DDL commands on a table by path, to be run as commits of {@link DeltaCommitter#run}. */
public final class DeltaDdl {

    private DeltaDdl() {
    }

    /** Sets table properties; Delta upgrades the table's protocol when a property needs a feature. */
    public static void setProperties(DeltaTableHandle table, Map<String, String> properties) {
        table.spark().sql("ALTER TABLE " + name(table) + " SET TBLPROPERTIES (" + properties.entrySet().stream()
                .map(p -> "'" + p.getKey() + "' = '" + p.getValue() + "'").collect(Collectors.joining(", ")) + ")");
    }

    /** Adds nullable columns after the table's last one; existing rows read NULL for them. */
    public static void addColumns(DeltaTableHandle table, List<StructField> columns) {
        table.spark().sql("ALTER TABLE " + name(table) + " ADD COLUMNS (" + columns.stream()
                .map(f -> SqlNames.quote(f.name()) + " " + f.dataType().sql()).collect(Collectors.joining(", ")) + ")");
    }

    private static String name(DeltaTableHandle table) {
        return "delta." + SqlNames.quote(table.path());
    }
}
