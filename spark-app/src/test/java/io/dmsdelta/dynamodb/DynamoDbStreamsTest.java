package io.dmsdelta.dynamodb;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.EventFacts;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.testing.DynamoDbCapture;
import io.dmsdelta.testing.DynamoDbTables;
import io.dmsdelta.testing.DynamoDbWorkload;
import io.dmsdelta.testing.MotoServer;
import io.dmsdelta.testing.Pipeline;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real producer: a random workload on a DynamoDB API written by others (moto's server) through the AWS SDK, its
 * stream read with GetShardIterator and GetRecords and landed in each shape dms-delta reads, dms-delta run after each
 * batch. After the last run the Delta table equals a Scan of the DynamoDB table. The cases: stream records as the
 * Lambda writes them, with batches written again (Lambda's retries); Kinesis records through Firehose, repeated and
 * out of order, beside another table's; incremental exports.
 */
class DynamoDbStreamsTest {

    private static final int RUNS = 3;
    private static DynamoDbClient dynamo;
    private static DynamoDbStreamsClient streams;

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @BeforeAll
    static void clients() {
        MotoServer moto = MotoServer.get();
        dynamo = moto.client(DynamoDbClient.builder().httpClient(MotoServer.http().build()));
        streams = moto.client(DynamoDbStreamsClient.builder().httpClient(MotoServer.http().build()));
    }

    @Test
    void streamRecordsAsTheLambdaWritesThemWithRetriedBatchesGiveTheTableExactly() {
        Random random = new Random(41);
        List<ObjectNode> previous = new ArrayList<>();
        List<TableReport> reports = replicate("OrdersStream", 41, "stream", (folder, records) -> {
            DynamoDbCapture.writeLambdaBatches(folder, records, 1 + random.nextInt(25));
            if (!previous.isEmpty()) {
                // Lambda retries a batch, and bisects one that failed: records written again in other objects.
                int from = random.nextInt(previous.size());
                DynamoDbCapture.writeLambdaBatches(folder, previous.subList(from, Math.min(previous.size(),
                        from + 1 + random.nextInt(10))), 3);
            }
            previous.clear();
            previous.addAll(records);
        });
        assertTrue(total(reports).alreadyApplied() + total(reports).supersededByTombstones() > 0,
                "records written again were dropped: " + total(reports));
    }

    @Test
    void kinesisRecordsRepeatedAndOutOfOrderBesideAnotherTablesGiveTheTableExactly() {
        Random random = new Random(42);
        int[] objects = {0};
        List<TableReport> reports = replicate("OrdersKinesis", 42, "kinesis", (folder, records) -> {
            List<ObjectNode> delivered = new ArrayList<>();
            for (ObjectNode record : records) {
                delivered.add(DynamoDbCapture.kinesisRecord(record, "OrdersKinesis"));
                if (random.nextInt(6) == 0) {
                    delivered.add(DynamoDbCapture.kinesisRecord(record, "OrdersKinesis")); // a repeat
                }
                if (random.nextInt(10) == 0) {
                    delivered.add(DynamoDbCapture.kinesisRecord(record, "SomeOtherTable"));
                }
            }
            shuffleKeepingSameTimeOrder(delivered, random);
            for (int from = 0; from < delivered.size(); from += 40) {
                DynamoDbCapture.writeFirehoseObject(folder, "2026/12/07/1" + objects[0] % 10, "stream-1-"
                        + (objects[0]++) + ".json", delivered.subList(from, Math.min(delivered.size(), from + 40)),
                        objects[0] % 2 == 0);
            }
        });
        assertTrue(total(reports).duplicatesInBatch() > 0, "repeated records were dropped: " + total(reports));
    }

    @Test
    void incrementalExportsAppliedExportByExportGiveTheTableExactly() {
        int[] exports = {0};
        replicate("OrdersExport", 43, "export", (folder, records) -> DynamoDbCapture.writeIncrementalExport(folder,
                "01733%08d-exp".formatted(exports[0]++), records, 2));
    }

    /**
     * Runs the workload in batches, lands each batch's stream records with {@code land} and runs dms-delta, which
     * must succeed; then asserts the Delta table equals a Scan.
     */
    private List<TableReport> replicate(String tableName, long seed, String shape,
                                        BiConsumer<Path, List<ObjectNode>> land) {
        DynamoDbWorkload workload = new DynamoDbWorkload(dynamo, tableName, seed);
        workload.createTable();
        DynamoDbCapture capture = new DynamoDbCapture(dynamo, streams, tableName);
        Pipeline p = new Pipeline(dir).withTables("""
                {"tables": [{"schema": "ddb", "table": "orders", "primaryKey": ["customer", "order_no"],
                  "source": {"format": "dynamodb", "folder": "dynamodb/%s", "shape": "%s", "dynamoTable": "%s",
                             "restColumn": "_item_rest"},
                  "columns": %s}]}""".formatted(tableName, shape, tableName, DynamoDbWorkload.DEFINITION_COLUMNS));
        Path folder = p.source.resolve("dynamodb").resolve(tableName);
        List<TableReport> reports = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            workload.runBatch(run == 0 ? 120 : 60);
            land.accept(folder, capture.read());
            Pipeline.Result result = p.run();
            assertEquals(ExitCodes.OK, result.exitCode(), result.all());
            reports.addAll(result.report().tables());
        }
        assertTrue(workload.conditionalFailures() > 0, "some conditional updates were refused");
        DynamoDbTables.assertEqualToScan(workload.scan(), p.tablePath("ddb", "orders"));
        return reports;
    }

    /** Kinesis delivers out of order; records of one item at the same millisecond keep theirs (nothing orders them). */
    private static void shuffleKeepingSameTimeOrder(List<ObjectNode> records, Random random) {
        List<ObjectNode> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        for (int i = 0; i < shuffled.size(); i++) {
            for (int j = i + 1; j < shuffled.size(); j++) {
                ObjectNode a = shuffled.get(i);
                ObjectNode b = shuffled.get(j);
                if (sameItemAndTime(a, b) && records.indexOf(a) > records.indexOf(b)) {
                    shuffled.set(i, b);
                    shuffled.set(j, a);
                }
            }
        }
        records.clear();
        records.addAll(shuffled);
    }

    private static boolean sameItemAndTime(ObjectNode a, ObjectNode b) {
        return a.path("dynamodb").path("Keys").equals(b.path("dynamodb").path("Keys"))
                && a.path("tableName").equals(b.path("tableName"))
                && a.path("dynamodb").path("ApproximateCreationDateTime").equals(b.path("dynamodb")
                .path("ApproximateCreationDateTime"));
    }

    private static EventFacts total(List<TableReport> reports) {
        return reports.stream().map(TableReport::events).filter(Objects::nonNull).reduce(EventFacts::plus)
                .orElseThrow();
    }
}
