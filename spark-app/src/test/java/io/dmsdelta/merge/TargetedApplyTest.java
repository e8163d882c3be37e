package io.dmsdelta.merge;

import io.dmsdelta.cli.ExitCodes;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The targeted apply (deletion vectors) where rows could go missing or stay twice: keys the table holds twice,
 * names that paths must encode, keys whose statistics Delta truncates or does not collect.
 */
class TargetedApplyTest {

    /** The columns of most tables here: an int key and a string. */
    static final String ID_AND_V = "{\"name\": \"id\", \"type\": \"int\"}, {\"name\": \"v\", \"type\": \"string\"}";

    @TempDir
    Path dir;

    private final SparkConf context = TestSpark.get().sparkContext().conf();

    @AfterEach
    void settingsBack() {
        context.remove(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE);
        context.remove(io.dmsdelta.config.DmsDeltaSettings.MAX_SMALL_FILES);
    }

    @Test
    void aKeyAnOutsideWriterAddedAgainFailsTheBatchNamingItAndNothingIsCommitted() {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b", "3,c");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        SparkSession spark = TestSpark.get();
        spark.read().format("delta").load(p.tablePath("s", "t")).filter("id = 2").write().format("delta")
                .mode("append").save(p.tablePath("s", "t")); // a plain INSERT of a key the table has
        long before = p.version("s", "t");

        p.file("s/t/20240612-100200000.csv", "U,2,b2", "U,3,c3");
        Pipeline.Result result = p.run();
        assertEquals(ExitCodes.TABLE_FAILED, result.exitCode(), result.all());
        TableReport report = result.assertTable("s.t", TableStatus.FAILED, Reason.DUPLICATE_KEYS, "id=2 in 2 rows");
        assertEquals(1, report.cdcFilesLeft());
        assertEquals(before, p.version("s", "t"));
        assertEquals(List.of("1|a", "2|b", "2|b", "3|c"), p.rows("s", "t"));
    }

    @Test
    void theCommitRecordsTheBatchsMetricsWhereDescribeHistoryShowsThem() {
        Pipeline p = new Pipeline(dir).withTables(Pipeline.ID_AND_VALUE_TABLE);
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b", "3,c");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file("s/t/20240612-100200000.csv", "U,2,b2", "D,3,", "I,4,d");
        TableReport report = p.run().table("s.t");
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(report.rowsInserted(), report.rowsUpdated(), report.rowsDeleted(),
                report.deletionVectors()));

