package io.dmsdelta.trigger.s3;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules beyond the notification fixtures of the handler test: other prefixes, names and encodings. */
class DmsObjectFilterTest {

    private static final String CREATED = "ObjectCreated:Put";

    private final DmsObjectFilter wholeBucket = new DmsObjectFilter(new DmsBucketFolder("dms-bucket", ""));
    private final DmsObjectFilter nestedPrefix = new DmsObjectFilter(new DmsBucketFolder("dms-bucket", "raw/dms"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sales/order_lines/20240612-103125108.csv          | s3://dms-bucket/sales/order_lines/",
            "sales/order_lines/LOAD0000000A.parquet            | s3://dms-bucket/sales/order_lines/",
            "sales/order_lines/20141029-1134010000.csv.gz      | s3://dms-bucket/sales/order_lines/",
            "sales/order_lines/2024/06/12/20240612-103125108.parquet | s3://dms-bucket/sales/order_lines/",
            "CDC_TXN-20201117153046033.csv                     | s3://dms-bucket/",
            "cdc/txn/CDC_TXN-20201117153046033.csv.gz          | s3://dms-bucket/cdc/txn/",
    })
    void startsForDmsFilesOfTheWholeBucket(String key, String folder) {
        assertEquals(new ObjectDecision.Start(folder, "s3://dms-bucket/" + key),
                wholeBucket.decide(CREATED, "dms-bucket", key, 100L));
    }

    @Test
    void startsForTheTableFolderBelowANestedPrefix() {
        assertEquals(new ObjectDecision.Start("s3://dms-bucket/raw/dms/sales/order_lines/",
                        "s3://dms-bucket/raw/dms/sales/order_lines/SEGMENT2/SEGMENT2_LOAD00000003.csv"),
                nestedPrefix.decide("ObjectCreated:Copy", "dms-bucket",
                        "raw/dms/sales/order_lines/SEGMENT2/SEGMENT2_LOAD00000003.csv", 100L));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "raw/dms                                         | outside the DMS bucket folder s3://dms-bucket/raw/dms/",
            "raw/dmsx/sales/t/20240612-103125108.csv         | outside the DMS bucket folder s3://dms-bucket/raw/dms/",
            "raw/sales/t/20240612-103125108.csv              | outside the DMS bucket folder s3://dms-bucket/raw/dms/",
            "raw/dms/sales/t/x_$folder$                      | not a DMS data file name",
            "raw/dms/sales/t/%zz20240612-103125108.csv       | the key in the event is not URL-encoded as S3 encodes keys",
            "raw/dms/sales/t/%0A20240612-103125108.csv       | unsafe key, it contains a control character",
            "raw/dms/sales/t/20241399-103125108.csv          | not a DMS data file name",
            "raw/dms/sales/20240612-103125108.csv            | a DMS file name, but not inside a <schema>/<table>/ folder",
            "raw/dms/LOAD00000001.csv                        | a DMS file name, but not inside a <schema>/<table>/ folder",
    })
    void ignoresWithAReason(String key, String reason) {
        // x_$folder$ is not empty here, so it is no folder marker, and no DMS name either.
        ObjectDecision decision = nestedPrefix.decide(CREATED, "dms-bucket", key, 100L);

        ObjectDecision.Ignore ignore = assertInstanceOf(ObjectDecision.Ignore.class, decision);
        assertTrue(ignore.reason().startsWith(reason), ignore.reason());
    }

    @Test
    void namesTheIgnoredObjectByItsDecodedKey() {
        assertEquals(new ObjectDecision.Ignore("s3://dms-bucket/raw/dms/my table/README 1.txt",
                        "not a DMS data file name (LOAD*, yyyyMMdd-HHmmss*, CDC_TXN-*; .csv, .csv.gz or .parquet)"),
                nestedPrefix.decide(CREATED, "dms-bucket", "raw/dms/my+table/README+1.txt", 100L));
    }

    @Test
    void treatsAnEventWithoutSizeAsNoFolderMarker() {
        ObjectDecision decision = nestedPrefix.decide(CREATED, "dms-bucket", "raw/dms/sales_$folder$", null);

        String reason = assertInstanceOf(ObjectDecision.Ignore.class, decision).reason();
        assertTrue(reason.startsWith("not a DMS data file name"), reason);
    }
}
