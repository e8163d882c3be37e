package io.dmsdelta.dms;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a table's files, given in commit order, into one DataFrame of raw text rows in a single Spark pass:
 * each file's layout is decided up front, files sharing a layout are read together, and the groups are
 * unioned. The result's columns are described by {@link SparkFileReader}.
 */
public final class DmsFileReader {

    private final SparkSession spark;
    private final TableDefinition table;
    private final EndpointSettings settings;
    private final FileLayouts layouts;

    public DmsFileReader(SparkSession spark, Storage storage, TableDefinition table, EndpointSettings settings) {
        this.spark = spark;
        this.table = table;
        this.settings = settings;
        this.layouts = new FileLayouts(table, settings, new FirstRecords(storage, settings));
    }

    /** The value columns every row has: see {@link TableDefinition#readFields}. */
    private List<String> valueFields() {
        return table.readFields(settings.timestampColumnName());
    }

    /** Header columns that were skipped because the definition ignores unknown columns, with a file naming each. */
    public Map<String, String> ignoredColumns() {
        return layouts.ignoredColumns();
    }

    /**
     * @param files files in commit order
     * @return the rows; no rows when no file holds any
     * @throws BadInputException when a file cannot be read or does not fit the table
     */
    public Dataset<Row> read(List<DmsFile> files) {
        Map<String, Integer> fileIndex = new HashMap<>();
        Map<FileLayout, List<DmsFile>> byLayout = new LinkedHashMap<>();
        for (DmsFile file : files) {
            fileIndex.put(file.path(), fileIndex.size());
            layouts.of(file).ifPresent(layout -> byLayout.computeIfAbsent(layout, l -> new ArrayList<>()).add(file));
        }
        SparkFileReader reader = new SparkFileReader(spark, settings, table);
        return byLayout.entrySet().stream()
                .map(group -> reader.read(group.getValue(), group.getKey(), valueFields(), fileIndex))
                .reduce(Dataset::union)
                .orElseGet(() -> reader.noRows(valueFields()));
    }
}
