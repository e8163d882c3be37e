package io.dmsdelta.source.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.dmsdelta.config.TableDefinition;
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
import java.util.Optional;

/**
 * Changes as sources that write a row as JSON give them (wal2json, row triggers): one row per change, the columns it
 * carries as parallel arrays of names, types (null when not written) and the values' texts, exactly as written. A
 * source's {@link EventRecords.Splitter} makes them, {@link ColumnImageChanges} types them.
 *
 * <p>Columns: {@value #FILE}, {@value #FILE_INDEX}, {@value #LINE} (where the change starts), {@value #OP} ({@code I},
 * {@code U}, {@code D} or {@code T}), {@value #SEQUENCE} (the change's place among its key's changes; null when the
 * record has none), {@value #NAMES}, {@value #TYPES}, {@value #VALUES} (a delete's are its old key's), {@value #MOVED},
 * {@value #RECORD} (the change as JSON) and {@value #MALFORMED} (what is wrong when the record is no change).
 */
public final class ColumnImages {

    public static final String FILE = EventRecords.FILE;
    public static final String FILE_INDEX = EventRecords.FILE_INDEX;
    public static final String LINE = EventRecords.LINE;
    public static final String OP = "__image_op";
    public static final String SEQUENCE = "__image_seq";
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
     * A change's place within its transaction or file is below this; the log position, sequence or modification time
     * before it is multiplied by it. An LSN has at most 20 digits, so the sequence fits 38.
     */
    public static final BigDecimal POSITIONS = BigDecimal.TEN.pow(12);

    /**
     * Numbers as exact decimals, never a double on the way: Spark's JSON reader turns a number read as text into a
     * double first ({@code 12345678901234567890.12} loses digits), and these sources write numerics as numbers.
     */
    public static final ObjectMapper MAPPER = JsonMapper.builder().nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private ColumnImages() {
    }

    /** Reads one top-level JSON value of a file, the parser on its first token, into rows. */
    @FunctionalInterface
    public interface ValueReader {
        void read(JsonParser parser, JsonToken token, long line, Rows rows) throws IOException;
    }

    /**
     * The rows of one file's text, a sequence of JSON values (one per line, pretty-printed, or concatenated): each
     * value given to {@code reader}; the rest of a file that is not JSON is one malformed row at the line it starts.
     */
    public static List<Row> split(String path, int fileIndex, long modificationTime, String text, ValueReader reader) {
        Rows rows = new Rows(path, fileIndex, modificationTime);
        long consumed = 0;
        long line = 1;
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                line = parser.currentTokenLocation().getLineNr();
                reader.read(parser, token, line, rows);
                consumed = parser.currentLocation().getCharOffset();
            }
        } catch (JsonProcessingException e) {
            long at = e.getLocation() == null ? line : e.getLocation().getLineNr();
            rows.malformed(at, EventRecords.rest(text, consumed), "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
        return rows.rows();
    }

    /**
     * The table whose changes a file's rows are: the changes that name its schema and table.
     *
     * @param primaryKey its key columns: an update that changes them moves the row
     */
    public record Table(String schema, String table, List<String> primaryKey) implements java.io.Serializable {
        public Table {
            java.util.Objects.requireNonNull(schema, "schema");
            java.util.Objects.requireNonNull(table, "table");
            primaryKey = List.copyOf(primaryKey);
        }

        /** Whether a change's {@code schema} and {@code table} fields name this table. */
        public boolean holds(JsonNode change) {
            return schema.equals(change.path("schema").asText(null)) && table.equals(change.path("table").asText(null));
        }

        /** Whether an update's old key holds the key columns with other values than its new row: a key change. */
        public boolean movesKey(Image now, Image old) {
            for (String key : primaryKey) {
                int before = old.names().indexOf(key);
                int after = now.names().indexOf(key);
                if (before >= 0 && after >= 0 && !java.util.Objects.equals(old.values().get(before),
                        now.values().get(after))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A value's text: strings as they are, numbers exactly as written, JSON's true and false, null for null. */
    public static String text(JsonNode value) {
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
        return value.isValueNode() ? value.asText() : value.toString(); // json and jsonb values: their JSON text
    }

    /** Column names, types (null when not written) and values' texts; all null for a change without columns. */
    public record Image(List<String> names, List<String> types, List<String> values) {
        public static final Image NONE = new Image(null, null, null);

        /** Names and values (and types, when written) of the same length. */
        public boolean wellFormed() {
            return names == null ? values == null : values != null && values.size() == names.size()
                    && (types == null || types.size() == names.size());
        }
    }

    /** The rows of one file, as they are found. */
    public static final class Rows {
        private final String path;
        private final int fileIndex;
        private final long modificationTime;
        private final List<Row> rows = new ArrayList<>();
        private long positions;

        public Rows(String path, int fileIndex, long modificationTime) {
            this.path = path;
            this.fileIndex = fileIndex;
            this.modificationTime = modificationTime;
        }

        /** The next change's place in the file, counting every table's changes. */
        public long nextPosition() {
            return positions++;
        }

        /** Arrival order: the file's modification time, then the change's place in it. */
        public BigDecimal arrival(long position) {
            return BigDecimal.valueOf(modificationTime).multiply(POSITIONS).add(BigDecimal.valueOf(position));
        }

        public void change(long line, String op, Optional<BigDecimal> sequence, Image image, boolean moved,
                           String record) {
            rows.add(RowFactory.create(path, fileIndex, line, op, sequence.orElse(null), seq(image.names()),
                    seq(image.types()), seq(image.values()), moved, record, null));
        }

        public void malformed(long line, String record, String problem) {
            rows.add(RowFactory.create(path, fileIndex, line, null, null, null, null, null, false, record, problem));
        }

        public List<Row> rows() {
            return rows;
        }

        /** An array as a Spark row holds it. */
        private static scala.collection.Seq<String> seq(List<String> list) {
            return list == null ? null : JavaConverters.asScalaBuffer(list).toSeq();
        }
    }
}
