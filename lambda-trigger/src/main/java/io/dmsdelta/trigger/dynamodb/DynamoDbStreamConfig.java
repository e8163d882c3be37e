package io.dmsdelta.trigger.dynamodb;

import io.dmsdelta.trigger.s3.DmsBucketFolder;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The DynamoDB stream function's setting, from its environment: {@value #DYNAMODB_STREAM_URI} (required), the folder
 * the batches are stored in, {@code s3://<bucket>/<prefix>}: the folder of dms-delta's {@code dynamodb} source,
 * which holds a {@code <TableName>/} folder per table. A missing or malformed value fails the container's
 * initialisation, naming the variable.
 *
 * @param folder where the batches go
 */
public record DynamoDbStreamConfig(DmsBucketFolder folder) {

    public static final String DYNAMODB_STREAM_URI = "DYNAMODB_STREAM_URI";

    private static final String FORM = "the folder the stream's batches go to, s3://<bucket>/<prefix>: the folder of"
            + " dms-delta's dynamodb source, such as s3://dms-bucket/dms/dynamodb";

    public DynamoDbStreamConfig {
        requireNonNull(folder, "folder");
    }

    public static DynamoDbStreamConfig fromEnvironment() {
        return of(System.getenv());
    }

    /**
     * @param environment the environment variables, such as {@link System#getenv()}
     * @throws IllegalArgumentException naming the variable, its value and what it should hold
     */
    public static DynamoDbStreamConfig of(Map<String, String> environment) {
        String uri = environment.get(DYNAMODB_STREAM_URI);
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("Environment variable " + DYNAMODB_STREAM_URI + " is not set. Set it"
                    + " to " + FORM + ".");
        }
        try {
            return new DynamoDbStreamConfig(DmsBucketFolder.parse(uri.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Environment variable " + DYNAMODB_STREAM_URI + " is '" + uri
                    + "', but " + e.getMessage() + ". Set it to " + FORM + ".", e);
        }
    }
}
