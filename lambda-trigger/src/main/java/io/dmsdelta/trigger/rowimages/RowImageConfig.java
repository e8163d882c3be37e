package io.dmsdelta.trigger.rowimages;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The row-image function's settings, from its environment: exactly one of
 * <ul>
 *   <li>{@value #ROW_IMAGES_FIREHOSE}: the Firehose delivery stream each row image is put to; the stream batches them
 *       into objects under its S3 prefix, the folder a {@code pg-trigger} table definition names;</li>
 *   <li>{@value #ROW_IMAGES_URI}: the folder each row image is stored in as an object of its own,
 *       {@code s3://<bucket>/<prefix>}.</li>
 * </ul>
 * A missing, doubled or malformed value fails the container's initialisation, naming the variable.
 *
 * @param folder where objects go, when they are stored directly
 * @param stream the delivery stream, when they go through Firehose
 */
public record RowImageConfig(Optional<S3Folder> folder, Optional<String> stream) {

    public static final String ROW_IMAGES_URI = "ROW_IMAGES_URI";
    public static final String ROW_IMAGES_FIREHOSE = "ROW_IMAGES_FIREHOSE";

    /**
     * @param bucket the bucket
     * @param prefix the key prefix, ending in {@code /} unless empty
     */
    public record S3Folder(String bucket, String prefix) {
    }

    public RowImageConfig {
        if (folder.isPresent() == stream.isPresent()) {
            throw new IllegalArgumentException("set exactly one of " + ROW_IMAGES_FIREHOSE + " (the Firehose delivery"
                    + " stream the row images are put to) and " + ROW_IMAGES_URI + " (s3://<bucket>/<prefix>, for an"
                    + " object per row image)");
        }
    }

    public static RowImageConfig fromEnvironment() {
        return of(System.getenv());
    }

    /** @param environment the environment variables, such as {@link System#getenv()} */
    public static RowImageConfig of(Map<String, String> environment) {
        Optional<String> uri = value(environment, ROW_IMAGES_URI);
        Optional<String> stream = value(environment, ROW_IMAGES_FIREHOSE);
        if (stream.isPresent() && !stream.get().matches("[a-zA-Z0-9_.-]{1,64}")) {
            throw new IllegalArgumentException(ROW_IMAGES_FIREHOSE + " is \"" + stream.get() + "\"; it must be the"
                    + " name of a Firehose delivery stream (letters, digits, _ . -, at most 64)");
        }
        return new RowImageConfig(uri.map(RowImageConfig::folder), stream);
    }

    private static Optional<String> value(Map<String, String> environment, String name) {
        return Optional.ofNullable(environment.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static S3Folder folder(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getQuery() != null) {
            throw new IllegalArgumentException(ROW_IMAGES_URI + " is \"" + value + "\"; it must be the folder the row"
                    + " images go to, s3://<bucket>/<prefix>");
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
        return new S3Folder(uri.getHost(), path.isEmpty() ? "" : path + "/");
    }
}
