package io.dmsdelta.source.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.dms.Operation;
import io.dmsdelta.source.events.ColumnImages;
import io.dmsdelta.source.events.EventRecords;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Splits objects of DynamoDB change records into the changes of one table ({@link ColumnImages}): every declared
 * column of an item's new image (null where the item has no such attribute: an image is the whole item), the
 * attributes no column names as JSON in the rest column, a delete's key from {@code Keys}.
 *
 * <p>Order by shape: a stream record's {@code SequenceNumber} (a number of up to 38 digits here; DynamoDB's are 21 to
 * 40, and those seen are 21 to 25); a Kinesis record's {@code ApproximateCreationDateTime} in microseconds (records of
 * the same time are ordered by file and line); an export line's {@code WriteTimestampMicros}, and 0 for a full
 * export's items, which every later change overrides.
 */
public final class DynamoDbRecords implements EventRecords.Splitter {

    /** A sequence the table's {@code decimal(38,0)} sequence column holds, and one it does not. */
    private static final java.util.regex.Pattern SEQUENCE = java.util.regex.Pattern.compile("[0-9]{1,38}");
    private static final java.util.regex.Pattern TOO_LONG = java.util.regex.Pattern.compile("[0-9]{39,}");
    private static final java.util.Set<String> EVENTS = java.util.Set.of("INSERT", "MODIFY", "REMOVE");

    private final Mapping mapping;

    public DynamoDbRecords(Mapping mapping) {
        this.mapping = requireNonNull(mapping, "mapping");
    }

    /**
     * What the records are read into: the definition's columns and settings, serializable for the executors.
     *
     * @param columns       the columns an item's attributes go to (neither the rest column nor the flag)
     * @param restColumn    the column of the other attributes, null when they are ignored
     * @param ttlFlagColumn the column set on items deleted by their time to live, null when those are deleted
     */
    public record Mapping(DynamoDbSource.Shape shape, String dynamoTable, List<String> keys, List<String> columns,
                          List<DataType> types, String restColumn, String ttlFlagColumn) implements Serializable {
        public Mapping {
            requireNonNull(shape, "shape");
            requireNonNull(dynamoTable, "dynamoTable");
            keys = List.copyOf(keys);
            columns = List.copyOf(columns);
            types = List.copyOf(types);
        }

        public static Mapping of(TableDefinition table, DynamoDbSource source) {
            List<String> names = new ArrayList<>();
            List<DataType> types = new ArrayList<>();
            for (ColumnDefinition column : table.columns()) {
                if (!source.restColumn().equals(Optional.of(column.name()))
                        && !source.ttlFlagColumn().equals(Optional.of(column.name()))) {
                    names.add(column.name());
                    types.add(column.type());
                }
            }
            return new Mapping(source.shape(), source.dynamoTable(), table.primaryKey(), names, types,
                    source.restColumn().orElse(null), source.ttlFlagColumn().orElse(null));
        }

        DataType type(String column) {
            return types.get(columns.indexOf(column));
        }
    }

    @Override
    public List<Row> split(String path, int fileIndex, long modificationTime, String text) {
        return ColumnImages.split(path, fileIndex, modificationTime, text, (parser, token, line, rows) -> {
            JsonNode record = parser.readValueAsTree();
            String raw = record.toString();
            if (!record.isObject()) {
                rows.malformed(line, raw, "is not a JSON object: a DynamoDB change record is one");
                return;
            }
            try {
                if (mapping.shape() == DynamoDbSource.Shape.EXPORT) {
                    exportLine(record, line, raw, rows);
                } else {
                    streamRecord(record, line, raw, rows);
                }
            } catch (AttributeValues.NotAnAttributeValue e) {
                rows.malformed(line, raw, e.getMessage());
            }
        });
    }

    private void streamRecord(JsonNode record, long line, String raw, ColumnImages.Rows rows) {
        if (!holds(record)) {
            return;
        }
        JsonNode change = record.get("dynamodb");
        String event = record.path("eventName").asText("");
        if (change == null || !change.isObject() || !EVENTS.contains(event)) {
            rows.malformed(line, raw, "is not a DynamoDB stream record (eventName INSERT, MODIFY or REMOVE and a"
                    + " \"dynamodb\" object)");
            return;
        }
        boolean stream = mapping.shape() == DynamoDbSource.Shape.STREAM;
        JsonNode number = change.get("SequenceNumber");
        if (stream && number != null && TOO_LONG.matcher(number.asText()).matches()) {
            rows.malformed(line, raw, "has SequenceNumber " + number.asText() + ", longer than the 38 digits the"
                    + " table's sequence column holds");
            return;
        }
        Optional<BigDecimal> sequence = stream ? sequenceNumber(number)
                : creationMicros(change.get("ApproximateCreationDateTime"));
        if (event.equals("REMOVE")) {
            boolean expired = "Service".equals(record.path("userIdentity").path("type").asText())
                    && "dynamodb.amazonaws.com".equals(record.path("userIdentity").path("principalId").asText());
            if (expired && mapping.ttlFlagColumn() != null) {
                JsonNode old = change.get("OldImage");
                if (old == null || !old.isObject()) {
                    rows.malformed(line, raw, "is a delete by time to live without OldImage, which keeping the item"
                            + " with its flag needs: set the stream's view type to NEW_AND_OLD_IMAGES");
                } else {
                    rows.change(line, Operation.UPDATE.code(), sequence, item(old, true), false, raw);
                }
                return;
            }
            delete(change.get("Keys"), line, sequence, raw, rows);
            return;
        }
        JsonNode image = change.get("NewImage");
        if (image == null || !image.isObject()) {
            rows.malformed(line, raw, "has no NewImage: the stream's view type must be NEW_IMAGE or"
                    + " NEW_AND_OLD_IMAGES");
            return;
        }
        String op = event.equals("INSERT") ? Operation.INSERT.code() : Operation.UPDATE.code();
        rows.change(line, op, sequence, item(image, false), false, raw);
    }

