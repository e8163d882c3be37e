package io.dmsdelta.source.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmsdelta.config.TriggerSource;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.ChangeRows;
import io.dmsdelta.source.events.ColumnImages;
import io.dmsdelta.source.events.EventRecords;
import org.apache.spark.sql.Row;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Splits objects of trigger row images into the changes of one table ({@link ColumnImages}), values exactly as
 * written. The project's trigger writes {@code {"op", "schema", "table", "seq", "txid", "ts", "old", "new"}}:
 * {@code row_to_json} of the old and new row, whole; an update that changes the key becomes a delete of the old key
 * and an insert of the new one, with the update's sequence. A bare row ({@link TriggerSource.Shape#ROW}) is an upsert,
 * ordered by arrival.
 */
public final class RowImageRecords implements EventRecords.Splitter {

    private static final Map<String, String> OPERATIONS = Map.of("INSERT", Operation.INSERT.code(), "UPDATE",
            Operation.UPDATE.code(), "DELETE", Operation.DELETE.code(), "TRUNCATE", ChangeRows.TRUNCATE);

    private final ColumnImages.Table table;
    private final TriggerSource.Shape shape;

    public RowImageRecords(ColumnImages.Table table, TriggerSource.Shape shape) {
        this.table = Objects.requireNonNull(table, "table");
        this.shape = Objects.requireNonNull(shape, "shape");
    }

    @Override
    public List<Row> split(String path, int fileIndex, long modificationTime, String text) {
        return ColumnImages.split(path, fileIndex, modificationTime, text, (parser, token, line, rows) -> {
            JsonNode record = parser.readValueAsTree();
            if (!record.isObject()) {
                rows.malformed(line, record.toString(), "is not a JSON object: the trigger sends one per row");
            } else if (shape == TriggerSource.Shape.ROW) {
                rows.change(line, Operation.UPDATE.code(), Optional.of(rows.arrival(rows.nextPosition())),
                        image(record), false, record.toString());
            } else {
                rowImage(record, line, rows);
            }
        });
    }

    private void rowImage(JsonNode record, long line, ColumnImages.Rows rows) {
        if (!table.holds(record)) {
            return;
        }
        String op = OPERATIONS.get(record.path("op").asText(""));
        if (op == null) {
            rows.malformed(line, record.toString(), "has op " + record.get("op") + "; the trigger sends INSERT,"
                    + " UPDATE, DELETE or TRUNCATE (TG_OP)");
            return;
        }
        JsonNode seq = record.get("seq");
        Optional<BigDecimal> sequence = seq != null && seq.isIntegralNumber() && seq.bigIntegerValue().signum() >= 0
                ? Optional.of(new BigDecimal(seq.bigIntegerValue())) : Optional.empty();
        ColumnImages.Image old = image(record.get("old"));
        ColumnImages.Image now = image(record.get("new"));
        String raw = record.toString();
        if (op.equals(ChangeRows.TRUNCATE)) {
            rows.change(line, op, sequence, ColumnImages.Image.NONE, false, raw);
        } else if (op.equals(Operation.DELETE.code())) {
            if (old.names() == null) {
                rows.malformed(line, raw, "is a DELETE without \"old\", the deleted row");
            } else {
                rows.change(line, op, sequence, old, false, raw);
            }
        } else if (now.names() == null) {
            rows.malformed(line, raw, "is an " + record.get("op").asText() + " without \"new\", the row");
        } else if (op.equals(Operation.UPDATE.code()) && old.names() != null && table.movesKey(now, old)) {
            rows.change(line, Operation.DELETE.code(), sequence, old, false, raw);
            rows.change(line, Operation.INSERT.code(), sequence, now, false, raw);
        } else {
            rows.change(line, op, sequence, now, false, raw);
        }
    }

    /** A row as {@code row_to_json} writes it: its fields in column order. */
    private static ColumnImages.Image image(JsonNode row) {
        if (row == null || !row.isObject()) {
            return ColumnImages.Image.NONE;
        }
        List<String> names = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = row.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            names.add(field.getKey());
            values.add(ColumnImages.text(field.getValue()));
        }
        return new ColumnImages.Image(names, null, values);
    }
}
