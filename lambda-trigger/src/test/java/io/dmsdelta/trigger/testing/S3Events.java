package io.dmsdelta.trigger.testing;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** S3 notification fixtures from {@code src/test/resources/events/}, deserialized as the Lambda Java runtime does. */
public final class S3Events {

    // The serializer the runtime uses for handlers that take an S3Event.
    private static final PojoSerializer<S3Event> SERIALIZER =
            LambdaEventSerializers.serializerFor(S3Event.class, S3Events.class.getClassLoader());

    private S3Events() {
    }

    /** @param name a file name under {@code events/}, such as {@code cdc-file.json} */
    public static S3Event load(String name) {
        try (InputStream in = S3Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test fixture events/" + name);
            }
            return SERIALIZER.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
