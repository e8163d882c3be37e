package io.dmsdelta.dms;

import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.map_from_arrays;
import static org.apache.spark.sql.functions.row_number;

/**
 * Reads DMS files of one layout with Spark's CSV (or Parquet) source, every field as text (types are applied later,
 * strictly), into a fixed set of columns: {@link FileLayout#OP}, then the given value fields, then the
 * {@link RawColumns}. A field the layout lacks is null; the operation of a file without an operation column
 * is {@code I}. Rows keep where they came from (file, split, position), so commit order can be rebuilt even
 * when Spark splits a file into several tasks.
 */
public final class SparkFileReader {

    private final SparkSession spark;
    private final EndpointSettings settings;
    private final TableDefinition table;
    private final int maxValueChars;

    /**
     * @param table         the table being read: picks its rows out of files that hold several tables' (CDC_TXN)
     * @param maxValueChars the most characters a value may have (see {@link io.dmsdelta.config.DmsDeltaSettings})
     */
    public SparkFileReader(SparkSession spark, EndpointSettings settings, TableDefinition table, int maxValueChars) {
        this.spark = spark;
        this.settings = settings;
        this.table = table;
        this.maxValueChars = maxValueChars;
    }

    /**
     * @param files       files sharing {@code layout}
     * @param valueFields the columns every result has besides the operation and bookkeeping columns
     * @param fileIndex   commit-order position of every file, by URI
     */
    public Dataset<Row> read(List<DmsFile> files, FileLayout layout, List<String> valueFields,
                             Map<String, Integer> fileIndex) {
        String[] paths = files.stream().map(DmsFile::path).toArray(String[]::new);
        Dataset<Row> rows = layout.parquet() ? readParquet(paths, layout) : readCsv(paths, layout);
        List<Column> columns = new ArrayList<>();
        columns.add((layout.hasOp() ? col(FileLayout.OP) : lit(Operation.INSERT.code())).as(FileLayout.OP));
        for (String field : valueFields) {
            columns.add((layout.fields().contains(field) ? SqlNames.column(field) : lit(null).cast(DataTypes.StringType)).as(field));
        }
        columns.add(col(RawColumns.CORRUPT));
        columns.add(col("_metadata.file_path").as(RawColumns.FILE));
        columns.add(col("_metadata.file_modification_time").as(RawColumns.FILE_MODIFIED));
        columns.add(element_at(fileIndexLiteral(fileIndex), col("_metadata.file_path")).as(RawColumns.FILE_INDEX));
        columns.add(col("_metadata.file_block_start").as(RawColumns.BLOCK));
        columns.add(monotonically_increasing_id().as(RawColumns.ROW_ID));
        columns.add(lit(layout.header() ? 1 : 0).as(RawColumns.HEADER_LINES));
        columns.add(lit(null).cast(DataTypes.IntegerType).as(RawColumns.LINE));
        columns.add(lit(layout.describe()).as(RawColumns.EXPECTED_FIELDS));
        if (!layout.routed()) {
            return rows.select(columns.toArray(Column[]::new));
        }
        // Line numbers must be counted among all of a file's rows, before the other tables' rows are dropped.
        Column line = row_number().over(Window.partitionBy(RawColumns.FILE).orderBy(RawColumns.BLOCK, RawColumns.ROW_ID));
        columns.add(col(FileLayout.TXN_TABLE));
        columns.add(col(FileLayout.TXN_SCHEMA));
        return rows.select(columns.toArray(Column[]::new))
                .withColumn(RawColumns.LINE, line)
                .filter(col(FileLayout.TXN_TABLE).equalTo(lit(table.table()))
                        .and(col(FileLayout.TXN_SCHEMA).equalTo(lit(table.schema()))))
                .drop(FileLayout.TXN_TABLE, FileLayout.TXN_SCHEMA);
    }

