package io.dmsdelta.s3;

import io.dmsdelta.testing.S3MockServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The S3 tests still run when the port they wanted is taken by another process. */
class S3MockServerTest {

    @Test
    void startsOnAnotherPortWhenTheWantedOneIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            S3MockServer server = S3MockServer.start(taken.getLocalPort());
            try {
                assertNotEquals(taken.getLocalPort(), server.port());
                server.client().createBucket(b -> b.bucket("still-works"));
                assertEquals(1, server.client().listBuckets().buckets().size());
            } finally {
                server.stop();
            }
        }
    }
}
