package io.dmsdelta.source.debezium;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.source.events.ChangeEventReader;
import io.dmsdelta.source.events.EventFile;
import io.dmsdelta.source.events.EventRecords;
import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * Types Debezium change events into {@link ChangeRows}. One schema reads the three shapes an event lands in: the
 * envelope ({@code before}, {@code after}, {@code op}, {@code source}), the same inside a {@code schema}/{@code payload}
 * wrapper, and the row that {@code ExtractNewRecordState} flattens it to ({@code __op}, {@code __deleted},
 * {@code __lsn} ... beside the columns). Every field is read as text and typed by the definition
 * ({@link DebeziumValues}); the unchanged-TOAST placeholder is never a value: it marks the column absent, so the row
 * keeps what it holds.
 */
public final class DebeziumEvents implements ChangeEventReader {

    /** Envelope fields: a table column of one of these names would be read as the envelope's. */
    private static final Set<String> ENVELOPE = Set.of("before", "after", "source", "payload");
    private static final Map<String, String> OPERATIONS = Map.of("c", Operation.INSERT.code(), "r",
            Operation.INSERT.code(), "u", Operation.UPDATE.code(), "d", Operation.DELETE.code(), "t", ChangeRows.TRUNCATE);
    /** Binlog positions are below 10^10 and a row's index within its event below 10^6 (see {@link #sequence}). */
    private static final String MYSQL_FILE_FACTOR = "10000000000000000";

    /** The stages' own columns. */
    private static final String RECORD = "__parsed";
    private static final String FIELD = "__field_";
    private static final String ENVELOPE_SHAPE = "__envelope";
    private static final String OP_TEXT = "__op_text";
    private static final String OP = "__op_code";
    private static final String SKIPPED = "__skipped_record";
    private static final String SEQUENCE = "__sequence";
    private static final String TEXT = "__text_";

    private final TableDefinition table;
    private final DebeziumSource source;

    public DebeziumEvents(TableDefinition table, DebeziumSource source) {
        this.table = table;
        this.source = source;
        for (ColumnDefinition column : table.columns()) {
            if (ENVELOPE.contains(column.name())) {
                throw new ConfigException(table.qualifiedName() + ": a column named " + column.name() + " cannot be told"
                        + " from the Debezium envelope's own field; rename it in the table definition's source mapping.");
            }
        }
    }

    @Override
    public Dataset<Row> read(SparkSession spark, List<EventFile> files) {
        return type(EventRecords.read(spark, files));
    }

    /**
     * The change rows of {@link EventRecords} rows. Built in stages, each a projection of named columns, so that an
     * expression used many times later (an event's shape, its operation, a field's text) is computed once and
     * referenced, not copied into every use: copied, the plan grows with the square of the columns.
     */
    public Dataset<Row> type(Dataset<Row> records) {
        Dataset<Row> parsed = records.withColumn(RECORD, from_json(col(EventRecords.RECORD), recordSchema(),
                Map.of("mode", "PERMISSIVE")));
        // The envelope, unwrapped from schema/payload when it is wrapped.
        Column payload = col(RECORD + ".payload");
        List<Column> flat = new ArrayList<>(recordColumns());
        for (String field : envelopeSchema().fieldNames()) {
            flat.add(when(payload.isNotNull(), payload.getField(field)).otherwise(col(RECORD).getField(field))
                    .as(FIELD + field));
        }
        Dataset<Row> events = parsed.select(flat.toArray(Column[]::new));

        Column isEnvelope = field("after").isNotNull().or(field("before").isNotNull()).or(field("source").isNotNull());
        Column opText = when(isEnvelope, field("op")).otherwise(field("__op"));
        Dataset<Row> shaped = events.select(col("*"), isEnvelope.as(ENVELOPE_SHAPE), opText.as(OP_TEXT));

        Column mapped = lit(null).cast(DataTypes.StringType);
        for (Map.Entry<String, String> op : OPERATIONS.entrySet()) {
            mapped = when(col(OP_TEXT).equalTo(op.getKey()), lit(op.getValue())).otherwise(mapped);
        }
        Column flattened = col(ENVELOPE_SHAPE).equalTo(lit(false));
        Column skipped = col(EventRecords.RECORD).isNull().or(col(OP_TEXT).equalTo("m"))
                .or(col(EventRecords.MALFORMED).isNotNull());
        // A flattened event without __op is an upsert of the row, unless __deleted says it is a delete.
        Column op = when(skipped, lit(null).cast(DataTypes.StringType))
                .when(flattened.and(field("__deleted").equalTo("true")), lit(Operation.DELETE.code()))
                .when(flattened.and(col(OP_TEXT).isNull()), lit(Operation.UPDATE.code()))
                .otherwise(mapped);
        Dataset<Row> operations = shaped.select(col("*"), op.as(OP), skipped.as(SKIPPED),
                sequence(col(ENVELOPE_SHAPE)).as(SEQUENCE));

        Column isDelete = col(OP).equalTo(Operation.DELETE.code());
        List<Column> texts = new ArrayList<>(recordColumns());
        texts.addAll(List.of(col(OP), col(SKIPPED), col(SEQUENCE), col(OP_TEXT)));
        for (ColumnDefinition column : table.columns()) {
            texts.add(when(col(ENVELOPE_SHAPE), when(isDelete, field("before").getField(column.name()))
                    .otherwise(field("after").getField(column.name()))).otherwise(field(column.name()))
                    .as(TEXT + column.name()));
        }
        return typed(operations.select(texts.toArray(Column[]::new)));
    }

