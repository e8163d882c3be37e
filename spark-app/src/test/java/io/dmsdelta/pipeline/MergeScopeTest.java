package io.dmsdelta.pipeline;

import io.dmsdelta.merge.FullLoadWriter;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch's MERGE reads only the target files whose keys its changes can touch. */
class MergeScopeTest {

    static final String TABLE = FullLoadTest.TABLE;

    @TempDir
    Path dir;

    @Test
    void aFullLoadIsWrittenInFilesOfDisjointKeyRangesWhateverTheOrderOfItsLoadFiles() {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        p.file("s/t/LOAD00000001.csv", "9,i", "1,a", "5,e", "3,c", "7,g");
        p.file("s/t/LOAD00000002.csv", "2,b", "8,h", "4,d", "6,f");
        SparkSession spark = TestSpark.get();
        // Where spark-submit's --conf puts it: each table's session starts from the SparkContext's settings.
        spark.sparkContext().conf().set(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE, "3");
        try {
            assertEquals(0, p.run().exitCode());
        } finally {
            spark.sparkContext().conf().remove(io.dmsdelta.config.DmsDeltaSettings.ROWS_PER_FILE);
        }
        List<String> files = Pipeline.Tables.rows(spark.read().format("delta").load(p.tablePath("s", "t"))
                .groupBy(input_file_name()).agg(min("id"), max("id"), array_join(collect_list(col("id").cast("string")), ",")).drop("input_file_name()"));
        assertEquals(List.of("1|3|1,2,3", "4|6|4,5,6", "7|9|7,8,9"), files, "three files, each a key range in order");
    }

    @Test
    void filesOutsideTheBatchsKeyRangeAreNotEvenRead() throws Exception {
        Pipeline p = new Pipeline(dir).withTables(TABLE);
        // Three Delta files with disjoint key ranges: the full load, then two batches of inserts.
        p.file("s/t/LOAD00000001.csv", "1,a", "2,b", "3,c");
        assertEquals(0, p.run().exitCode());
        p.file("s/t/20240612-090000000.csv", "I,10,j", "I,11,k", "I,12,l");
        assertEquals(0, p.run().exitCode());
        p.file("s/t/20240612-091000000.csv", "I,20,t", "I,21,u", "I,22,v");
        assertEquals(0, p.run().exitCode());

        // The file holding ids 20..22 is made unreadable while the batch of ids 1..13 is applied.
        Path outside = Path.of(java.net.URI.create(TestSpark.get().read().format("delta").load(p.tablePath("s", "t"))
                .filter("id = 20").select(input_file_name()).first().getString(0)));
        byte[] parquet = Files.readAllBytes(outside);
        Files.writeString(outside, "not parquet");
        p.file("s/t/20240612-100000000.csv", "U,11,k2", "D,12,", "I,13,m", "I,1,a2");
        Pipeline.Result result = p.run();
        Files.write(outside, parquet);

        assertEquals(0, result.exitCode(), result.all());
        assertEquals(List.of("10|j", "11|k2", "13|m", "1|a2", "20|t", "21|u", "22|v", "2|b", "3|c"), p.rows("s", "t"));
    }
}
