package io.dmsdelta.trigger.s3;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The DMS bucket folder {@code s3://<bucket>/<prefix>}: where the DMS S3 target endpoint (its BucketName and
 * BucketFolder) writes the {@code <schema>/<table>/} folders.
 *
 * @param bucket the bucket name
 * @param prefix the folder inside the bucket, without leading or trailing {@code /}; empty for the whole bucket
 */
public record DmsBucketFolder(String bucket, String prefix) {

    private static final String SCHEME = "s3://";
    // The S3 naming rules for buckets created today: 3 to 63 lower-case letters, digits, dots and hyphens.
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    /** @throws IllegalArgumentException if the bucket is not a valid bucket name or the prefix is not a safe path */
    public DmsBucketFolder {
        if (!BUCKET.matcher(bucket).matches()) {
            throw new IllegalArgumentException("'" + bucket + "' is not a valid S3 bucket name");
        }
        if (!prefix.isEmpty()) {
            ObjectKeys.problem(prefix).ifPresent(problem -> {
                throw new IllegalArgumentException("the prefix '" + prefix + "' is not usable: " + problem);
            });
        }
    }

    /**
     * Parses {@code s3://<bucket>}, {@code s3://<bucket>/<prefix>}, each with or without a trailing {@code /}.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code uri}
     */
    public static DmsBucketFolder parse(String uri) {
        if (!uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("it does not start with " + SCHEME);
        }
        String path = uri.substring(SCHEME.length());
        int slash = path.indexOf('/');
        if (slash < 0) {
            return new DmsBucketFolder(path, "");
        }
        String prefix = path.substring(slash + 1);
        return new DmsBucketFolder(path.substring(0, slash),
                prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
    }

    /**
     * The part of {@code key} below this folder, or empty if the key is not inside it. The prefix matches whole
     * segments only: prefix {@code dms} contains {@code dms/a.csv} but not {@code dms2/a.csv}.
     */
    public Optional<String> relativeKey(String key) {
        String folder = folderKey();
        return key.startsWith(folder) ? Optional.of(key.substring(folder.length())) : Optional.empty();
    }

    /** The URI of {@code key} in this folder's bucket: {@code s3://<bucket>/<key>}, the key as is (not encoded). */
    public String uri(String key) {
        return SCHEME + bucket + "/" + key;
    }

    /**
     * This folder as a dms-delta {@code --source}: {@code s3://<bucket>/<prefix>} without a trailing {@code /}, or
     * {@code s3://<bucket>} for the whole bucket.
     */
    public String folderUri() {
        return prefix.isEmpty() ? SCHEME + bucket : SCHEME + bucket + "/" + prefix;
    }

    /** This folder as a key prefix: {@code <prefix>/}, or empty for the whole bucket. */
    public String folderKey() {
        return prefix.isEmpty() ? "" : prefix + "/";
    }

    /** {@code s3://<bucket>/<prefix>/}. */
    @Override
    public String toString() {
        return uri(folderKey());
    }
}