    /** The last stage: each field's text typed, checked, or marked absent. */
    private Dataset<Row> typed(Dataset<Row> texts) {
        Column op = col(OP);
        Column isDelete = op.equalTo(Operation.DELETE.code());
        Column isRow = op.isin(Operation.INSERT.code(), Operation.UPDATE.code());
        List<Column> out = new ArrayList<>();
        List<Column> problems = new ArrayList<>();
        problems.add(when(col(EventRecords.MALFORMED).isNotNull(), problem(lit("*"), col(EventRecords.RECORD),
                col(EventRecords.MALFORMED))));
        problems.add(when(col(SKIPPED).equalTo(lit(false)).and(op.isNull()),
                problem(lit("op"), col(OP_TEXT), lit("is not a Debezium operation (c, r, u, d, t or m), or the record is"
                        + " not a Debezium event: a flattened one (ExtractNewRecordState) needs add.fields=op"
                        + " and delete.tombstone.handling.mode=rewrite"))));
        out.add(op.as(FileLayout.OP));
        for (ColumnDefinition column : table.columns()) {
            Column text = col(TEXT + column.name());
            ValueEncoding encoding = source.encoding(column.name()).map(ValueEncoding::parse).orElse(ValueEncoding.AUTO);
            Column value = DebeziumValues.decode(text, column.type(), encoding, timestampDefault());
            Column message = DebeziumValues.problem(text, column.type(), encoding, timestampDefault());
            Column problem = when(message.isNotNull(), problem(lit(column.name()), text, message));
            if (table.isKey(column.name())) {
                out.add(value.as(column.name()));
                problems.add(when(isRow.or(isDelete).and(text.isNull()), problem(lit(column.name()), lit(null),
                        lit("the primary key value is missing (a delete's key is in \"before\")"))));
                problems.add(when(isRow.or(isDelete).and(text.isNotNull()), problem));
                continue;
            }
            // A NULL is a value; only the placeholder is absent.
            Column absent = ChangeRows.canBeAbsent(column)
                    ? isRow.and(text.eqNullSafe(placeholder(column.type(), encoding))) : lit(false);
            out.add(when(isRow.and(not(absent)), value).as(column.name()));
            if (ChangeRows.canBeAbsent(column)) {
                out.add(absent.as(ChangeRows.absentFlag(column.name())));
            }
            problems.add(when(isRow.and(not(absent)).and(text.isNotNull()), problem));
        }
        Column sequence = col(SEQUENCE);
        out.add(sequence.as(source.sequenceColumnName()));
        problems.add(when(col(SKIPPED).equalTo(lit(false)).and(op.isNotNull()).and(sequence.isNull()),
                problem(lit(sequenceField()), lit(null), lit(missingSequence()))));
        out.add(array_compact(array(problems.toArray(Column[]::new))).as(ChangeRows.ERRORS));
        // Malformed records are bad rows, not skipped ones: they count as errors.
        out.add(col(SKIPPED).and(col(EventRecords.MALFORMED).isNull()).as(ChangeRows.SKIPPED));
        out.add(struct(sequence.as("seq"), col(EventRecords.FILE_INDEX).as("file"), col(EventRecords.LINE).as("line"))
                .as(ChangeRows.ORDER));
        out.add(col(EventRecords.FILE).as(ChangeRows.FILE));
        out.add(col(EventRecords.FILE_INDEX).as(ChangeRows.FILE_INDEX));
        out.add(col(EventRecords.LINE).as(ChangeRows.LINE));
        out.add(col(EventRecords.RECORD).as(ChangeRows.RAW));
        return texts.select(out.toArray(Column[]::new));
    }

    private static List<Column> recordColumns() {
        return List.of(col(EventRecords.FILE), col(EventRecords.FILE_INDEX), col(EventRecords.LINE),
                col(EventRecords.RECORD), col(EventRecords.MALFORMED));
    }

    /** A field of the (unwrapped) envelope, or of the flattened row. */
    private static Column field(String name) {
        return col(SqlNames.quote(FIELD + name));
    }

