package io.dmsdelta.catalog;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;

/**
 * The JDK's URL-connection HTTP client for the Glue client, in a class of its own: it is loaded only when the client
 * is on the classpath (locally it is; a cluster's AWS SDK may bring another one instead).
 */
final class UrlConnectionClient {

    private static final String CLASS = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient";

    private UrlConnectionClient() {
    }

    static boolean available() {
        try {
            Class.forName(CLASS, false, UrlConnectionClient.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static void use(GlueClientBuilder builder) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
}
