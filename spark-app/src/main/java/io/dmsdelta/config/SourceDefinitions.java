package io.dmsdelta.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a table definition's {@code "source"}: absent or {@code "dms"} for DMS, an object for the other producers. */
final class SourceDefinitions {

    /** Settings every at-least-once source takes (see {@link EventSourceDefinition}). */
    private static final Set<String> EVENT_FIELDS = Set.of("format", "sequenceColumn", "tombstoneRetentionDays",
            "lateArrivalMinutes");
    private static final Set<String> DEBEZIUM_FIELDS = Set.of("topic", "topicPrefix", "layout", "topicsDir",
            "folder", "connector", "unavailableValue", "encodings");
    private static final Set<String> WAL2JSON_FIELDS = Set.of("folder", "order");
    private static final Set<String> TRIGGER_FIELDS = Set.of("folder", "shape");
    private static final Set<String> DYNAMODB_FIELDS = Set.of(DynamoDbSource.FOLDER, DynamoDbSource.SHAPE,
            DynamoDbSource.DYNAMO_TABLE, DynamoDbSource.REST_COLUMN, DynamoDbSource.TTL_DELETES,
            DynamoDbSource.TTL_FLAG_COLUMN);

    private SourceDefinitions() {
    }

    /**
     * @param node   the {@code "source"} value, null when absent
     * @param where  the table, as messages name it
     */
    static SourceDefinition parse(JsonNode node, String schema, String table, List<ColumnDefinition> columns,
                                  String where) {
        if (node == null || node.isNull() || (node.isTextual() && node.asText().equals(SourceDefinition.Dms.FORMAT))) {
            return SourceDefinition.Dms.INSTANCE;
        }
        String format = node.isObject() ? text(node, "format", where) : node.isTextual() ? node.asText() : null;
        if (node.isObject() && SourceDefinition.Dms.FORMAT.equals(format) && node.size() == 1) {
            return SourceDefinition.Dms.INSTANCE;
        }
        if (node.isObject() && DebeziumSource.FORMAT.equals(format)) {
            return debezium(node, schema, table, columns, where);
        }
        if (node.isObject() && Wal2JsonSource.FORMAT.equals(format)) {
            return wal2json(node, columns, where);
        }
        if (node.isObject() && TriggerSource.FORMAT.equals(format)) {
            return trigger(node, columns, where);
        }
        if (node.isObject() && DynamoDbSource.FORMAT.equals(format)) {
            return dynamodb(node, table, columns, where);
        }
        throw new ConfigException(where + ": \"source\" is " + node + "; give \"dms\" (the default) or an object"
                + " with \"format\": \"debezium\", \"wal2json\", \"pg-trigger\" or \"dynamodb\" and its settings"
                + " (docs/configuration.md, \"Change sources\").");
    }

