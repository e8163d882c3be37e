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
            out.add(TextValues.typed(name, DataTypes.TimestampType).as(name));
            problems.add(TextValues.problem(name, name, DataTypes.TimestampType));
        });
        for (ColumnDefinition column : table.columns()) {
            Column value = TextValues.typed(column.name(), column.type());
            if (table.isKey(column.name())) {
                out.add(value.as(column.name()));
                problems.add(when(SqlNames.column(column.name()).isNull(),
                        problem(lit(column.name()), lit(null), "the primary key value is missing")));
                problems.add(TextValues.problem(column.name(), column.name(), column.type()));
            } else {
                // A delete is applied by key alone: DMS may leave a D row's other columns empty (PostgreSQL).
                out.add(when(isDelete, lit(null).cast(column.type())).otherwise(value).as(column.name()));
                problems.add(when(isDelete.equalTo(lit(false)), TextValues.problem(column.name(), column.name(), column.type())));
            }
        }
        out.add(kind == DmsFileKind.CDC ? keyMoved(table, op, problems) : lit(false).as(KEY_MOVED));
        List<Column> order = new ArrayList<>();
        table.sequenceColumn().filter(seq -> kind == DmsFileKind.CDC).ifPresent(seq -> {
            boolean isTimestamp = timestampColumn.equals(Optional.of(seq));
            // AR_H_CHANGE_SEQ has 35 digits: too wide for a long, exact as decimal(38,0).
            Column sequence = TextValues.typed(seq, isTimestamp ? DataTypes.TimestampType : DataTypes.createDecimalType(38, 0));
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
            out.add(TextValues.typed(image, table.column(key).orElseThrow().type()).as(image));
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
            problems.add(when(isUpdate, TextValues.problem(image, table.beforeImagePrefix().orElseThrow() + key, type)));
            anyImage = anyImage.or(SqlNames.column(image).isNotNull());
            allImage = allImage.and(SqlNames.column(image).isNotNull());
            sameKey = sameKey.and(TextValues.typed(image, type).eqNullSafe(TextValues.typed(key, type)));
        }
        problems.add(when(isUpdate.and(anyImage).and(allImage.equalTo(lit(false))), problem(
                lit(String.join(", ", table.primaryKey().stream().map(k -> table.beforeImagePrefix().orElseThrow() + k).toList())),
                lit(null), "some before-image key columns are filled and some are empty; a key change needs all of them")));
        return isUpdate.and(allImage).and(sameKey.equalTo(lit(false))).as(KEY_MOVED);
    }

    private static Column problem(Column column, Column value, String problem) {
        return problem(column, value, lit(problem));
    }

    /** One error of {@link #ERRORS}: the column (as the file names it), its text, and what is wrong. */
    public static Column problem(Column column, Column value, Column problem) {
        return struct(column.as("column"), value.cast(DataTypes.StringType).as("value"), problem.as("problem"));
    }

}
