package io.dmsdelta.trigger.rowimages;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.dmsdelta.trigger.log.LogSafe;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static java.util.Objects.requireNonNull;

/**
 * The AWS Lambda function ({@code io.dmsdelta.trigger.rowimages.RowImageHandler::handleRequest}) that receives the
 * row images of {@code sql/postgresql/row-images.sql} on Aurora PostgreSQL, invoked asynchronously by
 * {@code aws_lambda.invoke} once per row change, and stores each as a JSON-lines object for dms-delta's
 * {@code pg-trigger} source: {@code <prefix>/YYYY/MM/dd/HH/<epoch ms>-<seq>-<request id>.json} under
 * {@value RowImageConfig#ROW_IMAGES_URI}, the hour of its arrival, so that names sort by arrival.
 *
 * <p>The event is stored exactly as sent (its numbers are never re-encoded), after checking that it is a row image:
 * an object with {@code op}, {@code schema}, {@code table} and a whole-number {@code seq}. Anything else fails the
 * invocation, so that Lambda retries it and at last sends it to the function's on-failure destination (the stack's
 * dead-letter queue): never dropped. A retried invocation has the same request id, so it writes the same object again;
 * an event the database sent twice is stored twice, and dms-delta drops the repeat by its {@code seq}.
 */
public final class RowImageHandler implements RequestStreamHandler {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);

    private final RowImageConfig config;
    private final S3Client s3;
    private final Clock clock;

    /** The constructor the Lambda runtime calls once per container. */
    public RowImageHandler() {
        this(RowImageConfig.fromEnvironment(), S3Client.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .build(), Clock.systemUTC());
    }

    RowImageHandler(RowImageConfig config, S3Client s3, Clock clock) {
        this.config = requireNonNull(config, "config");
        this.s3 = requireNonNull(s3, "s3");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8).strip();
        RowImage image = RowImage.parse(event);
        Instant now = clock.instant();
        String key = config.prefix() + HOUR.format(now) + now.toEpochMilli() + "-" + image.seq() + "-"
                + context.getAwsRequestId() + ".json";
        s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType("application/x-ndjson"),
                RequestBody.fromString(event + "\n", StandardCharsets.UTF_8));
        String stored = "s3://" + config.bucket() + "/" + key;
        context.getLogger().log("stored the " + image.op() + " of " + LogSafe.uri(image.schema() + "." + image.table())
                + " with seq " + image.seq() + " as " + LogSafe.uri(stored));
        output.write(("{\"stored\":\"" + stored.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
