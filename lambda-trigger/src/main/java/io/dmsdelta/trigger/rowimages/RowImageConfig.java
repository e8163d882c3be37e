package io.dmsdelta.trigger.rowimages;

import java.net.URI;
import java.util.Map;

/**
 * The row-image function's settings, from its environment: {@value #ROW_IMAGES_URI} (required), the folder the
 * objects go to, {@code s3://<bucket>/<prefix>}: the folder a {@code pg-trigger} table definition names, under the
 * run's {@code --source}. A missing or malformed value fails the container's initialisation, naming the variable.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, ending in {@code /} unless empty
 */
public record RowImageConfig(String bucket, String prefix) {

    public static final String ROW_IMAGES_URI = "ROW_IMAGES_URI";

    public static RowImageConfig fromEnvironment() {
        return of(System.getenv());
    }

    /** @param environment the environment variables, such as {@link System#getenv()} */
    public static RowImageConfig of(Map<String, String> environment) {
        String value = environment.get(ROW_IMAGES_URI);
        URI uri;
        try {
            uri = value == null || value.isBlank() ? null : new URI(value.strip());
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
            throw new IllegalArgumentException(ROW_IMAGES_URI + " is " + (value == null ? "not set" : "\"" + value + "\"")
                    + "; it must be the folder the row images go to, s3://<bucket>/<prefix>");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        return new RowImageConfig(uri.getHost(), path.isEmpty() ? "" : path + "/");
    }
}
