package io.dmsdelta.merge;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaDdl;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Brings an existing table's columns up to its definition: a column the definition gained is added to the
 * Delta table (nullable, existing rows NULL) in a commit of its own, without a reload. The addition is
 * idempotent, so a crash between it and the next MERGE is harmless. Anything else (a column dropped from the
 * definition, a changed type) would need the table's history rewritten and is refused.
 */
public final class SchemaEvolution {

    private SchemaEvolution() {
    }

    /**
     * @param wanted the table's columns as the definition and endpoint settings give them, in order
     * @return descriptions of the columns added; empty when the table already matched
     * @throws ConfigException when the table has a column the definition lacks or a column of another type
     */
    public static List<String> addMissingColumns(DeltaTableHandle table, StructType wanted) {
        String tablePath = table.path();
        StructType current = table.schema();
        Map<String, StructField> byName = java.util.Arrays.stream(current.fields())
                .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), Function.identity()));
        Map<String, StructField> wantedByName = java.util.Arrays.stream(wanted.fields())
                .collect(Collectors.toMap(f -> f.name().toLowerCase(Locale.ROOT), Function.identity()));
        for (StructField field : current.fields()) {
            StructField definition = wantedByName.get(field.name().toLowerCase(Locale.ROOT));
            if (definition == null) {
                throw new ConfigException("the Delta table " + tablePath + " has column " + field.name() + ", which the"
                        + " table definition (or TimestampColumnName) no longer names. dms-delta adds columns but never"
                        + " drops them: put the column back in the definition, or remove the table to rebuild it.");
            }
            if (!definition.dataType().sameType(field.dataType())) {
                throw new ConfigException("column " + field.name() + " of the Delta table " + tablePath + " is "
                        + field.dataType().simpleString() + ", but the table definition says "
                        + definition.dataType().simpleString() + ". Changing a column's type needs a rebuild: restore the"
                        + " type in the definition, or remove the table and run again.");
            }
        }
        List<StructField> missing = java.util.Arrays.stream(wanted.fields())
                .filter(field -> !byName.containsKey(field.name().toLowerCase(Locale.ROOT))).toList();
        List<String> added = missing.stream().map(f -> f.name() + " " + f.dataType().simpleString()).toList();
        if (!missing.isEmpty()) {
            DeltaCommitter.run(table, new WatermarkChange.Keep(), "dms-delta: added column(s) " + String.join(", ", added),
                    () -> DeltaDdl.addColumns(table, missing));
        }
        return added;
    }
}