        java.util.Map<String, String> history = io.delta.tables.DeltaTable.forPath(TestSpark.get(), p.tablePath("s", "t"))
                .history(1).select("operationMetrics").first().getJavaMap(0);
        assertEquals("3", history.get(io.dmsdelta.delta.DeltaMetric.SOURCE_ROWS.deltaName()), history.toString());
        assertEquals("1", history.get(io.dmsdelta.delta.DeltaMetric.TARGET_ROWS_INSERTED.deltaName()), history.toString());
        assertEquals("1", history.get(io.dmsdelta.delta.DeltaMetric.TARGET_ROWS_UPDATED.deltaName()), history.toString());
        assertEquals("1", history.get(io.dmsdelta.delta.DeltaMetric.TARGET_ROWS_DELETED.deltaName()), history.toString());
        assertEquals("1", history.get(io.dmsdelta.delta.DeltaMetric.TARGET_DELETION_VECTORS_ADDED.deltaName()), history.toString());
    }

    @Test
    void namesWithSpacesPercentHashAndNonAsciiGoThroughLoadApplyRewriteAndRewind() {
        String schema = "sales dept%20#1";
        String name = "Bestellungen größe %41 #x";
        Pipeline p = new Pipeline(dir).withTables(tables(table(schema, name, "\"id\"", ID_AND_V)));
        // Files of fewer than 3 rows are small, and are rewritten when there would be more than 2.
        context.set(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE, "6");
        context.set(io.dmsdelta.config.DmsDeltaSettings.MAX_SMALL_FILES, "2");
        String folder = schema + "/" + name + "/";
        p.file(folder + "LOAD00000001.csv", "1,a", "2,b", "3,c", "4,d", "5,e", "6,f");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        List<String> expected = new ArrayList<>(List.of("1|a", "2|b", "3|c", "4|d", "5|e", "6|f"));
        assertEquals(expected, p.rows(schema, name));

        p.file(folder + "20240612-100100000.csv", "U,3,c1", "D,5,", "I,7,g");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        long vectorsOnly = p.version(schema, name);
        List<String> afterFirst = List.of("1|a", "2|b", "3|c1", "4|d", "6|f", "7|g");
        assertEquals(afterFirst, p.rows(schema, name));

        // Two more batches with new rows: the small files are rewritten into one together with the last batch.
        p.file(folder + "20240612-100200000.csv", "I,8,h", "U,7,g2");
        assertEquals(ExitCodes.OK, p.run().exitCode());
        p.file(folder + "20240612-100300000.csv", "I,9,i", "U,8,h2", "U,1,a1");
        Pipeline.Result rewrite = p.run();
        assertEquals(ExitCodes.OK, rewrite.exitCode(), rewrite.all());
        assertTrue(rewrite.table(schema + "." + name).filesRemoved() > 0, "expected the small files rewritten");
        List<String> last = List.of("1|a1", "2|b", "3|c1", "4|d", "6|f", "7|g2", "8|h2", "9|i");
        assertEquals(last, p.rows(schema, name));

        Pipeline.Result rewound = p.rewind(schema + "." + name, vectorsOnly);
        assertEquals(ExitCodes.OK, rewound.exitCode(), rewound.all());
        assertEquals(afterFirst, p.rows(schema, name));
        assertEquals(ExitCodes.OK, p.run().exitCode());
        assertEquals(last, p.rows(schema, name));
    }

    @Test
    void longStringKeysSharingAPrefixAndAKeyAfterThe32ndColumnKeepExactRows() {
        String prefix = "customer-account-region-eu-west-1-"; // longer than the 32 characters Delta keeps in statistics
        StringBuilder wide = new StringBuilder();
        for (int i = 1; i <= 33; i++) {
            wide.append("{\"name\": \"c").append(i).append("\", \"type\": \"int\"}, ");
        }
        wide.append("{\"name\": \"k\", \"type\": \"string\"}");
        Pipeline p = new Pipeline(dir).withTables(tables(
                table("s", "long_keys", "\"k\"", "{\"name\": \"k\", \"type\": \"string\"}, {\"name\": \"v\", \"type\": \"int\"}"),
                table("s", "late_key", "\"k\"", wide.toString())));
        context.set(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE, "2");
        List<String> load = new ArrayList<>();
        List<String> wideLoad = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            load.add(prefix + i + "," + i);
            wideLoad.add(ints(i) + "," + prefix + i);
        }
        p.file("s/long_keys/LOAD00000001.csv", load.toArray(String[]::new));
        p.file("s/late_key/LOAD00000001.csv", wideLoad.toArray(String[]::new));
        assertEquals(ExitCodes.OK, p.run().exitCode());

        p.file("s/long_keys/20240612-100100000.csv", "U," + prefix + "2,20", "D," + prefix + "5,", "I," + prefix + "7,7",
                "U," + prefix + "6,60");
        p.file("s/late_key/20240612-100100000.csv", "U," + ints(20) + "," + prefix + "2", "D," + ints(0) + "," + prefix + "5",
                "I," + ints(7) + "," + prefix + "7");
        Pipeline.Result applied = p.run();
        assertEquals(ExitCodes.OK, applied.exitCode(), applied.all());
        assertEquals(List.of(prefix + "1|1", prefix + "2|20", prefix + "3|3", prefix + "4|4", prefix + "6|60",
                prefix + "7|7"), p.rows("s", "long_keys"));
        List<String> wideRows = new ArrayList<>();
        for (int i : new int[]{1, 3, 4, 6, 7}) {
            wideRows.add(ints(i).replace(',', '|') + "|" + prefix + i);
        }
        wideRows.add(ints(20).replace(',', '|') + "|" + prefix + 2);
        wideRows.sort(null);
        assertEquals(wideRows, p.rows("s", "late_key"));
    }

    /** 33 int columns all holding {@code value}. */
    private static String ints(int value) {
        return String.join(",", java.util.Collections.nCopies(33, Integer.toString(value)));
    }

    private static String tables(String... definitions) {
        return "{\"tables\": [" + String.join(", ", definitions) + "]}";
    }

    private static String table(String schema, String name, String key, String columns) {
        return "{\"schema\": \"" + schema + "\", \"table\": \"" + name + "\", \"primaryKey\": [" + key
                + "], \"columns\": [" + columns + "]}";
    }
}
