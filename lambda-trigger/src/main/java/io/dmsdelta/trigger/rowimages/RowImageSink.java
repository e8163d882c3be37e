package io.dmsdelta.trigger.rowimages;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import static java.util.Objects.requireNonNull;

/** Where the function puts a row image: a line of a JSON-lines object, the event exactly as sent. */
sealed interface RowImageSink permits RowImageSink.Firehose, RowImageSink.ObjectPerEvent {

    /**
     * Stores one row image.
     *
     * @param event     the event as sent, without a line break at its end
     * @param requestId the invocation's id: a retried invocation has the same
     * @return where it went, for the log and the function's answer
     */
    String store(RowImage image, String event, String requestId);

    /**
     * A Firehose delivery stream: each event a record ending in a line break, which the stream batches into
     * {@code YYYY/MM/dd/HH/} objects under its S3 prefix. A retried invocation puts its record again: a repeat, which
     * dms-delta drops by {@code seq}.
     */
    record Firehose(String stream, FirehoseClient client) implements RowImageSink {
        public Firehose {
            requireNonNull(stream, "stream");
            requireNonNull(client, "client");
        }

        @Override
        public String store(RowImage image, String event, String requestId) {
            String id = client.putRecord(b -> b.deliveryStreamName(stream).record(r -> r.data(
                    SdkBytes.fromString(event + "\n", StandardCharsets.UTF_8)))).recordId();
            return "record " + id + " of Firehose stream " + stream;
        }
    }

    /**
     * An object per event, {@code <prefix>YYYY/MM/dd/HH/<epoch ms>-<seq>-<request id>.json}, the hour of its arrival,
     * so that names sort by arrival; a retried invocation writes the same object again.
     */
    record ObjectPerEvent(RowImageConfig.S3Folder folder, S3Client client, Clock clock) implements RowImageSink {
        private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/")
                .withZone(ZoneOffset.UTC);

        public ObjectPerEvent {
            requireNonNull(folder, "folder");
            requireNonNull(client, "client");
            requireNonNull(clock, "clock");
        }

        @Override
        public String store(RowImage image, String event, String requestId) {
            Instant now = clock.instant();
            String key = folder.prefix() + HOUR.format(now) + now.toEpochMilli() + "-" + image.seq() + "-" + requestId
                    + ".json";
            client.putObject(b -> b.bucket(folder.bucket()).key(key).contentType("application/x-ndjson"),
                    RequestBody.fromString(event + "\n", StandardCharsets.UTF_8));
            return "s3://" + folder.bucket() + "/" + key;
        }
    }
}
