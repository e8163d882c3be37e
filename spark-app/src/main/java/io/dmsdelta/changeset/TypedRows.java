package io.dmsdelta.changeset;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.spark.SqlNames;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.dms.RawColumns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.unhex;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

/**
 * Turns raw text rows into typed rows, strictly: every column is cast to its declared type with
 * {@code try_cast}, and a non-empty value that does not become a value is an error rather than the null
 * Spark's lenient cast would quietly produce. Each row gets {@link #ERRORS} (empty when the row is good) and
 * {@link #ORDER}, its position in commit order.
 */
public final class TypedRows {

    /** {@code array<struct<column, value, problem>>}: what is wrong with the row. */
    public static final String ERRORS = "__errors";
    /** {@code struct}: sequence value (if configured), file index, split start, position in split. */
    public static final String ORDER = "__order";
    /** {@code boolean}: an update whose before-image key differs from its key (the row moved to a new key). */
    public static final String KEY_MOVED = "__key_moved";
    /**
     * {@code string}: a bad row as read, for quarantine: the record Spark could not split, or its fields as a
     * JSON object (the operation under {@code "operation"}); null for good rows, so they carry no copy.
     */
    public static final String RAW = "__raw";

    private TypedRows() {
    }

    /**
     * @param raw             rows from {@link io.dmsdelta.dms.DmsFileReader}
     * @param timestampColumn the DMS timestamp column, if the endpoint writes one
     * @param kind            LOAD rows may only insert and need no sequence value; CDC rows may be I, U or D
     */
    public static Dataset<Row> type(Dataset<Row> raw, TableDefinition table, Optional<String> timestampColumn,
                                    DmsFileKind kind) {
        List<String> allowedOps = Operation.codesAllowedIn(kind);
        Column op = col(FileLayout.OP);
        Column isDelete = op.equalTo(lit(Operation.DELETE.code()));
        List<Column> out = new ArrayList<>();
        List<Column> problems = new ArrayList<>();
        out.add(op);
        problems.add(when(op.isNull().or(op.isin(allowedOps.toArray()).equalTo(lit(false))),
                problem(lit("operation"), op, "unknown operation code; expected one of " + String.join(", ", allowedOps))));
        timestampColumn.ifPresent(name -> {
            out.add(typed(name, DataTypes.TimestampType).as(name));
            problems.add(castProblem(name, DataTypes.TimestampType));
        });
        for (ColumnDefinition column : table.columns()) {
            Column value = typed(column.name(), column.type());
            if (table.isKey(column.name())) {
                out.add(value.as(column.name()));
                problems.add(when(SqlNames.column(column.name()).isNull(),
                        problem(lit(column.name()), lit(null), "the primary key value is missing")));
                problems.add(castProblem(column.name(), column.type()));
            } else {
                // A delete is applied by key alone: DMS may leave a D row's other columns empty (PostgreSQL).
                out.add(when(isDelete, lit(null).cast(column.type())).otherwise(value).as(column.name()));
                problems.add(when(isDelete.equalTo(lit(false)), castProblem(column.name(), column.type())));
            }
        }
        out.add(kind == DmsFileKind.CDC ? keyMoved(table, op, problems) : lit(false).as(KEY_MOVED));
        List<Column> order = new ArrayList<>();
        table.sequenceColumn().filter(seq -> kind == DmsFileKind.CDC).ifPresent(seq -> {
            boolean isTimestamp = timestampColumn.equals(Optional.of(seq));
            // AR_H_CHANGE_SEQ has 35 digits: too wide for a long, exact as decimal(38,0).
            Column sequence = typed(seq, isTimestamp ? DataTypes.TimestampType : DataTypes.createDecimalType(38, 0));
            order.add(sequence);
            Column invalid = isTimestamp ? sequence.isNull() : sequence.isNull().or(SqlNames.column(seq).rlike("^\\s*[0-9]+\\s*$").equalTo(lit(false)));
            problems.add(when(invalid, problem(lit(seq), SqlNames.column(seq), isTimestamp
                    ? "the sequence column (the DMS timestamp column) must hold a timestamp on every change row"
                    : "the sequence column must hold a whole number on every change row")));
        });
        order.add(col(RawColumns.FILE_INDEX));
        order.add(col(RawColumns.BLOCK));
        order.add(col(RawColumns.ROW_ID));
        problems.add(when(col(RawColumns.FILE_INDEX).isNull(), problem(lit("file"), col(RawColumns.FILE),
                "the row's file is not one of the files listed for this table")));

        Column malformed = problem(lit("*"), col(RawColumns.CORRUPT),
                concat(lit("the row does not have the fields its file's layout expects, "),
                        col(RawColumns.EXPECTED_FIELDS),
                        lit("; a field count differs or a quote is not closed")));
        Column errors = when(col(RawColumns.CORRUPT).isNotNull(), array(malformed))
                .otherwise(array_compact(array(problems.toArray(Column[]::new))));
        out.add(errors.as(ERRORS));
        out.add(when(size(errors).gt(0), coalesce(col(RawColumns.CORRUPT),
                        to_json(rawFields(table, timestampColumn), java.util.Map.of("ignoreNullFields", "false"))))
                .as(RAW));
        out.add(struct(order.toArray(Column[]::new)).as(ORDER));
        for (String image : kind == DmsFileKind.CDC ? table.beforeImageFields() : List.<String>of()) {
            String key = image.substring(TableDefinition.BEFORE_IMAGE_FIELD.length());
            out.add(typed(image, table.column(key).orElseThrow().type()).as(image));
        }
        out.add(col(RawColumns.FILE));
        out.add(col(RawColumns.FILE_MODIFIED));
        out.add(col(RawColumns.FILE_INDEX));
        out.add(col(RawColumns.BLOCK));
        out.add(col(RawColumns.ROW_ID));
        out.add(col(RawColumns.HEADER_LINES));
        out.add(col(RawColumns.LINE));
        return raw.select(out.toArray(Column[]::new));
    }

