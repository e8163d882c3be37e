package io.dmsdelta.trigger;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The deployable jar, target/dms-delta-lambda.jar: everything the function needs, and nothing of the Spark app. */
class ShadedJarIT {

    private static final Path JAR = Path.of(System.getProperty("lambda.jar", "target/dms-delta-lambda.jar"));

    @Test
    void holdsTheHandlerAndItsDependencies() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String entry : List.of(
                    "io/dmsdelta/trigger/TriggerHandler.class",
                    "io/dmsdelta/trigger/rowimages/RowImageHandler.class",
                    "io/dmsdelta/trigger/dynamodb/DynamoDbStreamHandler.class",
                    "software/amazon/awssdk/services/s3/S3Client.class",
                    "software/amazon/awssdk/services/firehose/FirehoseClient.class",
                    "io/dmsdelta/dms/DmsFileNames.class",
                    "io/dmsdelta/dms/DmsFileKind.class",
                    "com/amazonaws/services/lambda/runtime/RequestStreamHandler.class",
                    "software/amazon/awssdk/protocols/jsoncore/JsonNode.class",
                    "software/amazon/awssdk/services/glue/GlueClient.class",
                    "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class")) {
                assertNotNull(jar.getEntry(entry), "missing " + entry);
            }
        }
    }

    @Test
    void leavesOutTheSparkAppOtherHttpClientsAndTheEventClasses() throws IOException {
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> unwanted = jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class"))
                    .filter(name -> name.startsWith("io/dmsdelta/") && !name.startsWith("io/dmsdelta/trigger/")
                            && !name.startsWith("io/dmsdelta/dms/DmsFileNames")
                            && !name.startsWith("io/dmsdelta/dms/DmsFileKind")
                            || name.startsWith("org/apache/spark/") || name.startsWith("org/apache/hadoop/")
                            || name.startsWith("io/delta/") || name.startsWith("scala/")
                            || name.startsWith("software/amazon/awssdk/http/apache/")
                            || name.startsWith("software/amazon/awssdk/http/nio/netty/")
                            || name.startsWith("io/netty/")
                            // The handler reads its events as JSON: no S3Event classes, and so no Joda-Time.
                            || name.startsWith("com/amazonaws/services/lambda/runtime/events/")
                            || name.startsWith("org/joda/"))
                    .toList();
            assertEquals(List.of(), unwanted);
        }
        assertTrue(Files.size(JAR) < 30L << 20, "the jar grew to " + Files.size(JAR) + " bytes");
    }

    @Test
    void recognisesDmsFileNamesWithOnlyTheJarOnTheClassPath() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Method kindOf = loader.loadClass("io.dmsdelta.dms.DmsFileNames").getMethod("kindOf", String.class);
            assertEquals("Optional[CDC]", ((Optional<?>) kindOf.invoke(null, "20240612-103125108.csv")).toString());
            loader.loadClass("io.dmsdelta.trigger.TriggerHandler").getConstructor();
        }
    }
}
