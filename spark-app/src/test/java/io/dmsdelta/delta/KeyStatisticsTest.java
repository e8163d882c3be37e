package io.dmsdelta.delta;

import io.dmsdelta.changeset.KeyRanges;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyStatisticsTest {

    private static final String STATS = "{\"numRecords\":10,\"minValues\":{\"id\":100,\"region\":2},"
            + "\"maxValues\":{\"id\":199,\"region\":2},\"nullCount\":{\"id\":0,\"region\":0}}";

    private static KeyRanges ranges(long idFrom, long idTo) {
        return new KeyRanges(List.of(new KeyRanges.Range("id", idFrom, idTo)));
    }

    @Test
    void aFileMayHoldAKeyWhenItsRangeOverlapsTheBatchsIncludingTheBounds() {
        assertTrue(KeyStatistics.mayHold(STATS, ranges(150, 160)));
        assertTrue(KeyStatistics.mayHold(STATS, ranges(50, 100)));
        assertTrue(KeyStatistics.mayHold(STATS, ranges(199, 300)));
        assertTrue(KeyStatistics.mayHold(STATS, ranges(0, 1000)));
        assertFalse(KeyStatistics.mayHold(STATS, ranges(50, 99)));
        assertFalse(KeyStatistics.mayHold(STATS, ranges(200, 300)));
    }

    @Test
    void everyKeyColumnMustOverlapForACompositeKey() {
        KeyRanges otherRegion = new KeyRanges(List.of(new KeyRanges.Range("id", 150, 160),
                new KeyRanges.Range("region", 3, 4)));
        assertFalse(KeyStatistics.mayHold(STATS, otherRegion));
        KeyRanges sameRegion = new KeyRanges(List.of(new KeyRanges.Range("id", 150, 160),
                new KeyRanges.Range("region", 1, 2)));
        assertTrue(KeyStatistics.mayHold(STATS, sameRegion));
    }

    @Test
    void aFileWithoutUsableStatisticsMayHoldAnyKey() {
        assertTrue(KeyStatistics.mayHold(null, ranges(500, 600)));
        assertTrue(KeyStatistics.mayHold("{\"numRecords\":3}", ranges(500, 600)));
        assertTrue(KeyStatistics.mayHold("{\"minValues\":{\"id\":null},\"maxValues\":{\"id\":null}}", ranges(500, 600)));
        assertTrue(KeyStatistics.mayHold("not json", ranges(500, 600)));
        assertTrue(KeyStatistics.mayHold(STATS, new KeyRanges(List.of())));
    }

    @Test
    void onlyIntegerKeyColumnsArePrunedHere() {
        StructType schema = new StructType().add("id", "bigint").add("small", "smallint").add("name", "string")
                .add("at", "timestamp").add("amount", "decimal(10,2)");
        assertTrue(KeyStatistics.prunable(ranges(1, 2), schema));
        assertTrue(KeyStatistics.prunable(new KeyRanges(List.of(new KeyRanges.Range("small", (short) 1, (short) 2))), schema));
        assertFalse(KeyStatistics.prunable(new KeyRanges(List.of(new KeyRanges.Range("name", "a", "b"))), schema));
        assertFalse(KeyStatistics.prunable(new KeyRanges(List.of(new KeyRanges.Range("id", 1L, 2L),
                new KeyRanges.Range("at", java.sql.Timestamp.valueOf("2024-01-01 00:00:00"),
                        java.sql.Timestamp.valueOf("2024-01-02 00:00:00")))), schema));
        assertFalse(KeyStatistics.prunable(new KeyRanges(List.of(new KeyRanges.Range("missing", 1L, 2L))), schema));
    }
}
