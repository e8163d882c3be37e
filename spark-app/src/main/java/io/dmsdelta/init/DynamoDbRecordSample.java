package io.dmsdelta.init;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.source.dynamodb.AttributeValues;
import io.dmsdelta.source.dynamodb.DynamoDbExports;
import io.dmsdelta.source.dynamodb.DynamoDbRecords;
import io.dmsdelta.source.events.EventFile;
import io.dmsdelta.source.events.EventFiles;
import io.dmsdelta.spark.Storage;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Samples a DynamoDB table from its change records already landed: a file, or a folder of them (any depth, plain
 * or {@code .gz}, in arrival order), of JSON values one after another (a line each, or concatenated as Firehose
 * writes them), each one of
 * <ul>
 *   <li>a DynamoDB Streams record: {@code {"eventName", "eventSourceARN", "dynamodb": {"Keys", "NewImage",
 *       "OldImage", ...}}};</li>
 *   <li>a Kinesis Data Streams record of the table: the same {@code "dynamodb"} with {@code "tableName"} and
 *       {@code "recordFormat"};</li>
 *   <li>an incremental export line: {@code {"Keys", "NewImage", "OldImage"}}.</li>
 * </ul>
 * Every image adds to the sample. The key is the attributes of {@code Keys}, in the order the first record lists
 * them: records do not say which is the partition key.
 */
