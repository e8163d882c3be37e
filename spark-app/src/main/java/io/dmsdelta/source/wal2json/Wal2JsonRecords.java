package io.dmsdelta.source.wal2json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.config.Wal2JsonSource;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.source.events.EventRecords;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.JavaConverters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the files of a wal2json stream into the changes of one table, one row each, with every value's text exactly
 * as written. A file holds JSON values one after another: version 1 writes one object per transaction (on one line,
 * pretty-printed, or in chunks with {@code write-in-chunks}), version 2 one object per action; both are told apart by
 * each value's fields. Jackson reads them, numbers as exact decimals: Spark's JSON reader would turn a number read as
 * text into a double first ({@code 12345678901234567890.12} loses digits), and wal2json writes numerics as numbers.
 *
 * <p>An update whose old key ({@code oldkeys}, {@code identity}) differs from its new key becomes a delete of the old
 * key and an insert of the new one, with the same sequence (as Debezium writes a key change). Transaction boundaries
 * and messages change no row and give none. Columns: {@value #FILE}, {@value #FILE_INDEX}, {@value #LINE} (where the
 * change starts), {@value #OP}, {@value #SEQUENCE} (see {@link Wal2JsonSource.Order}), {@value #NAMES},
 * {@value #TYPES} and {@value #VALUES} (a delete's are its old key's), {@value #MOVED}, {@value #RECORD} (the change
 * as JSON) and
 * {@value #MALFORMED} (what is wrong when the value is not a wal2json change).
 */
public final class Wal2JsonRecords implements EventRecords.Splitter {

    public static final String FILE = EventRecords.FILE;
    public static final String FILE_INDEX = EventRecords.FILE_INDEX;
    public static final String LINE = EventRecords.LINE;
    public static final String OP = "__wal2json_op";
    public static final String SEQUENCE = "__wal2json_seq";
    public static final String NAMES = "__names";
    public static final String TYPES = "__types";
    public static final String VALUES = "__values";
    /** True on the insert of a key change's new key, which leaves out what did not change, as an update does. */
    public static final String MOVED = "__moved";
    public static final String RECORD = EventRecords.RECORD;
    public static final String MALFORMED = EventRecords.MALFORMED;

    public static final StructType SCHEMA = new StructType()
            .add(FILE, DataTypes.StringType, false)
            .add(FILE_INDEX, DataTypes.IntegerType, false)
            .add(LINE, DataTypes.LongType, false)
            .add(OP, DataTypes.StringType, true)
            .add(SEQUENCE, TableDefinition.SEQUENCE_TYPE, true)
            .add(NAMES, DataTypes.createArrayType(DataTypes.StringType), true)
            .add(TYPES, DataTypes.createArrayType(DataTypes.StringType), true)
            .add(VALUES, DataTypes.createArrayType(DataTypes.StringType), true)
            .add(MOVED, DataTypes.BooleanType, false)
            .add(RECORD, DataTypes.StringType, true)
            .add(MALFORMED, DataTypes.StringType, true);

    /**
     * A change's place within its transaction (version 1) or file ({@code arrival} order) is below this; the log
     * position or modification time is multiplied by it. An LSN has at most 20 digits, so the sequence fits 38.
     */
    static final BigDecimal POSITIONS = BigDecimal.TEN.pow(12);

    private static final Pattern LSN = Pattern.compile("^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$");
    private static final Map<String, String> V1_KINDS = Map.of("insert", Operation.INSERT.code(), "update",
            Operation.UPDATE.code(), "delete", Operation.DELETE.code());
    private static final Map<String, String> V2_ACTIONS = Map.of("I", Operation.INSERT.code(), "U",
            Operation.UPDATE.code(), "D", Operation.DELETE.code(), "T", ChangeRows.TRUNCATE);

    private final String schema;
    private final String table;
    private final List<String> primaryKey;
    private final Wal2JsonSource.Order order;

    /**
     * @param schema     the changes' {@code schema} that are the table's
     * @param table      their {@code table}
     * @param primaryKey the table's key columns: an update that changes them moves the row
     */
    public Wal2JsonRecords(String schema, String table, List<String> primaryKey, Wal2JsonSource.Order order) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.table = Objects.requireNonNull(table, "table");
        this.primaryKey = List.copyOf(primaryKey);
        this.order = Objects.requireNonNull(order, "order");
    }

    /** Numbers as exact decimals: never a double on the way. */
    private static ObjectMapper mapper() {
        return JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    }

    @Override
    public List<Row> split(String path, int fileIndex, long modificationTime, String text) {
        Reading reading = new Reading(path, fileIndex, modificationTime);
        long consumed = 0;
        long line = 1;
        try (JsonParser parser = mapper().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                line = parser.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    reading.malformed(line, parser.getText(), "is not a JSON object: wal2json writes an object per"
                            + " transaction (format version 1) or per action (version 2)");
                } else {
                    readObject(parser, line, reading);
                }
                consumed = parser.currentLocation().getCharOffset();
            }
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            reading.malformed(at, EventRecords.rest(text, consumed), "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return reading.rows;
    }

    /** One top-level object: a version 1 transaction (its changes read one by one, for their lines) or an action. */
    private void readObject(JsonParser parser, long line, Reading reading) throws IOException {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        List<JsonNode> changes = null;
        List<Long> lines = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("change") && value == JsonToken.START_ARRAY) {
                changes = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    lines.add((long) parser.currentTokenLocation().getLineNr());
                    changes.add(parser.readValueAsTree());
                }
            } else {
                fields.set(name, parser.readValueAsTree());
            }
        }
        if (changes != null) {
            Optional<BigDecimal> commit = lsn(fields.get("nextlsn"));
            for (int i = 0; i < changes.size(); i++) {
                BigDecimal inTransaction = BigDecimal.valueOf(i);
                long position = reading.nextPosition();
                Optional<BigDecimal> sequence = order == Wal2JsonSource.Order.LSN
                        ? commit.map(lsn -> lsn.multiply(POSITIONS).add(inTransaction))
                        : Optional.of(reading.arrival(position));
                versionOne(changes.get(i), lines.get(i), sequence, reading);
            }
        } else if (fields.has("action")) {
            versionTwo(fields, line, reading);
        } else {
            reading.malformed(line, fields.toString(), "is neither a wal2json version 1 transaction (with \"change\")"
                    + " nor a version 2 action (with \"action\")");
        }
    }

    private void versionOne(JsonNode change, long line, Optional<BigDecimal> sequence, Reading reading) {
        String kind = change.path("kind").asText(null);
        if ("message".equals(kind) || !ours(change)) { // a message changes no row
            return;
        }
        String op = V1_KINDS.get(kind);
        if (op == null) {
            reading.malformed(line, change.toString(), "has kind " + kind + "; wal2json writes insert, update, delete"
                    + " or message");
            return;
        }
        JsonNode oldKeys = change.path("oldkeys");
        Image image = new Image(texts(change.get("columnnames")), texts(change.get("columntypes")),
                texts(change.get("columnvalues")));
        Image old = new Image(texts(oldKeys.get("keynames")), texts(oldKeys.get("keytypes")),
                texts(oldKeys.get("keyvalues")));
        change(op, image, old, line, sequence, change.toString(), reading);
    }

    private void versionTwo(JsonNode action, long line, Reading reading) {
        String code = action.path("action").asText("");
        if (List.of("B", "C", "M").contains(code)) {
            return;
        }
        long position = reading.nextPosition();
        if (!ours(action)) {
            return;
        }
        Optional<BigDecimal> sequence = order == Wal2JsonSource.Order.LSN
                ? lsn(action.get("lsn")).map(lsn -> lsn.multiply(POSITIONS))
                : Optional.of(reading.arrival(position));
        String op = V2_ACTIONS.get(code);
        if (op == null) {
            reading.malformed(line, action.toString(), "has action " + code + "; wal2json writes B, I, U, D, T, M"
                    + " or C");
            return;
        }
        change(op, image(action.get("columns")), image(action.get("identity")), line, sequence, action.toString(),
                reading);
    }

    /** Emits one change of the table: a key change as the old key's delete and the new key's insert. */
    private void change(String op, Image image, Image old, long line, Optional<BigDecimal> sequence, String record,
                        Reading reading) {
        if (!image.wellFormed() || !old.wellFormed()) {
            reading.malformed(line, record, "has column names, types and values of different lengths");
            return;
        }
        if (op.equals(ChangeRows.TRUNCATE)) {
            reading.change(line, op, sequence, Image.NONE, false, record);
            return;
        }
        if (op.equals(Operation.DELETE.code())) {
            if (old.names() == null) {
                reading.malformed(line, record, "is a delete without its old key (oldkeys or identity): the source"
                        + " table needs REPLICA IDENTITY DEFAULT with a primary key, or FULL");
                return;
            }
            reading.change(line, op, sequence, old, false, record);
            return;
        }
        if (image.names() == null) {
            reading.malformed(line, record, "has no columns (columnnames or columns)");
            return;
        }
        if (op.equals(Operation.UPDATE.code()) && old.names() != null && movesKey(image, old)) {
            reading.change(line, Operation.DELETE.code(), sequence, old, false, record);
            reading.change(line, Operation.INSERT.code(), sequence, image, true, record);
            return;
        }
        reading.change(line, op, sequence, image, false, record);
    }

    /** Whether the old key holds the table's key columns with other values than the new row. */
    private boolean movesKey(Image image, Image old) {
        for (String key : primaryKey) {
            int before = old.names().indexOf(key);
            int after = image.names().indexOf(key);
            if (before >= 0 && after >= 0 && !Objects.equals(old.values().get(before), image.values().get(after))) {
                return true;
            }
        }
        return false;
    }

    private boolean ours(JsonNode change) {
        return schema.equals(change.path("schema").asText(null)) && table.equals(change.path("table").asText(null));
    }

    /** Version 2's {@code [{"name", "type", "value"}]}. */
    private static Image image(JsonNode columns) {
        if (columns == null || !columns.isArray()) {
            return Image.NONE;
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode column : columns) {
            names.add(text(column.get("name")));
            types.add(text(column.get("type")));
            values.add(text(column.get("value")));
        }
        return new Image(names, types, values);
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(text(value)));
        return texts;
    }

    /** A value's text: strings as they are, numbers exactly as written, JSON's true and false, null for null. */
    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue();
            // Plain digits unless the exponent is extreme (a float8 such as 1e+300 keeps its exponent).
            return Math.abs(number.scale()) > 100 ? number.toString() : number.toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    /** {@code X/Y}, as PostgreSQL prints a log position, as the number it is. */
    static Optional<BigDecimal> lsn(JsonNode value) {
        Matcher m = value == null || !value.isTextual() ? null : LSN.matcher(value.textValue());
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        long position = (Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16);
        return Optional.of(new BigDecimal(Long.toUnsignedString(position)));
    }

    /** Column names, types (null when not written) and values' texts. */
    private record Image(List<String> names, List<String> types, List<String> values) {
        static final Image NONE = new Image(null, null, null);

        boolean wellFormed() {
            return names == null ? values == null : values != null && values.size() == names.size()
                    && (types == null || types.size() == names.size());
        }
    }

    /** The rows of one file as they are found. */
    private static final class Reading {
        final String path;
        final int fileIndex;
        final long modificationTime;
        final List<Row> rows = new ArrayList<>();
        long positions;

        Reading(String path, int fileIndex, long modificationTime) {
            this.path = path;
            this.fileIndex = fileIndex;
            this.modificationTime = modificationTime;
        }

        /** The next change's place in the file, counting every table's changes. */
        long nextPosition() {
            return positions++;
        }

        /** {@code arrival} order: the file's modification time, then the change's place in it. */
        BigDecimal arrival(long position) {
            return BigDecimal.valueOf(modificationTime).multiply(POSITIONS).add(BigDecimal.valueOf(position));
        }

        void change(long line, String op, Optional<BigDecimal> sequence, Image image, boolean moved, String record) {
            rows.add(RowFactory.create(path, fileIndex, line, op, sequence.orElse(null), seq(image.names()),
                    seq(image.types()), seq(image.values()), moved, record, null));
        }

        /** An array as a Spark row holds it. */
        private static scala.collection.Seq<String> seq(List<String> list) {
            return list == null ? null : JavaConverters.asScalaBuffer(list).toSeq();
        }

        void malformed(long line, String record, String problem) {
            rows.add(RowFactory.create(path, fileIndex, line, null, null, null, null, null, false, record, problem));
        }
    }
}
