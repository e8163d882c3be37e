package io.dmsdelta.catalog;

import java.net.URI;
import java.util.Locale;

/** Table locations as the Glue Data Catalog holds them. Free of the AWS SDK, so options can be checked without it. */
public final class S3Location {

    private S3Location() {
    }

    /**
     * The {@code s3://} form of a table's S3 URI ({@code s3a://} and {@code s3n://} name the same objects), without a
     * trailing slash: Athena reads only {@code s3://} locations.
     *
     * @throws IllegalArgumentException for a URI outside S3, saying what to do
     */
    public static String of(String uri) {
        String scheme = URI.create(uri).getScheme();
        String lower = scheme == null ? "" : scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("s3") && !lower.equals("s3a") && !lower.equals("s3n")) {
            throw new IllegalArgumentException("--catalog glue registers tables for Athena and Glue jobs, which read"
                    + " them from S3, but the table is at " + uri + ": give an s3:// (or s3a://) --target, or use"
                    + " --catalog spark.");
        }
        String s3 = "s3" + uri.substring(scheme.length());
        return s3.endsWith("/") ? s3.substring(0, s3.length() - 1) : s3;
    }
}
