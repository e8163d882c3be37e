package io.dmsdelta.deploy;

import io.dmsdelta.pipeline.SampleDataEndToEndTest;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.ChildJvm;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployable thin jar run the way a cluster runs it: {@code org.apache.spark.deploy.SparkSubmit} in a JVM
 * of its own, with Spark, Delta and Hadoop on the classpath as a cluster provides them, and no SPARK_HOME.
 */
class SparkSubmitIT {

    static final Path JAR = Pipeline.REPO.resolve("spark-app/target/dms-delta.jar");
    static final Path PROVIDED = Pipeline.REPO.resolve("spark-app/target/runtime-classpath.txt");

    @TempDir
    Path dir;

    /** dms-delta under spark-submit, with its report written beside {@code log}. */
    private ChildJvm submit(Path log, String... appArgs) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + Pipeline.REPO.resolve("bin/spark-jvm.args"), "-Xmx1g",
                "-cp", Files.readString(PROVIDED).trim(),
                "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]",
                "--class", "io.dmsdelta.cli.DmsDeltaMain",
                "--conf", "spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension",
                "--conf", "spark.sql.catalog.spark_catalog=org.apache.spark.sql.delta.catalog.DeltaCatalog",
                "--conf", "spark.sql.shuffle.partitions=2",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.extraJavaOptions=-Dlog4j2.configurationFile=" + Pipeline.REPO.resolve("bin/log4j2.properties"),
                JAR.toString()));
        command.addAll(List.of(appArgs));
        command.addAll(List.of("--report", ChildJvm.reportOf(log).toString()));
        return ChildJvm.start(command, log);
    }

    @Test
    void theThinJarRunsUnderSparkSubmitAndReportsFailuresInItsExitCode() throws Exception {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons").copySample("sales/order_lines");
        String[] run = {"run", "--source", p.source.toString(), "--target", p.target.toString(),
                "--tables", Pipeline.SAMPLE_TABLES.toString(), "--endpoint-settings", Pipeline.SAMPLE_SETTINGS.toString()};

        ChildJvm ok = submit(dir.resolve("ok.log"), run);
        assertEquals(0, ok.exitCode(), ok.log());
        assertEquals(List.of(TableStatus.APPLIED, TableStatus.APPLIED),
                ok.report().tables().stream().map(TableReport::status).toList());
        assertEquals(SampleDataEndToEndTest.PERSONS, p.rows("ahmad_schema", "Persons"));
        assertEquals(SampleDataEndToEndTest.ORDER_LINES, p.rows("sales", "order_lines"));

        p.file("ahmad_schema/Persons/20240612-110000000.csv", "X,7,Bad Op,Nowhere");
        ChildJvm failing = submit(dir.resolve("failing.log"), run);
        assertEquals(1, failing.exitCode(), failing.log());
        TableReport persons = failing.report().table("ahmad_schema.Persons");
        assertEquals(Reason.BAD_INPUT, persons.reason());
        assertTrue(persons.message().contains("unknown operation code"), persons.message());

        ChildJvm usage = submit(dir.resolve("usage.log"), "run", "--source", p.source.toString());
        assertEquals(2, usage.exitCode(), usage.log());
    }
}
