package io.dmsdelta.trigger.rowimages;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import static java.util.Objects.requireNonNull;

/**
 * The AWS Lambda function ({@code io.dmsdelta.trigger.rowimages.RowImageHandler::handleRequest}) that receives the
 * row images of {@code sql/postgresql/row-images.sql} on Aurora PostgreSQL, invoked asynchronously by
 * {@code aws_lambda.invoke} once per row change, and passes each on for dms-delta's {@code pg-trigger} source: to a
 * Firehose delivery stream, which batches them into JSON-lines objects, or as an object of its own
 * ({@link RowImageConfig}, {@link RowImageSink}).
 *
 * <p>The event goes on exactly as sent (its numbers are never re-encoded), after checking that it is a row image: an
 * object with {@code op}, {@code schema}, {@code table} and a whole-number {@code seq}. Anything else, or a failed
 * put, fails the invocation, so that Lambda retries it and at last sends it to the function's on-failure destination
 * (the stack's dead-letter queue): never dropped. An event stored twice is dropped by dms-delta by its {@code seq}.
 */
public final class RowImageHandler implements RequestStreamHandler {

    private final RowImageSink sink;

    /** The constructor the Lambda runtime calls once per container. */
    public RowImageHandler() {
        this(sink(RowImageConfig.fromEnvironment()));
    }

    RowImageHandler(RowImageSink sink) {
        this.sink = requireNonNull(sink, "sink");
    }

    private static RowImageSink sink(RowImageConfig config) {
        if (config.stream().isPresent()) {
            return new RowImageSink.Firehose(config.stream().get(), FirehoseClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build());
        }
        return new RowImageSink.ObjectPerEvent(config.folder().orElseThrow(), S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build(), Clock.systemUTC());
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8).strip();
        RowImage image = RowImage.parse(event);
        String stored = sink.store(image, event, context.getAwsRequestId());
        context.getLogger().log("stored the " + image.op() + " of " + LogSafe.uri(image.schema() + "." + image.table())
                + " with seq " + image.seq() + " as " + LogSafe.uri(stored));
        output.write(("{\"stored\":\"" + stored.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
