package io.dmsdelta.trigger;

import io.dmsdelta.trigger.s3.DmsBucketFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TriggerConfigTest {

    private static final Map<String, String> REQUIRED = Map.of(
            TriggerConfig.GLUE_JOB_NAME, "dms-delta-apply",
            TriggerConfig.DMS_SOURCE_URI, "s3://dms-bucket/dms");

    @Test
    void readsTheRequiredVariablesAndDefaultsTheOthers() {
        TriggerConfig config = new TriggerConfig(REQUIRED);

        assertEquals("dms-delta-apply", config.glueJobName());
        assertEquals(new DmsBucketFolder("dms-bucket", "dms"), config.source());
        assertEquals(4, config.startAttempts());
        assertEquals(2000, config.retryBaseMillis());
    }

    @Test
    void readsTheOptionalVariables() {
        TriggerConfig config = new TriggerConfig(with(Map.of(
                TriggerConfig.START_ATTEMPTS, "10", TriggerConfig.RETRY_BASE_MILLIS, "0")));

        assertEquals(10, config.startAttempts());
        assertEquals(0, config.retryBaseMillis());
    }

    @Test
    void treatsAnEmptyOptionalVariableAsUnset() {
        TriggerConfig config = new TriggerConfig(with(Map.of(TriggerConfig.START_ATTEMPTS, "")));

        assertEquals(4, config.startAttempts());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "s3://dms-bucket              | ''      | s3://dms-bucket",
            "s3://dms-bucket/             | ''      | s3://dms-bucket",
            "s3://dms-bucket/dms          | dms     | s3://dms-bucket/dms",
            "s3://dms-bucket/dms/         | dms     | s3://dms-bucket/dms",
            "s3://dms-bucket/dms/cdc      | dms/cdc | s3://dms-bucket/dms/cdc",
    })
    void acceptsTheBucketFolderWithOrWithoutPrefixAndTrailingSlash(String uri, String prefix, String runSource) {
        TriggerConfig config = new TriggerConfig(with(Map.of(TriggerConfig.DMS_SOURCE_URI, uri)));

        assertEquals(new DmsBucketFolder("dms-bucket", prefix), config.source());
        assertEquals(runSource, config.source().folderUri());
    }

    @ParameterizedTest
    @ValueSource(strings = {TriggerConfig.GLUE_JOB_NAME, TriggerConfig.DMS_SOURCE_URI})
    void failsNamingAMissingRequiredVariable(String name) {
        Map<String, String> environment = new HashMap<>(REQUIRED);
        environment.remove(name);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TriggerConfig(environment));

        assertEquals("Environment variable " + name + " is not set. Set it to "
                + (name.equals(TriggerConfig.GLUE_JOB_NAME) ? "the name of the dms-delta Glue job to start."
                : "the DMS bucket folder, s3://<bucket>/<prefix> (the S3 target endpoint's BucketName and"
                + " BucketFolder; the prefix may be empty)."), e.getMessage());
    }

    @Test
    void failsOnABlankJobName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TriggerConfig(with(Map.of(TriggerConfig.GLUE_JOB_NAME, "  "))));

        assertEquals("Environment variable GLUE_JOB_NAME is not set. Set it to the name of the dms-delta Glue job"
                + " to start.", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "dms-bucket/dms            | it does not start with s3://",
            "s3a://dms-bucket/dms      | it does not start with s3://",
            "s3://                     | '' is not a valid S3 bucket name",
            "s3://DMS_Bucket/dms       | 'DMS_Bucket' is not a valid S3 bucket name",
            "s3://dms-bucket/dms//cdc  | the prefix 'dms//cdc' is not usable: it has an empty path segment",
            "s3://dms-bucket/../dms    | the prefix '../dms' is not usable: it has a '..' path segment",
            "s3://dms-bucket//dms      | the prefix '/dms' is not usable: it has an empty path segment",
    })
    void failsOnAMalformedSourceUriSayingWhatItShouldHold(String uri, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TriggerConfig(with(Map.of(TriggerConfig.DMS_SOURCE_URI, uri))));

        assertEquals("Environment variable DMS_SOURCE_URI is '" + uri + "', but " + problem + ". Set it to the DMS"
                + " bucket folder, s3://<bucket>/<prefix> (the S3 target endpoint's BucketName and BucketFolder;"
                + " the prefix may be empty).", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "START_ATTEMPTS    | 0     | from 1 to 10",
            "START_ATTEMPTS    | 11    | from 1 to 10",
            "START_ATTEMPTS    | four  | from 1 to 10",
            "RETRY_BASE_MILLIS | -1    | from 0 to 60000",
            "RETRY_BASE_MILLIS | 2s    | from 0 to 60000",
    })
    void failsOnAMalformedOptionalVariable(String name, String value, String range) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TriggerConfig(with(Map.of(name, value))));

        assertTrue(e.getMessage().startsWith("Environment variable " + name + " is '" + value
                + "', not a whole number " + range + ". Set it to "), e.getMessage());
        assertTrue(e.getMessage().endsWith(", or leave it unset."), e.getMessage());
    }

    private static Map<String, String> with(Map<String, String> overrides) {
        Map<String, String> environment = new HashMap<>(REQUIRED);
        environment.putAll(overrides);
        return environment;
    }
}
