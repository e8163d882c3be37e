package io.dmsdelta.trigger.event;

import java.util.List;
import java.util.Objects;

/** An event the trigger function is invoked with, as {@link TriggerEvents#parse} reads it. */
public sealed interface TriggerEvent {

    /**
     * An S3 event notification.
     *
     * @param records its records, in order (S3 sends one per notification)
     */
    record S3Notification(List<ObjectRecord> records) implements TriggerEvent {
        public S3Notification {
            records = List.copyOf(records);
        }
    }

    /**
     * One record of an S3 event notification, its fields as S3 wrote them.
     *
     * @param eventName     {@code eventName}, such as {@code ObjectCreated:Put}; null if the record has none
     * @param bucket        {@code s3.bucket.name}
     * @param urlEncodedKey {@code s3.object.key}, form-URL-encoded as S3 writes it
     * @param size          {@code s3.object.size}; null if the record has none (as for deletions)
     */
    record ObjectRecord(String eventName, String bucket, String urlEncodedKey, Long size) {
        public ObjectRecord {
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(urlEncodedKey, "urlEncodedKey");
        }
    }

    /**
     * An EventBridge "Scheduled Event" (source {@code aws.events}).
     *
     * @param rule the rule that sent it (the event's first {@code resources} entry), or empty if it names none
     */
    record Scheduled(String rule) implements TriggerEvent {
        public Scheduled {
            Objects.requireNonNull(rule, "rule");
        }
    }

    /**
     * The message S3 sends once when a notification to the function is set up ({@code "Event": "s3:TestEvent"}).
     *
     * @param bucket its {@code Bucket}, or empty
     */
    record S3TestEvent(String bucket) implements TriggerEvent {
        public S3TestEvent {
            Objects.requireNonNull(bucket, "bucket");
        }
    }
}