public final class DynamoDbRecordSample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String location;
    private final int size;
    private final Optional<String> dynamoTable;
    private int fullExportItems;
    private final Set<String> others = new TreeSet<>();
    private ItemSample sample;
    private final Set<DynamoDbSource.Shape> shapes = EnumSet.noneOf(DynamoDbSource.Shape.class);
    private final Set<String> tables = new TreeSet<>();

    private DynamoDbRecordSample(String location, int size, Optional<String> dynamoTable) {
        this.location = Objects.requireNonNull(location, "location");
        this.size = size;
        this.dynamoTable = Objects.requireNonNull(dynamoTable, "dynamoTable");
    }

    /**
     * @param location    the file or folder, as {@code --from-dynamodb-records} gives it
     * @param size        how many records to read at most
     * @param dynamoTable the table, when the command line names it; the records must not name another
     * @throws ConfigException when there are no records, a value is none of the three, or they do not tell one table
     */
    public static DynamoDbSample sample(Storage storage, String location, int size, Optional<String> dynamoTable) {
        EventFiles.Listing listed = EventFiles.list(storage, location, EventFiles.Naming.ANY)
                .orElseThrow(() -> new ConfigException("--from-dynamodb-records " + location + " does not exist."));
        // A folder of exports: their data files only, as the source reads them (not the manifests).
        EventFiles.Listing listing = listed.files().stream().anyMatch(f -> DynamoDbExports.isExportFile(f.name()))
                ? DynamoDbExports.ready(listed) : listed;
        DynamoDbRecordSample records = new DynamoDbRecordSample(location, size, dynamoTable);
        for (EventFile file : listing.files()) {
            if (records.full()) {
                break;
            }
            records.read(storage, file);
        }
        if (records.sample == null && !records.others.isEmpty()) {
            throw new ConfigException("--from-dynamodb-records " + location + " holds records of " + records.others
                    + ", not of --dynamodb-table " + dynamoTable.orElseThrow() + ".");
        }
        if (records.sample == null && records.fullExportItems > 0) {
            throw new ConfigException("--from-dynamodb-records " + location + " holds only a full export's items,"
                    + " which do not tell which attributes are the key: add incremental export lines or stream"
                    + " records, or read the table with --from-dynamodb.");
        }
        if (records.sample == null) {
            throw new ConfigException("--from-dynamodb-records " + location + " holds no record, so it does not tell"
                    + " the table's key; give a file or folder of records, or read the table with --from-dynamodb.");
        }
        return records.result(dynamoTable);
    }

    private boolean full() {
        return sample != null && sample.items() >= size;
    }

    private void read(Storage storage, EventFile file) {
        try (InputStream in = storage.openDecompressed(new Path(file.path()));
             JsonParser parser = JSON.getFactory().createParser(in)) {
            while (!full() && parser.nextToken() != null) {
                String where = file.path() + " line " + parser.currentTokenLocation().getLineNr();
                add(JSON.readTree(parser), where);
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.path() + " line " + e.getLocation().getLineNr() + " is not JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException("--from-dynamodb-records: cannot read " + file.path() + ": " + e.getMessage());
        }
    }

    private void add(JsonNode record, String where) {
        JsonNode images;
        Optional<String> table = DynamoDbRecords.tableOf(record);
        if (dynamoTable.isPresent() && table.isPresent() && !table.equals(dynamoTable)) {
            others.add(table.get());
            return; // another table's record in a shared stream, as the source leaves it out
        }
        if (record.path("dynamodb").isObject()) {
            images = record.get("dynamodb");
            boolean kinesis = record.has("tableName") || record.has("recordFormat");
            shapes.add(kinesis ? DynamoDbSource.Shape.KINESIS : DynamoDbSource.Shape.STREAM);
            table.ifPresent(tables::add);
        } else if (record.path("Item").isObject() && sample != null) {
            // A full export's item: its key is the attributes the other records' Keys name.
            images = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                    .<com.fasterxml.jackson.databind.node.ObjectNode>set("NewImage", record.get("Item"))
                    .set("Keys", keysOf(record.get("Item")));
            shapes.add(DynamoDbSource.Shape.EXPORT);
        } else if (record.path("Item").isObject()) {
            fullExportItems++; // its key is not known yet: only Keys of other records tell it
            return;
        } else if (record.has("Keys")) {
            images = record;
            shapes.add(DynamoDbSource.Shape.EXPORT);
        } else {
            throw new ConfigException(where + " is not a DynamoDB change record: a DynamoDB Streams or Kinesis record"
                    + " has \"dynamodb\": {\"Keys\", ...}, an incremental export line \"Keys\"; it has "
                    + fieldNames(record) + ".");
        }
        Map<String, SampledValue> keys = image(images.get("Keys"), "Keys", where);
        if (keys.isEmpty()) {
            throw new ConfigException(where + ": \"Keys\" is missing or empty; every change record names its item's key.");
        }
        if (sample == null) {
            sample = new ItemSample(List.copyOf(keys.keySet()));
        } else if (!Set.copyOf(sample.key()).equals(keys.keySet())) {
            throw new ConfigException(where + ": its Keys are " + keys.keySet() + ", the first record's " + sample.key()
                    + ": records of one table have one key; give the records of one table.");
        }
        try {
            sample.add(keys, image(images.get("NewImage"), "NewImage", where), image(images.get("OldImage"), "OldImage",
                    where));
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": a number value is not a number (" + e.getMessage() + ").");
        }
    }

    /** The key attributes of a full export's item, by the key the records read before it named. */
    private JsonNode keysOf(JsonNode item) {
        com.fasterxml.jackson.databind.node.ObjectNode keys = JSON.createObjectNode();
        sample.key().forEach(key -> {
            if (item.has(key)) {
                keys.set(key, item.get(key));
            }
        });
        return keys;
    }

    /** An image's attributes in their order; empty when the record has no such image. */
    private static Map<String, SampledValue> image(JsonNode image, String name, String where) {
        Map<String, SampledValue> values = new LinkedHashMap<>();
        if (image == null || image.isNull()) {
            return values;
        }
        if (!image.isObject()) {
            throw new ConfigException(where + ": \"" + name + "\" is not an object of attributes.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = image.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            values.put(attribute.getKey(), value(attribute.getValue(), name + "." + attribute.getKey(), where));
        }
        return values;
    }

    /** {@code {"S": "text"}}, {@code {"N": "12.5"}}, {@code {"NS": ["1", "2"]}}, ...: one descriptor and its value. */
    static SampledValue value(JsonNode value, String attribute, String where) {
        Optional<AttributeDescriptor> descriptor;
        try {
            descriptor = Optional.of(AttributeDescriptor.valueOf(AttributeValues.descriptor(value)));
        } catch (AttributeValues.NotAnAttributeValue e) {
            throw new ConfigException(where + ": " + attribute + " " + e.getMessage());
        }
        JsonNode content = value.elements().next();
        List<String> numbers = new ArrayList<>();
        if (descriptor.get() == AttributeDescriptor.N) {
            numbers.add(content.asText());
        } else if (descriptor.get() == AttributeDescriptor.NS) {
            content.forEach(n -> numbers.add(n.asText()));
        }
        return new SampledValue(descriptor.get(), numbers);
    }

    private DynamoDbSample result(Optional<String> dynamoTable) {
        if (shapes.size() > 1) {
            throw new ConfigException("--from-dynamodb-records " + location + " holds records of different shapes ("
                    + String.join(", ", shapes.stream().map(DynamoDbSource.Shape::configName).toList()) + "); give the"
                    + " records of one table, landed one way.");
        }
        String table;
        if (dynamoTable.isPresent()) {
            table = dynamoTable.get();
            if (!tables.isEmpty() && !tables.equals(Set.of(table))) {
                throw new ConfigException("--from-dynamodb-records " + location + " holds records of " + tables
                        + ", not of --dynamodb-table " + table + ".");
            }
        } else if (tables.size() == 1) {
            table = tables.iterator().next();
        } else if (tables.isEmpty()) {
            throw new ConfigException("the records of " + location + " do not name their table (incremental export"
                    + " lines do not): give it with --dynamodb-table <TableName>.");
        } else {
            throw new ConfigException("--from-dynamodb-records " + location + " holds records of several tables "
                    + tables + "; give the records of one table.");
        }
        int n = sample.items();
        String key = sample.key().size() < 2 ? "" : " The key (" + String.join(", ", sample.key()) + ") is the"
                + " attributes of the records' Keys in the order the first record lists them, which does not say"
                + " which is the partition key: check that it comes first in primaryKey.";
        return new DynamoDbSample(table, sample, Optional.of(shapes.iterator().next()), false,
                "DynamoDB records of table " + table + " in " + location, "columns and types from a sample of " + n
                + (n == 1 ? " record" : " records") + " of " + location + " (at most " + size + ": --sample-size)."
                + key);
    }

    private static String fieldNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? "no fields" : "the fields " + names;
    }
}
