package io.dmsdelta.source.debezium;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
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
public final class DebeziumEvents {

    /** Envelope fields: a table column of one of these names would be read as the envelope's. */
    private static final Set<String> ENVELOPE = Set.of("before", "after", "source", "payload");
    private static final Map<String, String> OPERATIONS = Map.of("c", Operation.INSERT.code(), "r",
            Operation.INSERT.code(), "u", Operation.UPDATE.code(), "d", Operation.DELETE.code(), "t", ChangeRows.TRUNCATE);
    /** Binlog positions are below 10^10 and a row's index within its event below 10^6 (see {@link #sequence}). */
    private static final String MYSQL_FILE_FACTOR = "10000000000000000";

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

    /** The change rows of {@link EventRecords} rows. */
    public Dataset<Row> type(Dataset<Row> records) {
        Column r = from_json(col(EventRecords.RECORD), recordSchema(), Map.of("mode", "PERMISSIVE"));
        Dataset<Row> parsed = records.withColumn("__r", r);
        Column payload = col("__r.payload");
        List<Column> envelopeFields = new ArrayList<>();
        for (String field : envelopeSchema().fieldNames()) {
            envelopeFields.add(when(payload.isNotNull(), payload.getField(field)).otherwise(col("__r").getField(field)).as(field));
        }
        Dataset<Row> events = parsed.withColumn("__e", struct(envelopeFields.toArray(Column[]::new)));
        Column e = col("__e");
        Column isEnvelope = e.getField("after").isNotNull().or(e.getField("before").isNotNull())
                .or(e.getField("source").isNotNull());
        Column opText = when(isEnvelope, e.getField("op")).otherwise(e.getField("__op"));
        Column mapped = lit(null).cast(DataTypes.StringType);
        for (Map.Entry<String, String> op : OPERATIONS.entrySet()) {
            mapped = when(opText.equalTo(op.getKey()), lit(op.getValue())).otherwise(mapped);
        }
        Column deleted = isEnvelope.equalTo(lit(false)).and(e.getField("__deleted").equalTo("true"));
        // A flattened event without __op is an upsert of the row, unless __deleted says it is a delete.
        Column skipped = col(EventRecords.RECORD).isNull().or(opText.equalTo("m"))
                .or(col(EventRecords.MALFORMED).isNotNull());
        Column op = when(skipped, lit(null).cast(DataTypes.StringType))
                .when(deleted, lit(Operation.DELETE.code()))
                .when(isEnvelope.equalTo(lit(false)).and(opText.isNull()), lit(Operation.UPDATE.code()))
                .otherwise(mapped);
        Column isDelete = op.equalTo(Operation.DELETE.code());
        Column isTruncate = op.equalTo(ChangeRows.TRUNCATE);
        Column isRow = op.isin(Operation.INSERT.code(), Operation.UPDATE.code());

        List<Column> out = new ArrayList<>();
        List<Column> problems = new ArrayList<>();
        problems.add(when(col(EventRecords.MALFORMED).isNotNull(), problem(lit("*"), col(EventRecords.RECORD),
                col(EventRecords.MALFORMED))));
        problems.add(when(col(EventRecords.MALFORMED).isNull().and(skipped.equalTo(lit(false))).and(op.isNull()),
                problem(lit("op"), opText, lit("is not a Debezium operation (c, r, u, d, t or m), or the record is not a"
                        + " Debezium event: a flattened one (ExtractNewRecordState) needs add.fields=op"
                        + " and delete.tombstone.handling.mode=rewrite"))));
        out.add(op.as(FileLayout.OP));
        for (ColumnDefinition column : table.columns()) {
            Column text = when(isEnvelope, when(isDelete, e.getField("before").getField(column.name()))
                    .otherwise(e.getField("after").getField(column.name()))).otherwise(e.getField(column.name()));
            ValueEncoding encoding = source.encoding(column.name()).map(ValueEncoding::parse).orElse(ValueEncoding.AUTO);
            Column value = DebeziumValues.decode(text, column.type(), encoding, timestampDefault());
            Column message = DebeziumValues.problem(text, column.type(), encoding, timestampDefault());
            Column problem = when(message.isNotNull(), problem(lit(column.name()), text, message));
            if (table.isKey(column.name())) {
                out.add(value.as(column.name()));
                problems.add(when(isRow.or(isDelete).and(text.isNull()), problem(lit(column.name()), lit(null),
                        lit("the primary key value is missing" + " (a delete's key is in \"before\")"))));
                problems.add(when(isRow.or(isDelete).and(text.isNotNull()), problem));
                continue;
            }
            // eqNullSafe: a NULL value is a value (the column set to NULL), never absent; equalTo would make the
            // flag NULL, which compaction reads as "not present" and so kept the stored value.
            Column absent = ChangeRows.canBeAbsent(column)
                    ? isRow.and(text.eqNullSafe(placeholder(column.type(), encoding))) : lit(false);
            out.add(when(isRow.and(absent.equalTo(lit(false))), value).as(column.name()));
            if (ChangeRows.canBeAbsent(column)) {
                out.add(absent.as(ChangeRows.absentFlag(column.name())));
            }
            problems.add(when(isRow.and(absent.equalTo(lit(false))).and(text.isNotNull()), problem));
        }
        Column sequence = sequence(e, isEnvelope);
        out.add(sequence.as(source.sequenceColumnName()));
        problems.add(when(skipped.equalTo(lit(false)).and(op.isNotNull()).and(sequence.isNull()),
                problem(lit(sequenceField()), lit(null), lit(missingSequence()))));
        Column errors = array_compact(array(problems.toArray(Column[]::new)));
        out.add(errors.as(ChangeRows.ERRORS));
        // Malformed records are bad rows, not skipped ones: they count as errors.
        out.add(skipped.and(col(EventRecords.MALFORMED).isNull()).as(ChangeRows.SKIPPED));
        out.add(struct(sequence.as("seq"), col(EventRecords.FILE_INDEX).as("file"), col(EventRecords.LINE).as("line"))
                .as(ChangeRows.ORDER));
        out.add(col(EventRecords.FILE).as(ChangeRows.FILE));
        out.add(col(EventRecords.FILE_INDEX).as(ChangeRows.FILE_INDEX));
        out.add(col(EventRecords.LINE).as(ChangeRows.LINE));
        out.add(col(EventRecords.RECORD).as(ChangeRows.RAW));
        return events.select(out.toArray(Column[]::new));
    }

