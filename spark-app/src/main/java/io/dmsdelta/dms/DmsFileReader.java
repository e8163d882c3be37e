package io.dmsdelta.dms;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.Storage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a table's files, given in commit order, into one DataFrame of raw text rows in a single Spark pass:
 * each file's layout is decided up front ({@link #plan}), files sharing a layout are read together, and the groups
 * are unioned. The result's columns are described by {@link SparkFileReader}.
 */
public final class DmsFileReader {

    private final SparkSession spark;
    private final TableDefinition table;
    private final EndpointSettings settings;
    private final FileLayouts layouts;
    private final FirstRecords firstRecords;
    private final int maxValueChars;

    public DmsFileReader(SparkSession spark, Storage storage, TableDefinition table, EndpointSettings settings,
                         int maxValueChars) {
        this.spark = spark;
        this.table = table;
        this.settings = settings;
        this.maxValueChars = maxValueChars;
        this.firstRecords = new FirstRecords(storage, settings, maxValueChars);
        this.layouts = new FileLayouts(table, settings, firstRecords);
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
     * Decides every file's layout, in commit order, each headerless file's trailing groups judged against those of
     * the file before it.
     *
     * @param files    files in commit order
     * @param previous the trailing groups of the last file applied before these ({@link TrailingGroups#NONE} if unknown)
     * @throws BadInputException at the first file that cannot be read or does not fit the table
     */
    public ReadPlan plan(List<DmsFile> files, TrailingGroups previous) {
        List<ReadPlan.Planned> planned = new ArrayList<>();
        TrailingGroups last = previous;
        for (DmsFile file : files) {
            Optional<FileLayout> layout = layouts.of(file, last);
            if (layout.isPresent()) {
                planned.add(new ReadPlan.Planned(file, layout.get()));
                last = layout.get().groups().orElse(last);
            }
        }
        return new ReadPlan(files, planned, last);
    }

    /**
     * Runs {@code action}, which reads the plan's files through Spark. When Spark fails because a value is longer than
     * the bound (a quote not closed), its error names no file: the files are then scanned to name it.
     *
     * @throws BadInputException naming the file and record with the too long value
     */
    public <T> T reading(ReadPlan plan, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (Exception e) { // Spark's job failures are checked exceptions that Scala does not declare
            if (!FirstRecords.isTooLong(e)) {
                throw io.dmsdelta.report.Failures.rethrow(e);
            }
            for (ReadPlan.Planned planned : plan.layouts()) {
                if (planned.layout().parquet()) {
                    continue;
                }
                java.util.OptionalLong record;
                try {
                    record = firstRecords.findValueTooLong(planned.file());
                } catch (java.io.IOException unreadable) {
                    continue; // the value that failed Spark is still to be found
                }
                if (record.isPresent()) {
                    FirstRecords.ValueTooLongException tooLong = new FirstRecords.ValueTooLongException(record.getAsLong(), maxValueChars);
                    throw new BadInputException(table.qualifiedName(), new InputError(planned.file().path(),
                            record.getAsLong(), null, null, tooLong.getMessage()));
                }
            }
            throw io.dmsdelta.report.Failures.rethrow(e);
        }
    }

    /** @return the rows of the plan's files; no rows when no file holds any */
    public Dataset<Row> read(ReadPlan plan) {
        Map<String, Integer> fileIndex = new HashMap<>();
        plan.files().forEach(file -> fileIndex.put(file.path(), fileIndex.size()));
        SparkFileReader reader = new SparkFileReader(spark, settings, table, maxValueChars);
        return plan.byLayout().entrySet().stream()
                .map(group -> reader.read(group.getValue(), group.getKey(), valueFields(), fileIndex))
                .reduce(Dataset::union)
                .orElseGet(() -> reader.noRows(valueFields()));
    }
}