    private Dataset<Row> readCsv(String[] paths, FileLayout layout) {
        List<StructField> fields = new ArrayList<>();
        for (String field : layout.fields()) {
            fields.add(DataTypes.createStructField(field, DataTypes.StringType, true));
        }
        fields.add(DataTypes.createStructField(RawColumns.CORRUPT, DataTypes.StringType, true));
        org.apache.spark.sql.DataFrameReader reader = spark.read();
        settings.rowDelimiter().ifPresent(delimiter -> reader.option("lineSep", delimiter));
        return reader
                .schema(new StructType(fields.toArray(StructField[]::new)))
                .option("header", layout.header())
                .option("enforceSchema", true) // header names were checked and mapped by FileLayouts
                .option("sep", settings.csvDelimiter())
                .option("nullValue", settings.csvNullValue())
                .option("emptyValue", "")
                .option("quote", settings.rfc4180() ? "\"" : "\u0000")
                .option("escape", "\"")
                // Quoted values may hold newlines; without quoting a record is one line and files can be split.
                .option("multiLine", settings.rfc4180())
                .option("ignoreLeadingWhiteSpace", false)
                .option("ignoreTrailingWhiteSpace", false)
                .option("encoding", "UTF-8")
                .option("mode", "PERMISSIVE")
                .option("columnNameOfCorruptRecord", RawColumns.CORRUPT)
                .option("maxCharsPerColumn", maxValueChars)
                .csv(paths);
    }

    /**
     * Parquet columns come typed; they are turned into text like CSV fields, so the one strict typing step
     * checks both formats (a Parquet timestamp prints in the session time zone, UTC, and parses back exactly).
     * Binary values become hexadecimal digits, as DMS writes them to CSV.
     */
    private Dataset<Row> readParquet(String[] paths, FileLayout layout) {
        Dataset<Row> parquet = spark.read().parquet(paths);
        StructField[] schema = parquet.schema().fields();
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < layout.fields().size(); i++) {
            Column value = SqlNames.column(schema[i].name());
            Column text = schema[i].dataType() instanceof org.apache.spark.sql.types.BinaryType
                    ? org.apache.spark.sql.functions.hex(value) : value.cast(DataTypes.StringType);
            columns.add(text.as(layout.fields().get(i)));
        }
        columns.add(lit(null).cast(DataTypes.StringType).as(RawColumns.CORRUPT));
        columns.add(col("_metadata"));
        return parquet.select(columns.toArray(Column[]::new));
    }

    /** An empty result with the columns {@link #read} gives. */
    public Dataset<Row> noRows(List<String> valueFields) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(FileLayout.OP, DataTypes.StringType, true));
        valueFields.forEach(f -> fields.add(DataTypes.createStructField(f, DataTypes.StringType, true)));
        fields.add(DataTypes.createStructField(RawColumns.CORRUPT, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RawColumns.FILE, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RawColumns.FILE_MODIFIED, DataTypes.TimestampType, true));
        fields.add(DataTypes.createStructField(RawColumns.FILE_INDEX, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(RawColumns.BLOCK, DataTypes.LongType, true));
        fields.add(DataTypes.createStructField(RawColumns.ROW_ID, DataTypes.LongType, true));
        fields.add(DataTypes.createStructField(RawColumns.HEADER_LINES, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(RawColumns.LINE, DataTypes.IntegerType, true));
        fields.add(DataTypes.createStructField(RawColumns.EXPECTED_FIELDS, DataTypes.StringType, true));
        return spark.createDataFrame(List.of(), new StructType(fields.toArray(StructField[]::new)));
    }

    /** A map literal from file URI to index, with each URI also in the encoded form Spark may report it in. */
    private static Column fileIndexLiteral(Map<String, Integer> fileIndex) {
        Map<String, Integer> byPath = new java.util.LinkedHashMap<>();
        fileIndex.forEach((path, index) -> {
            byPath.put(path, index);
            byPath.putIfAbsent(new org.apache.hadoop.fs.Path(path).toUri().toString(), index);
        });
        String[] paths = byPath.keySet().toArray(String[]::new);
        int[] indexes = byPath.values().stream().mapToInt(Integer::intValue).toArray();
        return map_from_arrays(lit(paths), lit(indexes));
    }
}