    /** The row's fields as read, named as DMS names them. */
    private static Column rawFields(TableDefinition table, Optional<String> timestampColumn) {
        List<Column> fields = new ArrayList<>();
        fields.add(col(FileLayout.OP).as("operation"));
        for (String field : table.readFields(timestampColumn)) {
            String shownAs = field.startsWith(TableDefinition.BEFORE_IMAGE_FIELD)
                    ? table.beforeImagePrefix().orElseThrow() + field.substring(TableDefinition.BEFORE_IMAGE_FIELD.length())
                    : field;
            fields.add(SqlNames.column(field).as(shownAs));
        }
        return struct(fields.toArray(Column[]::new));
    }

    /**
     * Types the before-image key columns of updates (DMS fills them on other operations too, on some sources,
     * but only an update can move a row) and says whether the update moved its row to another key.
     */
    private static Column keyMoved(TableDefinition table, Column op, List<Column> problems) {
        if (table.beforeImageFields().isEmpty()) {
            return lit(false).as(KEY_MOVED);
        }
        Column isUpdate = op.equalTo(lit(Operation.UPDATE.code()));
        Column anyImage = lit(false);
        Column allImage = lit(true);
        Column sameKey = lit(true);
        for (String key : table.primaryKey()) {
            String image = TableDefinition.beforeImageField(key);
            DataType type = table.column(key).orElseThrow().type();
            problems.add(when(isUpdate, castProblem(image, table.beforeImagePrefix().orElseThrow() + key, type)));
            anyImage = anyImage.or(SqlNames.column(image).isNotNull());
            allImage = allImage.and(SqlNames.column(image).isNotNull());
            sameKey = sameKey.and(typed(image, type).eqNullSafe(typed(key, type)));
        }
        problems.add(when(isUpdate.and(anyImage).and(allImage.equalTo(lit(false))), problem(
                lit(String.join(", ", table.primaryKey().stream().map(k -> table.beforeImagePrefix().orElseThrow() + k).toList())),
                lit(null), "some before-image key columns are filled and some are empty; a key change needs all of them")));
        return isUpdate.and(allImage).and(sameKey.equalTo(lit(false))).as(KEY_MOVED);
    }

