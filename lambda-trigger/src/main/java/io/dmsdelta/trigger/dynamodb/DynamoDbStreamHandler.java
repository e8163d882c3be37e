package io.dmsdelta.trigger.dynamodb;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.protocols.jsoncore.JsonWriter;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The AWS Lambda function ({@code io.dmsdelta.trigger.dynamodb.DynamoDbStreamHandler::handleRequest}) that a
 * DynamoDB stream's event source mapping invokes with each batch of records, and that stores the batch for
 * dms-delta's {@code dynamodb} source ({@code "shape": "stream"}): one JSON-lines object per table in the batch,
 * {@code <prefix>/<TableName>/<first>-<last>.json} under {@code DYNAMODB_STREAM_URI} ({@link DynamoDbStreamConfig}),
 * named by the batch's smallest and largest sequence numbers padded to 40 digits, each record on a line exactly as
 * Lambda delivered it (compact, numbers as their text; {@link CompactJson}).
 *
 * <p>A batch is stored whole or not at all: if the event or any record is not what a DynamoDB stream sends
 * ({@link StreamBatch}), or a put fails, the invocation fails, so that Lambda retries the batch, bisects it, and at
 * last sends its description to the mapping's on-failure destination. A retried batch writes the same object again;
 * a bisected half writes an object of its own, whose records dms-delta drops as repeats by their sequence numbers.
 */
public final class DynamoDbStreamHandler implements RequestStreamHandler {

    private final DynamoDbStreamSink sink;

    /**
     * The constructor the Lambda runtime calls once per container.
     *
     * @throws IllegalArgumentException if {@code DYNAMODB_STREAM_URI} is missing or malformed
     */
    public DynamoDbStreamHandler() {
        this(new DynamoDbStreamSink(DynamoDbStreamConfig.fromEnvironment().folder(), S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()));
    }

    DynamoDbStreamHandler(DynamoDbStreamSink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StreamBatch batch = StreamBatch.parse(input);
        List<String> stored = new ArrayList<>();
        for (TableBatch table : batch.byTable()) {
            String uri = sink.store(table);
            context.getLogger().log("stored " + table.records().size() + " record(s) of table " + table.table()
                    + ", sequence numbers " + table.first() + " to " + table.last() + ", as " + LogSafe.uri(uri));
            stored.add(uri);
        }
        if (stored.isEmpty()) {
            context.getLogger().log("the batch holds no records: nothing stored");
        }
        output.write(answer(stored));
    }

    /** {@code {"stored": [<uri>, ...]}}. */
    private static byte[] answer(List<String> stored) {
        JsonWriter answer = JsonWriter.create().writeStartObject().writeFieldName("stored").writeStartArray();
        stored.forEach(answer::writeValue);
        return answer.writeEndArray().writeEndObject().getBytes();
    }
}
