package io.dmsdelta.init;

import java.util.Arrays;
import java.util.Optional;

/** How a DynamoDB table's changes are landed: the {@code "shape"} of a {@code dynamodb} source. */
public enum DynamoDbShape {
    /** DynamoDB Streams records, as a Lambda function or the Streams API gets them. */
    STREAM("stream"),
    /** Kinesis Data Streams records of the table (with {@code tableName}), as Firehose lands them. */
    KINESIS("kinesis"),
    /** An incremental export's lines: {@code {"Keys", "NewImage", "OldImage"}}. */
    EXPORT("export");

    private final String configName;

    DynamoDbShape(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Optional<DynamoDbShape> of(String configName) {
        return Arrays.stream(values()).filter(s -> s.configName.equals(configName)).findFirst();
    }
}