    private void exportLine(JsonNode record, long line, String raw, ColumnImages.Rows rows) {
        JsonNode full = record.get("Item");
        if (full != null && full.isObject()) {
            rows.change(line, Operation.INSERT.code(), Optional.of(BigDecimal.ZERO), item(full, false), false, raw);
            return;
        }
        JsonNode micros = record.path("Metadata").path("WriteTimestampMicros").path("N");
        Optional<BigDecimal> sequence = micros.isTextual() && SEQUENCE.matcher(micros.asText()).matches()
                ? Optional.of(new BigDecimal(micros.asText())) : Optional.empty();
        JsonNode image = record.get("NewImage");
        if (image != null && image.isObject()) {
            String op = record.has("OldImage") ? Operation.UPDATE.code() : Operation.INSERT.code();
            rows.change(line, op, sequence, item(image, false), false, raw);
        } else {
            delete(record.get("Keys"), line, sequence, raw, rows);
        }
    }

    private void delete(JsonNode keys, long line, Optional<BigDecimal> sequence, String raw, ColumnImages.Rows rows) {
        if (keys == null || !keys.isObject()) {
            rows.malformed(line, raw, "is a delete without Keys, the deleted item's key");
            return;
        }
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (String key : mapping.keys()) {
            JsonNode value = keys.get(key);
            if (value != null) {
                add(key, AttributeValues.forColumn(value, mapping.type(key)), names, types, values);
            }
        }
        rows.change(line, Operation.DELETE.code(), sequence, new ColumnImages.Image(names, types, values), false, raw);
    }

    /** The whole item: every column, null where the item has no such attribute. */
    private ColumnImages.Image item(JsonNode item, boolean expired) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = 0; i < mapping.columns().size(); i++) {
            String column = mapping.columns().get(i);
            JsonNode value = item.get(column);
            add(column, value == null ? AttributeValues.Value.NULL : forColumn(column, value, mapping.types().get(i)),
                    names, types, values);
        }
        if (mapping.restColumn() != null) {
            Map<String, JsonNode> rest = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> attribute = it.next();
                if (!mapping.columns().contains(attribute.getKey())) {
                    rest.put(attribute.getKey(), attribute.getValue());
                }
            }
            add(mapping.restColumn(), rest.isEmpty() ? AttributeValues.Value.NULL
                    : new AttributeValues.Value("M", AttributeValues.plainJson(rest)), names, types, values);
        }
        if (mapping.ttlFlagColumn() != null) {
            add(mapping.ttlFlagColumn(), new AttributeValues.Value("BOOL", String.valueOf(expired)), names, types,
                    values);
        }
        return new ColumnImages.Image(names, types, values);
    }

    private static AttributeValues.Value forColumn(String attribute, JsonNode value, DataType type) {
        try {
            return AttributeValues.forColumn(value, type);
        } catch (AttributeValues.NotAnAttributeValue e) {
            throw new AttributeValues.NotAnAttributeValue("attribute " + attribute + " " + e.getMessage());
        }
    }

    private static void add(String name, AttributeValues.Value value, List<String> names, List<String> types,
                            List<String> values) {
        names.add(name);
        types.add(value.descriptor());
        values.add(value.text());
    }

    /** Whether the record is of the table: a stream shared by tables names each record's. */
    private boolean holds(JsonNode record) {
        return tableOf(record).map(mapping.dynamoTable()::equals).orElse(true);
    }

    /**
     * The DynamoDB table a record names: a Kinesis record's {@code tableName}, a stream record's
     * {@code eventSourceARN} ({@code arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>}).
     */
    public static Optional<String> tableOf(JsonNode record) {
        if (record.path("tableName").isTextual()) {
            return Optional.of(record.get("tableName").asText());
        }
        String[] parts = record.path("eventSourceARN").asText("").split(":table/", 2);
        return parts.length < 2 ? Optional.empty() : Optional.of(parts[1].split("/", 2)[0]);
    }

    /** A stream record's sequence number, compared as a number: their lengths vary. */
    private static Optional<BigDecimal> sequenceNumber(JsonNode number) {
        return number != null && number.isTextual() && SEQUENCE.matcher(number.asText()).matches()
                ? Optional.of(new BigDecimal(number.asText())) : Optional.empty();
    }

    /**
     * {@code ApproximateCreationDateTime} in microseconds: Kinesis writes milliseconds (or microseconds, with that
     * precision chosen), a Lambda event seconds.
     */
    static Optional<BigDecimal> creationMicros(JsonNode time) {
        if (time == null || !time.isNumber() || time.decimalValue().signum() < 0) {
            return Optional.empty();
        }
        BigDecimal value = time.decimalValue();
        BigDecimal micros = value.compareTo(BigDecimal.valueOf(100_000_000_000L)) < 0
                ? value.movePointRight(6)
                : value.compareTo(BigDecimal.valueOf(100_000_000_000_000L)) < 0 ? value.movePointRight(3) : value;
        return Optional.of(micros.setScale(0, java.math.RoundingMode.FLOOR));
    }
}
