package io.dmsdelta.merge;

import io.delta.tables.DeltaTable;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.SqlNames;
import io.dmsdelta.dms.FileLayout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies a change set that holds at most one change per key with a single Delta MERGE, so the table is
 * rewritten once per batch however many files and changes it holds. Upsert semantics, as DMS output needs
 * them (changes made during the full load can appear in both LOAD and CDC files):
 * <ul>
 *   <li>{@code D}: deletes the key if present, else does nothing;</li>
 *   <li>{@code I} or {@code U} on an existing key: replaces the row;</li>
 *   <li>{@code I} or {@code U} on a missing key: inserts the row.</li>
 * </ul>
 */
public final class ChangeMerger {

    private ChangeMerger() {
    }

    /**
     * @param changes one row per key with {@link FileLayout#OP} and the table's columns
     * @param columns the table's columns in table order
     */
    public static void merge(DeltaTable target, Dataset<Row> changes, TableDefinition table, List<String> columns) {
        String on = table.primaryKey().stream()
                .map(k -> "t." + SqlNames.quote(k) + " = s." + SqlNames.quote(k))
                .collect(Collectors.joining(" AND "));
        Map<String, String> assignments = new LinkedHashMap<>();
        for (String column : columns) {
            assignments.put(SqlNames.quote(column), "s." + SqlNames.quote(column));
        }
        String op = "s." + FileLayout.OP;
        target.as("t")
                .merge(changes.as("s"), on)
                .whenMatched(op + " = 'D'").delete()
                .whenMatched().updateExpr(assignments)
                .whenNotMatched(op + " <> 'D'").insertExpr(assignments)
                .execute();
    }

}