    private TimestampDefault timestampDefault() {
        return source.connector() == DebeziumSource.Connector.MYSQL ? TimestampDefault.MILLIS : TimestampDefault.MICROS;
    }

    /**
     * A change's place among its key's changes: PostgreSQL's {@code source.lsn}; MySQL's binlog file number, position
     * and row, as one number ({@code file * 10^16 + pos * 10^6 + row}). Flattened events carry them as
     * {@code __lsn} or {@code __file}, {@code __pos}, {@code __row} when {@code add.fields} asks for them.
     */
    private Column sequence(Column e, Column isEnvelope) {
        DataType type = TableDefinition.SEQUENCE_TYPE;
        if (source.connector() == DebeziumSource.Connector.POSTGRESQL) {
            Column lsn = when(isEnvelope, e.getField("source").getField("lsn")).otherwise(e.getField("__lsn"));
            return when(lsn.rlike("^[0-9]{1,20}$"), lsn.cast(type));
        }
        Column file = when(isEnvelope, e.getField("source").getField("file")).otherwise(e.getField("__file"));
        Column pos = when(isEnvelope, e.getField("source").getField("pos")).otherwise(e.getField("__pos"));
        Column row = when(isEnvelope, e.getField("source").getField("row")).otherwise(e.getField("__row"));
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
