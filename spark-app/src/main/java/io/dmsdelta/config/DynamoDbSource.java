package io.dmsdelta.config;

import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A table whose changes are DynamoDB change records as they land on S3 (docs/configuration.md, "DynamoDB"): stream
 * records a Lambda wrote, Kinesis Data Streams records a Firehose stream wrote, or incremental exports. The
 * definition's primary key is the item's key attributes (partition key, then sort key) and its columns are the
 * attributes it keeps, each typed strictly from its descriptor.
 *
 * @param folder       the folder under the source that holds the table's objects
 * @param shape        how the records land
 * @param dynamoTable  the DynamoDB table's name, which routes records of a stream shared by tables
 * @param restColumn   a string column that takes the attributes no column names, as JSON; empty: they are ignored
 * @param ttlDeletes   what an item deleted by its time to live becomes
 * @param ttlFlagColumn with {@link TtlDeletes#FLAG}: the boolean column set on an item the service deleted
 */
public record DynamoDbSource(String folder, Shape shape, String dynamoTable, Optional<String> restColumn,
                             TtlDeletes ttlDeletes, Optional<String> ttlFlagColumn, EventSettings settings)
        implements EventSourceDefinition {

    public static final String FORMAT = "dynamodb";
    /** The settings of a definition's {@code "source"}, as written (init writes them too). */
    public static final String FOLDER = "folder";
    public static final String SHAPE = "shape";
    public static final String DYNAMO_TABLE = "dynamoTable";
    public static final String REST_COLUMN = "restColumn";
    public static final String TTL_DELETES = "ttlDeletes";
    public static final String TTL_FLAG_COLUMN = "ttlFlagColumn";

    public DynamoDbSource {
        requireNonNull(folder, "folder");
        requireNonNull(shape, "shape");
        requireNonNull(dynamoTable, "dynamoTable");
        requireNonNull(restColumn, "restColumn");
        requireNonNull(ttlDeletes, "ttlDeletes");
        requireNonNull(ttlFlagColumn, "ttlFlagColumn");
        requireNonNull(settings, "settings");
        if ((ttlDeletes == TtlDeletes.FLAG) != ttlFlagColumn.isPresent()) {
            throw new IllegalArgumentException("a flag column goes with ttlDeletes flag, and only with it");
        }
    }

    @Override
    public String format() {
        return FORMAT;
    }

    /** How the change records land on S3. */
    public enum Shape {
        /**
         * DynamoDB Streams records as the project's Lambda (io.dmsdelta.trigger.dynamodb) writes them: one JSON-lines
         * object per batch, ordered by {@code SequenceNumber}, compared as a number.
         */
        STREAM("stream"),
        /**
         * Kinesis Data Streams for DynamoDB records as Firehose writes them ({@code YYYY/MM/dd/HH/} objects,
         * concatenated or one per line), routed by {@code tableName}; they may repeat and come out of order, and are
         * ordered by {@code ApproximateCreationDateTime}, then file and line.
         */
        KINESIS("kinesis"),
        /**
         * Incremental exports ({@code AWSDynamoDB/<ExportId>/manifest-summary.json}, {@code data/*.json.gz}): one
         * record per item and window, ordered by {@code WriteTimestampMicros}; an export is read once it is complete.
         */
        EXPORT("export");

        private final String configName;

        Shape(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<Shape> of(String configName) {
            return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
        }
    }

    /** What an item that DynamoDB deleted because its time to live passed becomes. */
    public enum TtlDeletes {
        /** Deleted, as any other delete. */
        DELETE("delete"),
        /** Kept with its last values and the flag column set: a soft delete (needs the stream's old images). */
        FLAG("flag");

        private final String configName;

        TtlDeletes(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        public static Optional<TtlDeletes> of(String configName) {
            return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
        }
    }
}