    /**
     * The text of column {@code name} as a value of {@code type}, or null when it is not one. Spark's own casts,
     * with additions for what DMS writes: binary values are hexadecimal digits (optionally after {@code \x} or
     * {@code 0x}), a timestamp may end in an hour-only offset ({@code +02}, as PostgreSQL prints {@code timestamptz}),
     * which Spark's cast does not take, and dates and timestamps must start with a date.
     */
    private static Column typed(String name, DataType type) {
        Column text = SqlNames.column(name);
        if (type.sameType(DataTypes.StringType)) {
            return text;
        }
        if (type.sameType(DataTypes.BinaryType)) {
            return when(text.rlike(HEX), unhex(regexp_replace(text, HEX_PREFIX, "")));
        }
        String input = SqlNames.quote(name);
        if (type.sameType(DataTypes.TimestampType)) {
            input = "regexp_replace(" + input + ", '(:[0-9]{2}([.][0-9]+)? ?[+-][0-9]{2})$', '$1:00')";
            // Spark casts a time of day alone to a timestamp of today: never what the source held.
            return when(text.rlike(TIMESTAMP_SHAPE), expr("try_cast(" + input + " AS " + type.sql() + ")"));
        }
        if (type.sameType(DataTypes.DateType)) {
            // Spark casts a timestamp to a date by dropping its time: a date column takes dates alone.
            return when(text.rlike(DATE_SHAPE), expr("try_cast(" + input + " AS " + type.sql() + ")"));
        }
        return expr("try_cast(" + input + " AS " + type.sql() + ")");
    }

    private static final String DATE_SHAPE = "^\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}\\s*$";
    private static final String TIMESTAMP_SHAPE = "^\\s*[+-]?[0-9]{4,}-[0-9]{1,2}-[0-9]{1,2}([ T].*)?$";

    private static final String HEX_PREFIX = "^(\\\\x|0x)";
    /** Whole bytes of hexadecimal digits, as DMS writes binary values to CSV. */
    private static final String HEX = "^(\\\\x|0x)?([0-9A-Fa-f]{2})*$";

    private static Column castProblem(String name, DataType type) {
        return castProblem(name, name, type);
    }

    /** @param shownAs the column's name in messages, as the file names it */
    private static Column castProblem(String name, String shownAs, DataType type) {
        Column text = SqlNames.column(name);
        if (type.sameType(DataTypes.StringType)) {
            // Spark decodes bytes that are not UTF-8 to U+FFFD without complaint; that would change the text.
            return when(text.contains("\uFFFD"), problem(lit(shownAs), text,
                    "contains bytes that are not valid UTF-8 (shown as \uFFFD); DMS writes UTF-8"));
        }
        Column invalid = text.isNotNull().and(typed(name, type).isNull());
        if (type instanceof DecimalType decimal) {
            // Casting to a decimal rounds extra decimal places away: the stored value would differ from the source's.
            Column decimals = regexp_extract(trim(text), "^[+-]?[0-9]*\\.([0-9]*?)0*$", 1);
            return when(invalid, problem(lit(shownAs), text, "is not a valid " + type.simpleString()))
                    .when(length(decimals).gt(decimal.scale()), problem(lit(shownAs), text, "has more decimal places"
                            + " than " + type.simpleString() + " holds, so it would be rounded; declare a larger scale"));
        }
        return when(invalid, problem(lit(shownAs), text, "is not a valid " + type.simpleString()
                + (type.sameType(DataTypes.BinaryType) ? " (expected hexadecimal digits, two per byte)" : "")));
    }

    private static Column problem(Column column, Column value, String problem) {
        return problem(column, value, lit(problem));
    }

    private static Column problem(Column column, Column value, Column problem) {
        return struct(column.as("column"), value.cast(DataTypes.StringType).as("value"), problem.as("problem"));
    }

}
