package io.dmsdelta.trigger.dynamodb;

import io.dmsdelta.trigger.s3.DmsBucketFolder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import static java.util.Objects.requireNonNull;

/** Where the function stores a table's batch: an object {@code <prefix>/<TableName>/<first>-<last>.json}. */
record DynamoDbStreamSink(DmsBucketFolder folder, S3Client client) {

    DynamoDbStreamSink {
        requireNonNull(folder, "folder");
        requireNonNull(client, "client");
    }

    /**
     * Puts the batch's JSON-lines object, replacing the one of an earlier attempt at the same batch.
     *
     * @return its URI, for the log and the function's answer
     * @throws software.amazon.awssdk.core.exception.SdkException when the put fails
     */
    String store(TableBatch batch) {
        String key = folder.folderKey() + batch.objectName();
        client.putObject(b -> b.bucket(folder.bucket()).key(key).contentType("application/x-ndjson"),
                RequestBody.fromBytes(batch.jsonLines()));
        return folder.uri(key);
    }
}
