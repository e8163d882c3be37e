package io.dmsdelta.s3;

import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.S3MockServer;
import io.dmsdelta.testing.TestSpark;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline against a real S3 API (S3Mock on 127.0.0.1): DMS files put with the AWS SDK, source and
 * target on {@code s3a://} and {@code s3://}, credentials only in Hadoop configuration.
 */
class S3PipelineTest {

    static final String DMS_BUCKET = "dms-bucket";
    static final String LAKE_BUCKET = "lake";

    static S3MockServer server;
    static S3Client s3;

    @BeforeAll
    static void startS3() {
        server = S3MockServer.get();
        s3 = server.client();
        Configuration hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
        for (String bucket : List.of(DMS_BUCKET, LAKE_BUCKET)) {
            s3.createBucket(b -> b.bucket(bucket));
            // Per-bucket settings, as a user would put them in core-site.xml or --conf spark.hadoop.*.
            String prefix = "fs.s3a.bucket." + bucket + ".";
            hadoop.set(prefix + "endpoint", server.endpoint());
            hadoop.set(prefix + "endpoint.region", "us-east-1");
            hadoop.set(prefix + "path.style.access", "true");
            hadoop.set(prefix + "connection.ssl.enabled", "false");
            hadoop.set(prefix + "access.key", S3MockServer.ACCESS_KEY);
            hadoop.set(prefix + "secret.key", S3MockServer.SECRET_KEY);
            hadoop.set(prefix + "attempts.maximum", "2");
            hadoop.set(prefix + "retry.limit", "2");
        }
    }

    @TempDir
    Path dir;

    private static String[] runArguments(String source, String target, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "--source", source, "--target", target,
                "--tables", Pipeline.SAMPLE_TABLES.toString(), "--endpoint-settings", Pipeline.SAMPLE_SETTINGS.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** A run, its report read back from a local file. */
    private Pipeline.Result run(String source, String target) {
        return Pipeline.reporting(dir.resolve("report.json"), runArguments(source, target));
    }

    private static List<String> rows(String table) {
        return Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(table));
    }

    @Test
    void fullLoadThenCdcFilesThenARerunOnS3a() {
        String prefix = "s3a-run";
        server.upload(s3, DMS_BUCKET, prefix + "/dms", Pipeline.SAMPLE_DMS, "LOAD00000001.csv");
        String source = "s3a://" + DMS_BUCKET + "/" + prefix + "/dms";
        String target = "s3a://" + LAKE_BUCKET + "/" + prefix + "/warehouse";

        Pipeline.Result load = run(source, target);
        assertEquals(0, load.exitCode(), load.all());

        server.upload(s3, DMS_BUCKET, prefix + "/dms", Pipeline.SAMPLE_DMS);
        Pipeline.Result cdc = Pipeline.cli(runArguments(source, target, "--report", target + "/reports/cdc.json"));
        assertEquals(0, cdc.exitCode(), cdc.all());
        String report = s3.getObjectAsBytes(b -> b.bucket(LAKE_BUCKET).key(prefix + "/warehouse/reports/cdc.json")).asUtf8String();
        assertTrue(report.contains("\"rowsInserted\" : 3"), report);
        assertFalse(report.contains(S3MockServer.SECRET_KEY) || report.contains(S3MockServer.ACCESS_KEY), "a credential was reported");
        assertEquals(io.dmsdelta.pipeline.SampleDataEndToEndTest.PERSONS, rows(target + "/ahmad_schema/Persons"));
        assertEquals(io.dmsdelta.pipeline.SampleDataEndToEndTest.ORDER_LINES, rows(target + "/sales/order_lines"));

        Pipeline.Result rerun = run(source, target);
        assertEquals(0, rerun.exitCode(), rerun.all());
        assertEquals(Map.of("ahmad_schema.Persons", TableStatus.UP_TO_DATE,
                "sales.order_lines", TableStatus.UP_TO_DATE),
                rerun.statuses());
        for (Pipeline.Result result : List.of(load, cdc, rerun)) { // what is printed is the behaviour here
            assertFalse(result.all().contains(S3MockServer.SECRET_KEY) || result.all().contains(S3MockServer.ACCESS_KEY),
                    "a credential was printed");
        }
    }

    @Test
    void s3UrisAreServedByS3aOutsideGlueAndEmr() {
        String prefix = "s3-run";
        server.upload(s3, DMS_BUCKET, prefix + "/dms", Pipeline.SAMPLE_DMS,
                "LOAD00000001.csv", "20240612-103125108.csv");
        String target = "s3://" + LAKE_BUCKET + "/" + prefix + "/warehouse";
        Pipeline.Result result = run("s3://" + DMS_BUCKET + "/" + prefix + "/dms/ahmad_schema/Persons/20240612-103125108.csv",
                target);
        assertEquals(0, result.exitCode(), result.all());
        assertEquals(io.dmsdelta.pipeline.SampleDataEndToEndTest.PERSONS, rows(target + "/ahmad_schema/Persons"));
    }

    @Test
    void aBucketFolderDmsHasNotWrittenToYetSkipsEveryTableInsteadOfFailingTheRun() {
        String target = "s3a://" + LAKE_BUCKET + "/empty-run/warehouse";
        Pipeline.Result result = run("s3a://" + DMS_BUCKET + "/not-written-yet/dms", target);
        assertEquals(io.dmsdelta.cli.ExitCodes.OK, result.exitCode(), result.all());
        result.assertTable("ahmad_schema.Persons", TableStatus.SKIPPED, Reason.NO_SOURCE_FOLDER);
        result.assertTable("sales.order_lines", TableStatus.SKIPPED, Reason.NO_SOURCE_FOLDER);
        List<String> warnings = result.report().warnings();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("the DMS bucket folder"
                + " s3a://dms-bucket/not-written-yet/dms holds no files yet")), warnings.toString());
    }
}