    /** The settings of an at-least-once source that every format shares, checked. */
    private static EventSettings eventSettings(JsonNode node, List<ColumnDefinition> columns, Set<String> ownFields,
                                               String where) {
        String format = node.get("format").asText();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!EVENT_FIELDS.contains(field) && !ownFields.contains(field)) {
                throw new ConfigException(where + ": the " + format + " source has no setting \"" + field
                        + "\"; it takes " + String.join(", ", java.util.stream.Stream.concat(EVENT_FIELDS.stream(),
                        ownFields.stream()).sorted().toList()) + ".");
            }
        }
        String sequence = orDefault(optionalText(node, "sequenceColumn", where),
                EventSettings.DEFAULT_SEQUENCE_COLUMN);
        if (columns.stream().anyMatch(c -> c.name().equalsIgnoreCase(sequence)) || sequence.startsWith("__")) {
            throw new ConfigException(where + ": \"sequenceColumn\" " + sequence + " is a column dms-delta adds to hold"
                    + " each row's change sequence, so it cannot be one of the table's columns or start with \"__\".");
        }
        return new EventSettings(sequence,
                Duration.ofDays(positive(node, "tombstoneRetentionDays", EventSettings.DEFAULT_TOMBSTONE_RETENTION
                        .toDays(), where)),
                Duration.ofMinutes(positive(node, "lateArrivalMinutes", EventSettings.DEFAULT_LATE_ARRIVAL
                        .toMinutes(), where)));
    }

    private static TriggerSource trigger(JsonNode node, List<ColumnDefinition> columns, String where) {
        EventSettings settings = eventSettings(node, columns, TRIGGER_FIELDS, where);
        String folder = text(node, "folder", where);
        TriggerSource.Shape shape = choice(node, "shape", TriggerSource.Shape.ROW_IMAGE, TriggerSource.Shape::of,
                "\"row-image\" (the default: the project's trigger, sql/postgresql/row-images.sql) or \"row\" (a bare"
                        + " row, as json_build_object from NEW gives it)", where);
        return new TriggerSource(folder, shape, settings);
    }

    private static DynamoDbSource dynamodb(JsonNode node, String table, List<ColumnDefinition> columns,
                                           String where) {
        EventSettings settings = eventSettings(node, columns, DYNAMODB_FIELDS, where);
        String folder = text(node, DynamoDbSource.FOLDER, where);
        DynamoDbSource.Shape shape = choice(node, DynamoDbSource.SHAPE, DynamoDbSource.Shape.STREAM,
                DynamoDbSource.Shape::of,
                "\"stream\" (the default: stream records the project's Lambda writes), \"kinesis\" (Kinesis Data"
                        + " Streams records through Firehose) or \"export\" (incremental exports)", where);
        java.util.Optional<String> rest = java.util.Optional.ofNullable(optionalText(node, DynamoDbSource.REST_COLUMN,
                where));
        rest.ifPresent(name -> declared(name, columns, org.apache.spark.sql.types.DataTypes.StringType,
                "\"restColumn\", which takes the attributes no column names as JSON text", where));
        DynamoDbSource.TtlDeletes ttl = choice(node, DynamoDbSource.TTL_DELETES, DynamoDbSource.TtlDeletes.DELETE,
                DynamoDbSource.TtlDeletes::of, "\"delete\" (the default) or \"flag\" (kept, with \"ttlFlagColumn\""
                        + " set)", where);
        java.util.Optional<String> flag = java.util.Optional.ofNullable(optionalText(node,
                DynamoDbSource.TTL_FLAG_COLUMN, where));
        if ((ttl == DynamoDbSource.TtlDeletes.FLAG) != flag.isPresent()) {
            throw new ConfigException(where + ": \"ttlFlagColumn\" (a boolean column set on items deleted by their"
                    + " time to live) goes with \"ttlDeletes\": \"flag\", and only with it.");
        }
        flag.ifPresent(name -> declared(name, columns, org.apache.spark.sql.types.DataTypes.BooleanType,
                "\"ttlFlagColumn\"", where));
        if (rest.isPresent() && rest.equals(flag)) {
            throw new ConfigException(where + ": \"restColumn\" and \"ttlFlagColumn\" name the same column.");
        }
        return new DynamoDbSource(folder, shape, orDefault(optionalText(node, DynamoDbSource.DYNAMO_TABLE, where),
                table), rest, ttl, flag, settings);
    }

    /** A column a setting names: one of the definition's, of {@code type}. */
    private static void declared(String name, List<ColumnDefinition> columns, org.apache.spark.sql.types.DataType type,
                                 String setting, String where) {
        ColumnDefinition column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow(() ->
                new ConfigException(where + ": " + setting + " names " + name + ", which is not one of its columns;"
                        + " add {\"name\": \"" + name + "\", \"type\": \"" + type.simpleString() + "\"}."));
        if (!column.type().sameType(type)) {
            throw new ConfigException(where + ": " + setting + " names " + name + ", of type "
                    + column.type().simpleString() + "; declare it as " + type.simpleString() + ".");
        }
    }

    private static Wal2JsonSource wal2json(JsonNode node, List<ColumnDefinition> columns, String where) {
        EventSettings settings = eventSettings(node, columns, WAL2JSON_FIELDS, where);
        String folder = text(node, "folder", where);
        Wal2JsonSource.Order order = choice(node, "order", Wal2JsonSource.Order.LSN, Wal2JsonSource.Order::of,
                "\"lsn\" (the default: the stream is written with wal2json's include-lsn) or \"arrival\" (file"
                        + " modification time, then place in the file)", where);
        return new Wal2JsonSource(folder, order, settings);
    }

    private static DebeziumSource debezium(JsonNode node, String schema, String table, List<ColumnDefinition> columns,
                                           String where) {
        EventSettings settings = eventSettings(node, columns, DEBEZIUM_FIELDS, where);
        String topic = optionalText(node, "topic", where);
        String prefix = optionalText(node, "topicPrefix", where);
        if ((topic == null) == (prefix == null)) {
            throw new ConfigException(where + ": a debezium source needs either \"topicPrefix\" (the connector's"
                    + " topic.prefix: the topic is <topicPrefix>." + schema + "." + table + ") or \"topic\", not both.");
        }
        if (topic == null) {
            topic = prefix + "." + schema + "." + table;
        }
        DebeziumSource.Layout layout = choice(node, "layout", DebeziumSource.Layout.KAFKA_CONNECT_S3,
                DebeziumSource.Layout::of, "\"kafka-connect-s3\" (the Kafka Connect S3 sink's topics/<topic>/partition=<p>/"
                        + " files) or \"firehose\" (YYYY/MM/dd/HH/ objects)", where);
        DebeziumSource.Connector connector = choice(node, "connector", DebeziumSource.Connector.POSTGRESQL,
                DebeziumSource.Connector::of, "\"postgresql\" or \"mysql\"", where);
        Map<String, String> encodings = new HashMap<>();
        JsonNode given = node.get("encodings");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new ConfigException(where + ": \"encodings\" must be an object of column name to encoding.");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (columns.stream().noneMatch(c -> c.name().equals(entry.getKey()))) {
                    throw new ConfigException(where + ": \"encodings\" names " + entry.getKey() + ", which is not one of"
                            + " its columns (spelled exactly).");
                }
                if (!entry.getValue().isTextual()) {
                    throw new ConfigException(where + ": the encoding of " + entry.getKey() + " must be a string.");
                }
                String encoding = entry.getValue().asText().toLowerCase(Locale.ROOT);
                org.apache.spark.sql.types.DataType type = columns.stream().filter(c -> c.name().equals(entry.getKey()))
                        .findFirst().orElseThrow().type();
                try {
                    io.dmsdelta.source.debezium.DebeziumValues.resolve(type,
                            io.dmsdelta.source.debezium.ValueEncoding.parse(encoding),
                            io.dmsdelta.source.debezium.TimestampDefault.MICROS);
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(where + ": encoding of column " + entry.getKey() + ": " + e.getMessage());
                }
                encodings.put(entry.getKey(), encoding);
            }
        }
        return new DebeziumSource(topic, layout,
                orDefault(optionalText(node, "topicsDir", where), DebeziumSource.DEFAULT_TOPICS_DIR),
                orDefault(optionalText(node, "folder", where), topic), connector,
                orDefault(optionalText(node, "unavailableValue", where), DebeziumSource.DEFAULT_UNAVAILABLE_VALUE),
                encodings, settings);
    }

    /**
     * A setting that names one of a few choices.
     *
     * @param choices what may be given, for the message
     */
    private static <E> E choice(JsonNode node, String field, E otherwise, java.util.function.Function<String,
            java.util.Optional<E>> lookup, String choices, String where) {
        String name = optionalText(node, field, where);
        if (name == null) {
            return otherwise;
        }
        return lookup.apply(name).orElseThrow(() -> new ConfigException(where + ": \"" + field + "\" is \"" + name
                + "\"; give " + choices + "."));
    }

    private static long positive(JsonNode node, String field, long otherwise, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new ConfigException(where + ": \"" + field + "\" must be a whole number of at least 0.");
        }
        return value.asLong();
    }

    private static String orDefault(String value, String otherwise) {
        return value == null ? otherwise : value;
    }

    private static String text(JsonNode node, String field, String where) {
        String value = optionalText(node, field, where);
        if (value == null) {
            throw new ConfigException(where + ": \"source\" needs \"" + field + "\".");
        }
        return value;
    }

    private static String optionalText(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(where + ": \"" + field + "\" of the source must be a non-empty string.");
        }
        return value.asText();
    }
}
