package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/** Glue clients configured the way {@link GlueJobStarter} and the run check need them. */
public final class GlueClients {

    private GlueClients() {
    }

    /**
     * A client builder with the JDK's URL-connection HTTP client (small jar, fast cold start) and without SDK
     * retries: {@link GlueRetry} owns the retry schedule, and SDK retries underneath it would multiply the
     * attempts and the time an invocation takes. Region and credentials come from the SDK's default chains (in
     * Lambda: {@code AWS_REGION} and the execution role) unless the caller sets them.
     */
    public static GlueClientBuilder builder() {
        return GlueClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    /** The client of this container, built on first use and shared by every invocation the container serves. */
    public static GlueClient shared() {
        return Shared.CLIENT;
    }

    // Holder idiom: the JVM builds the client once, lazily and thread-safely.
    private static final class Shared {
        static final GlueClient CLIENT = builder().build();
    }
}
