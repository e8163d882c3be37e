package io.dmsdelta.source;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's DynamoDB command on the sample: stream records of a DynamoDB table (moto's) read with GetRecords and
 * written as the project's Lambda writes them, two batches. It gives the items a Scan of the table returned at the
 * end, and a rerun changes nothing.
 */
class SampleDynamoDbEndToEndTest {

    /** The Scan at the end (sample-data/dynamodb/README.md), in key order, as the definition's columns hold it. */
    static final List<String> SCAN = List.of(
            "alice|1|shipped|129.90|true|2026-12-07 09:15:00.250|WrappedArray(gift, priority, fragile)"
                    + "|[{\"sku\":\"A-100\",\"qty\":2}]|null",
            "bob|1|new|100.50|true|2026-12-07 09:25:00.000|null|null|null",
            "carol|7|new|42.00|null|2026-12-07 10:00:00.000|null|null|{\"gift_note\":null}");

    @TempDir
    Path dir;

    @Test
    void theSampleGivesTheItemsOfTheTableAndARerunChangesNothing() {
        String source = Pipeline.REPO.resolve("sample-data/dynamodb").toString();
        String tables = Pipeline.REPO.resolve("dms-config/dynamodb-tables.json").toString();
        String target = dir.resolve("warehouse").toString();
        Pipeline.Result result = Pipeline.reporting(dir.resolve("report.json"), "run", "--source", source, "--target",
                target, "--tables", tables);
        assertEquals(ExitCodes.OK, result.exitCode(), result.all());
        List<String> rows = Pipeline.Tables.rows(TestSpark.get().read().format("delta").load(target
                + "/dynamodb/orders").selectExpr("customer", "order_no", "status", "amount", "paid",
                "date_format(placed_at, 'yyyy-MM-dd HH:mm:ss.SSS')", "tags", "items", "_item_rest"));
        assertEquals(SCAN, rows);

        Pipeline.Result again = Pipeline.reporting(dir.resolve("report-2.json"), "run", "--source", source, "--target",
                target, "--tables", tables);
        assertEquals(TableStatus.UP_TO_DATE, again.table("dynamodb.orders").status(), again.all());
    }
}
