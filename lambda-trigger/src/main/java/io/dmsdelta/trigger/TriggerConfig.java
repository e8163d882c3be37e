package io.dmsdelta.trigger;

import io.dmsdelta.trigger.s3.DmsBucketFolder;

import java.util.Map;

/**
 * The trigger's settings, from the Lambda function's environment variables:
 * <ul>
 *   <li>{@value #GLUE_JOB_NAME} (required): the name of the dms-delta Glue job to start;</li>
 *   <li>{@value #DMS_SOURCE_URI} (required): the DMS bucket folder, {@code s3://<bucket>/<prefix>} (the S3 target
 *       endpoint's BucketName and BucketFolder; the prefix may be empty);</li>
 *   <li>{@value #START_ATTEMPTS} (default 4, 1 to 10): how many calls to make at most per Glue request: per
 *       StartJobRun, per page of GetJobRuns, per GetJobRun;</li>
 *   <li>{@value #RETRY_BASE_MILLIS} (default 2000, 0 to 60000): the wait before the second call of a request,
 *       doubled for each further call.</li>
 * </ul>
 * An empty optional variable counts as unset. Construction fails with an {@link IllegalArgumentException} naming the
 * variable, its value and what it should hold; in Lambda that fails the container's initialisation, before any
 * event is taken.
 */
public final class TriggerConfig {

    public static final String GLUE_JOB_NAME = "GLUE_JOB_NAME";
    public static final String DMS_SOURCE_URI = "DMS_SOURCE_URI";
    public static final String START_ATTEMPTS = "START_ATTEMPTS";
    public static final String RETRY_BASE_MILLIS = "RETRY_BASE_MILLIS";

    private static final String SOURCE_URI_FORM = "the DMS bucket folder, s3://<bucket>/<prefix> (the S3 target"
            + " endpoint's BucketName and BucketFolder; the prefix may be empty)";

    private final String glueJobName;
    private final DmsBucketFolder source;
    private final int startAttempts;
    private final long retryBaseMillis;

    /** @param environment the environment variables, such as {@link System#getenv()} */
    public TriggerConfig(Map<String, String> environment) {
        this.glueJobName = required(environment, GLUE_JOB_NAME, "the name of the dms-delta Glue job to start");
        this.source = sourceFolder(required(environment, DMS_SOURCE_URI, SOURCE_URI_FORM));
        this.startAttempts = (int) optionalNumber(environment, START_ATTEMPTS, 4, 1, 10,
                "how many calls to make at most per Glue request (StartJobRun, a page of GetJobRuns, GetJobRun)");
        this.retryBaseMillis = optionalNumber(environment, RETRY_BASE_MILLIS, 2000, 0, 60_000,
                "the milliseconds to wait before the second call of a Glue request, doubled for each further call");
    }

    /** The settings from this process's environment. */
    public static TriggerConfig fromEnvironment() {
        return new TriggerConfig(System.getenv());
    }

    public String glueJobName() {
        return glueJobName;
    }

    /** The DMS bucket folder; its {@link DmsBucketFolder#folderUri()} is the {@code --source} of every run. */
    public DmsBucketFolder source() {
        return source;
    }

    public int startAttempts() {
        return startAttempts;
    }

    public long retryBaseMillis() {
        return retryBaseMillis;
    }

    private static String required(Map<String, String> environment, String name, String meaning) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Environment variable " + name + " is not set. Set it to " + meaning
                    + ".");
        }
        return value;
    }

    private static DmsBucketFolder sourceFolder(String uri) {
        try {
            return DmsBucketFolder.parse(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Environment variable " + DMS_SOURCE_URI + " is '" + uri + "', but "
                    + e.getMessage() + ". Set it to " + SOURCE_URI_FORM + ".", e);
        }
    }

    private static long optionalNumber(Map<String, String> environment, String name, long defaultValue, long min,
                                       long max, String meaning) {
        String value = environment.get(name);
        if (value == null || value.isEmpty()) {
            return defaultValue;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the same message as a number out of range.
        }
        throw new IllegalArgumentException("Environment variable " + name + " is '" + value + "', not a whole number"
                + " from " + min + " to " + max + ". Set it to " + meaning + " (default " + defaultValue
                + "), or leave it unset.");
    }
}