    private TimestampDefault timestampDefault() {
        return source.connector() == DebeziumSource.Connector.MYSQL ? TimestampDefault.MILLIS : TimestampDefault.MICROS;
    }

    /**
     * A change's place among its key's changes: PostgreSQL's {@code source.lsn}; MySQL's binlog file number, position
     * and row, as one number ({@code file * 10^16 + pos * 10^6 + row}). Flattened events carry them as
     * {@code __lsn} or {@code __file}, {@code __pos}, {@code __row} when {@code add.fields} asks for them.
     */
    private Column sequence(Column isEnvelope) {
        DataType type = TableDefinition.SEQUENCE_TYPE;
        if (source.connector() == DebeziumSource.Connector.POSTGRESQL) {
            Column lsn = when(isEnvelope, field("source").getField("lsn")).otherwise(field("__lsn"));
            return when(lsn.rlike("^[0-9]{1,20}$"), lsn.cast(type));
        }
        Column file = when(isEnvelope, field("source").getField("file")).otherwise(field("__file"));
        Column pos = when(isEnvelope, field("source").getField("pos")).otherwise(field("__pos"));
        Column row = when(isEnvelope, field("source").getField("row")).otherwise(field("__row"));
        Column number = regexp_extract(file, "\\.([0-9]{1,6})$", 1);
        Column valid = number.notEqual("").and(pos.rlike("^[0-9]{1,10}$")).and(row.isNull().or(row.rlike("^[0-9]{1,6}$")));
        Column value = number.cast(type).multiply(lit(new java.math.BigDecimal(MYSQL_FILE_FACTOR)))
                .plus(pos.cast(type).multiply(lit(new java.math.BigDecimal(1_000_000))))
                .plus(when(row.isNull(), lit(0)).otherwise(row).cast(type));
        return when(valid, value.cast(type));
    }

    private String sequenceField() {
        return source.connector() == DebeziumSource.Connector.POSTGRESQL ? "source.lsn" : "source.file/pos/row";
    }

    private String missingSequence() {
        return source.connector() == DebeziumSource.Connector.POSTGRESQL
                ? "the event has no usable source.lsn (a whole number), which orders a key's changes; a flattened event"
                + " needs ExtractNewRecordState's add.fields to include lsn (it is then __lsn)"
                : "the event has no usable binlog position (source.file ending in a number, source.pos, source.row),"
                + " which orders a key's changes; a flattened event needs add.fields=file,pos,row";
    }

    /**
     * The placeholder as the column's text holds it: the configured text, or for bytes the placeholder's bytes
     * (given as {@code hex:...} or as text) in the column's binary encoding.
     */
    private Column placeholder(DataType type, ValueEncoding encoding) {
        String configured = source.unavailableValue();
        if (!type.sameType(DataTypes.BinaryType)) {
            return lit(configured.startsWith("hex:") ? new String(HexFormat.of().parseHex(configured.substring(4)),
                    StandardCharsets.UTF_8) : configured);
        }
        byte[] bytes = configured.startsWith("hex:") ? HexFormat.of().parseHex(configured.substring(4))
                : configured.getBytes(StandardCharsets.UTF_8);
        return lit(encoding == ValueEncoding.BYTES_HEX ? HexFormat.of().formatHex(bytes)
                : Base64.getEncoder().encodeToString(bytes));
    }

    /** What a record may hold: the envelope, possibly wrapped in {@code payload}, or a flattened row. */
    private StructType recordSchema() {
        return envelopeSchema().add("payload", envelopeSchema());
    }

    private StructType envelopeSchema() {
        StructType image = new StructType();
        for (ColumnDefinition column : table.columns()) {
            image = image.add(column.name(), DataTypes.StringType);
        }
        StructType sourceBlock = new StructType();
        for (String field : List.of("lsn", "file", "pos", "row", "snapshot", "ts_ms", "schema", "table")) {
            sourceBlock = sourceBlock.add(field, DataTypes.StringType);
        }
        StructType envelope = new StructType().add("before", image).add("after", image).add("source", sourceBlock);
        for (String field : List.of("op", "__op", "__deleted", "__lsn", "__file", "__pos", "__row")) {
            if (table.column(field).isEmpty()) {
                envelope = envelope.add(field, DataTypes.StringType);
            }
        }
        for (ColumnDefinition column : table.columns()) {
            if (!List.of(envelope.fieldNames()).contains(column.name())) {
                envelope = envelope.add(column.name(), DataTypes.StringType);
            }
        }
        return envelope;
    }

    private static Column problem(Column column, Column value, Column problem) {
        return struct(column.as("column"), value.cast(DataTypes.StringType).as("value"), problem.as("problem"));
    }
}
