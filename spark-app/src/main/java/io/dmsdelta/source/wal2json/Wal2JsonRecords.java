package io.dmsdelta.source.wal2json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.config.Wal2JsonSource;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.source.events.ColumnImages;
import io.dmsdelta.source.events.EventRecords;
import org.apache.spark.sql.Row;

import java.io.IOException;
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
 * and messages change no row and give none. Rows as {@link ColumnImages} describes them.
 */
public final class Wal2JsonRecords implements EventRecords.Splitter {

    private static final Pattern LSN = Pattern.compile("^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$");
    private static final Map<String, String> V1_KINDS = Map.of("insert", Operation.INSERT.code(), "update",
            Operation.UPDATE.code(), "delete", Operation.DELETE.code());
    private static final Map<String, String> V2_ACTIONS = Map.of("I", Operation.INSERT.code(), "U",
            Operation.UPDATE.code(), "D", Operation.DELETE.code(), "T", ChangeRows.TRUNCATE);

    private final ColumnImages.Table table;
    private final Wal2JsonSource.Order order;

    public Wal2JsonRecords(ColumnImages.Table table, Wal2JsonSource.Order order) {
        this.table = Objects.requireNonNull(table, "table");
        this.order = Objects.requireNonNull(order, "order");
    }

    @Override
    public List<Row> split(String path, int fileIndex, long modificationTime, String text) {
        return ColumnImages.split(path, fileIndex, modificationTime, text, (parser, token, line, rows) -> {
            if (token == JsonToken.START_OBJECT) {
                readObject(parser, line, rows);
            } else {
                parser.skipChildren();
                rows.malformed(line, parser.getText(), "is not a JSON object: wal2json writes an object per"
                        + " transaction (format version 1) or per action (version 2)");
            }
        });
    }

    /** One top-level object: a version 1 transaction (its changes read one by one, for their lines) or an action. */
    private void readObject(JsonParser parser, long line, ColumnImages.Rows reading) throws IOException {
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
                        ? commit.map(lsn -> lsn.multiply(ColumnImages.POSITIONS).add(inTransaction))
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

    private void versionOne(JsonNode change, long line, Optional<BigDecimal> sequence, ColumnImages.Rows reading) {
        String kind = change.path("kind").asText(null);
        if ("message".equals(kind) || !table.holds(change)) { // a message changes no row
            return;
        }
        String op = V1_KINDS.get(kind);
        if (op == null) {
            reading.malformed(line, change.toString(), "has kind " + kind + "; wal2json writes insert, update, delete"
                    + " or message");
            return;
        }
        JsonNode oldKeys = change.path("oldkeys");
        ColumnImages.Image image = new ColumnImages.Image(texts(change.get("columnnames")), texts(change.get("columntypes")),
                texts(change.get("columnvalues")));
        ColumnImages.Image old = new ColumnImages.Image(texts(oldKeys.get("keynames")), texts(oldKeys.get("keytypes")),
                texts(oldKeys.get("keyvalues")));
        change(op, image, old, line, sequence, change.toString(), reading);
    }

    private void versionTwo(JsonNode action, long line, ColumnImages.Rows reading) {
        String code = action.path("action").asText("");
        if (List.of("B", "C", "M").contains(code)) {
            return;
        }
        long position = reading.nextPosition();
        if (!table.holds(action)) {
            return;
        }
        Optional<BigDecimal> sequence = order == Wal2JsonSource.Order.LSN
                ? lsn(action.get("lsn")).map(lsn -> lsn.multiply(ColumnImages.POSITIONS))
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
    private void change(String op, ColumnImages.Image image, ColumnImages.Image old, long line, Optional<BigDecimal> sequence, String record,
                        ColumnImages.Rows reading) {
        if (!image.wellFormed() || !old.wellFormed()) {
            reading.malformed(line, record, "has column names, types and values of different lengths");
            return;
        }
        if (op.equals(ChangeRows.TRUNCATE)) {
            reading.change(line, op, sequence, ColumnImages.Image.NONE, false, record);
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
        if (op.equals(Operation.UPDATE.code()) && old.names() != null && table.movesKey(image, old)) {
            reading.change(line, Operation.DELETE.code(), sequence, old, false, record);
            reading.change(line, Operation.INSERT.code(), sequence, image, true, record);
            return;
        }
        reading.change(line, op, sequence, image, false, record);
    }

    /** Version 2's {@code [{"name", "type", "value"}]}. */
    private static ColumnImages.Image image(JsonNode columns) {
        if (columns == null || !columns.isArray()) {
            return ColumnImages.Image.NONE;
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (JsonNode column : columns) {
            names.add(ColumnImages.text(column.get("name")));
            types.add(ColumnImages.text(column.get("type")));
            values.add(ColumnImages.text(column.get("value")));
        }
        return new ColumnImages.Image(names, types, values);
    }

    private static List<String> texts(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        array.forEach(value -> texts.add(ColumnImages.text(value)));
        return texts;
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
}
