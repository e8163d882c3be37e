package io.dmsdelta.trigger.testing;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Event fixtures from {@code src/test/resources/events/}: the JSON the function is invoked with. */
public final class EventFixtures {

    // The serializer the Lambda Java runtime uses for handlers that take an S3Event.
    private static final PojoSerializer<S3Event> SERIALIZER =
            LambdaEventSerializers.serializerFor(S3Event.class, EventFixtures.class.getClassLoader());

    private EventFixtures() {
    }

    /** @param name a file name under {@code events/}, such as {@code cdc-file.json} */
    public static byte[] bytes(String name) {
        try (InputStream in = EventFixtures.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No test fixture events/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture as the stream the Lambda runtime hands a stream handler. */
    public static InputStream stream(String name) {
        return new ByteArrayInputStream(bytes(name));
    }

    /** The fixture deserialized as the Lambda Java runtime deserializes an S3Event. */
    public static S3Event s3Event(String name) {
        return SERIALIZER.fromJson(stream(name));
    }
}
