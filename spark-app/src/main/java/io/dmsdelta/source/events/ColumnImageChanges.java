package io.dmsdelta.source.events;

import io.dmsdelta.changeset.TextValues;
import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

import java.util.ArrayList;
import java.util.List;

import static io.dmsdelta.changeset.TypedRows.problem;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Types a table's {@link ColumnImages} into {@link ChangeRows}. Values are PostgreSQL's text output (numbers and
 * booleans as JSON's), typed by the definition as DMS's text is ({@link TextValues}); where the source writes each
 * column's type (wal2json's {@code columntypes}, {@code include-types}), a column declared as a type that
 * cannot hold it is an error. A text or bytes column left out of an update (or of a key change's insert of the new
 * key) is an unchanged TOAST value: the row keeps the one it has. A column left out of an insert is NULL (a column
 * the source table did not have yet).
 */
public final class ColumnImageChanges implements ChangeEventReader {

    private static final String POSITION = "__position_";
    private static final String TEXT = "__text_";
    private static final String TYPE = "__type_";
    private static final String PRESENT = "__present_";

    private final TableDefinition table;
    private final String sequenceColumn;
    private final EventRecords.Splitter splitter;
    private final Rules rules;

    /**
     * What differs from source to source besides its records.
     *
     * @param types      the source's types of values, checked against the columns'
     * @param missingKey where a change's key comes from, as the error of a change without it says
     * @param noSequence what to do about a change without a sequence, as its error says
     */
    public record Rules(SourceTypes types, String missingKey, String noSequence) {
        public Rules {
            requireNonNull(types, "types");
            requireNonNull(missingKey, "missingKey");
            requireNonNull(noSequence, "noSequence");
        }
    }

    /** @param splitter the source's files into {@link ColumnImages} rows of the table */
    public ColumnImageChanges(TableDefinition table, String sequenceColumn, EventRecords.Splitter splitter,
                              Rules rules) {
        this.table = requireNonNull(table, "table");
        this.sequenceColumn = requireNonNull(sequenceColumn, "sequenceColumn");
        this.splitter = requireNonNull(splitter, "splitter");
        this.rules = requireNonNull(rules, "rules");
    }

    @Override
    public Dataset<Row> read(SparkSession spark, List<EventFile> files) {
        return type(EventRecords.read(spark, files, splitter, ColumnImages.SCHEMA));
    }

    /** In stages of named columns, so that an expression used many times is computed once (see DebeziumEvents). */
    Dataset<Row> type(Dataset<Row> records) {
        List<Column> positions = new ArrayList<>(List.of(col("*")));
        for (ColumnDefinition column : table.columns()) {
            positions.add(array_position(col(ColumnImages.NAMES), column.name()).cast(DataTypes.IntegerType)
                    .as(POSITION + column.name()));
        }
        List<Column> texts = new ArrayList<>(List.of(col(ColumnImages.FILE), col(ColumnImages.FILE_INDEX),
                col(ColumnImages.LINE), col(ColumnImages.OP), col(ColumnImages.SEQUENCE), col(ColumnImages.MOVED),
                col(ColumnImages.RECORD), col(ColumnImages.MALFORMED)));
        for (ColumnDefinition column : table.columns()) {
            Column position = SqlNames.column(POSITION + column.name());
            texts.add(when(position.gt(0), element_at(col(ColumnImages.VALUES), position)).as(TEXT + column.name()));
            texts.add(when(position.gt(0), element_at(col(ColumnImages.TYPES), position)).as(TYPE + column.name()));
            texts.add(position.gt(0).as(PRESENT + column.name()));
        }
        return typed(records.select(positions.toArray(Column[]::new)).select(texts.toArray(Column[]::new)));
    }

    private Dataset<Row> typed(Dataset<Row> texts) {
        Column op = col(ColumnImages.OP);
        Column isDelete = op.equalTo(Operation.DELETE.code());
        Column isRow = op.isin(Operation.INSERT.code(), Operation.UPDATE.code());
        // Only an update, or the insert of a key change's new key, leaves a value out because it did not change.
        Column mayLeaveOut = op.equalTo(Operation.UPDATE.code()).or(col(ColumnImages.MOVED));
        List<Column> out = new ArrayList<>();
        List<Column> problems = new ArrayList<>();
        problems.add(when(col(ColumnImages.MALFORMED).isNotNull(), problem(lit("*"), col(ColumnImages.RECORD),
                col(ColumnImages.MALFORMED))));
        out.add(op.as(FileLayout.OP));
        for (ColumnDefinition column : table.columns()) {
            String name = column.name();
            Column text = SqlNames.column(TEXT + name);
            Column present = SqlNames.column(PRESENT + name);
            Column value = TextValues.typed(TEXT + name, column.type());
            Column invalid = TextValues.problem(TEXT + name, name, column.type());
            Column sourceType = SqlNames.column(TYPE + name);
            rules.types().allowedPattern(column.type()).ifPresent(allowed -> problems.add(when(present
                    .and(op.isNotNull()).and(sourceType.isNotNull()).and(not(sourceType.rlike(allowed))),
                    problem(lit(name), sourceType, lit(rules.types().mismatch(column.type()))))));
            if (table.isKey(name)) {
                out.add(value.as(name));
                problems.add(when(isRow.or(isDelete).and(text.isNull()), problem(lit(name), lit(null),
                        lit("the primary key value is missing (" + rules.missingKey() + ")"))));
                problems.add(when(isRow.or(isDelete).and(text.isNotNull()), invalid));
                continue;
            }
            // An insert without the column gets NULL.
            Column absent = ChangeRows.canBeAbsent(column) ? mayLeaveOut.and(not(present)) : lit(false);
            out.add(when(isRow.and(not(absent)), value).as(name));
            if (ChangeRows.canBeAbsent(column)) {
                out.add(absent.as(ChangeRows.absentFlag(name)));
            }
            problems.add(when(isRow.and(present), invalid));
        }
        Column sequence = col(ColumnImages.SEQUENCE);
        out.add(sequence.as(sequenceColumn));
        problems.add(when(op.isNotNull().and(sequence.isNull()), problem(lit("sequence"), lit(null), lit(rules.noSequence()))));
        out.add(array_compact(array(problems.toArray(Column[]::new))).as(ChangeRows.ERRORS));
        out.add(lit(false).as(ChangeRows.SKIPPED));
        out.add(struct(sequence.as("seq"), col(ColumnImages.FILE_INDEX).as("file"),
                col(ColumnImages.LINE).as("line")).as(ChangeRows.ORDER));
        out.add(col(ColumnImages.FILE).as(ChangeRows.FILE));
        out.add(col(ColumnImages.FILE_INDEX).as(ChangeRows.FILE_INDEX));
        out.add(col(ColumnImages.LINE).as(ChangeRows.LINE));
        out.add(col(ColumnImages.RECORD).as(ChangeRows.RAW));
        return texts.select(out.toArray(Column[]::new));
    }
}
