package io.dmsdelta.catalog;

import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The JDK's URL-connection HTTP client for an AWS SDK client (Glue, DynamoDB), in a class of its own: it is loaded
 * only when the client is on the classpath (locally it is; a cluster's AWS SDK may bring another one instead).
 */
public final class UrlConnectionClient {

    private static final String CLASS = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private UrlConnectionClient() {
    }

    public static boolean available() {
        try {
            Class.forName(CLASS, false, UrlConnectionClient.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    public static void use(SdkSyncClientBuilder<?, ?> builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
