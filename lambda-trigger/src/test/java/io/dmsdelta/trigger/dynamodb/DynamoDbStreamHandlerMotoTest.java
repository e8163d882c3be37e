package io.dmsdelta.trigger.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.testing.DynamoDbCapture;
import io.dmsdelta.testing.DynamoDbWorkload;
import io.dmsdelta.testing.MotoServer;
import io.dmsdelta.testing.S3MockServer;
import io.dmsdelta.trigger.testing.RecordingContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The function on a real stream's records: a workload on moto's DynamoDB, its stream read with GetRecords, given to
 * the function as Lambda's event. The object it stores is byte for byte what the reader's real-producer tests
 * (spark-app's DynamoDbStreamsTest) land as "written as the Lambda writes it", so those tests read what this function
 * writes.
 */
class DynamoDbStreamHandlerMotoTest {

    @TempDir
    Path dir;

    @Test
    void aBatchOfARealStreamIsStoredAsTheReadersTestsLandIt() throws Exception {
        MotoServer moto = MotoServer.get();
        DynamoDbClient dynamo = moto.client(DynamoDbClient.builder().httpClient(MotoServer.http().build()));
        DynamoDbStreamsClient streams = moto.client(DynamoDbStreamsClient.builder().httpClient(MotoServer.http()
                .build()));
        String table = "OrdersLambda" + UUID.randomUUID().toString().substring(0, 6);
        DynamoDbWorkload workload = new DynamoDbWorkload(dynamo, table, 7);
        workload.createTable();
        workload.runBatch(60);
        List<ObjectNode> records = new DynamoDbCapture(dynamo, streams, table).read();

        S3Client s3 = S3MockServer.get().client();
        String bucket = "stream-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(b -> b.bucket(bucket));
        DynamoDbStreamHandler handler = new DynamoDbStreamHandler(new DynamoDbStreamSink(DynamoDbStreamConfig.of(
                Map.of(DynamoDbStreamConfig.DYNAMODB_STREAM_URI, "s3://" + bucket + "/dynamodb")).folder(), s3));
        handler.handleRequest(new ByteArrayInputStream(("{\"Records\":" + records + "}")
                .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), new RecordingContext());

        DynamoDbCapture.writeLambdaBatches(dir, records, records.size());
        Path expected;
        try (var files = Files.list(dir)) {
            expected = files.findFirst().orElseThrow();
        }
        List<String> keys = s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(o -> o.key()).toList();
        assertEquals(List.of("dynamodb/" + table + "/" + expected.getFileName()), keys);
        assertEquals(Files.readString(expected), s3.getObjectAsBytes(b -> b.bucket(bucket).key(keys.get(0)))
                .asUtf8String());
    }
}
