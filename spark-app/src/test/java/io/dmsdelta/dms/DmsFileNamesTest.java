package io.dmsdelta.dms;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmsFileNamesTest {

    @Test
    void recognisesLoadFilesIncludingHexCountersSegmentsAndGzip() {
        for (String name : List.of("LOAD00000001.csv", "LOAD0000000A.csv", "LOAD00000010.csv.gz", "SEGMENT1_LOAD00000001.csv",
                "LOAD00000002.parquet")) {
            assertEquals(Optional.of(DmsFileKind.LOAD), DmsFileNames.kindOf(name), name);
        }
    }

    @Test
    void recognisesCdcFilesOfAnyFractionWidth() {
        for (String name : List.of("20240612-103125108.csv", "20141029-1134010000.csv", "20240612-103125.csv",
                "20240612-103125108.csv.gz", "20240612-103125108.parquet", "CDC_TXN-20201117153046033.csv")) {
            assertEquals(Optional.of(DmsFileKind.CDC), DmsFileNames.kindOf(name), name);
        }
    }

    @Test
    void rejectsNamesThatAreNotDmsData() {
        for (String name : List.of("load00000001.csv", "LOAD1.csv", "20241312-103125108.csv", "20240612-253125108.csv",
                "notes.txt", "20240612-103125108.parquet.crc", "LOAD00000001.csv.bak", "CDC_TXN_20201117153046033.csv")) {
            assertEquals(Optional.empty(), DmsFileNames.kindOf(name), name);
        }
    }

    @Test
    void cdcTimestampsReadTheFractionAsAFractionNotAsANumber() {
        long nineDigits = DmsFileNames.cdcTimestampNanos("20240612-103125108.csv").orElseThrow();
        long tenDigits = DmsFileNames.cdcTimestampNanos("20240612-1031251085.csv").orElseThrow();
        long noFraction = DmsFileNames.cdcTimestampNanos("20240612-103125.csv").orElseThrow();
        assertEquals(1_718_188_285_108_000_000L, nineDigits);
        assertEquals(nineDigits + 500_000, tenDigits);
        assertEquals(nineDigits - 108_000_000, noFraction);
        assertEquals(nineDigits, DmsFileNames.cdcTimestampNanos("CDC_TXN-20240612103125108.csv").orElseThrow());
    }

    @Test
    void commitOrderUsesTheNameNeverTheFolder() {
        // DatePartitionSequence=MMYYYYDD folders do not sort by time; the file names do.
        List<DmsFile> files = new ArrayList<>(List.of(
                cdc("t/07202401/20240701-000000000.csv"),
                cdc("t/06202430/20240630-235959999.csv"),
                cdc("t/06202430/20240630-2359599995.csv"),
                cdc("t/06202401/20240601-120000000.csv")));
        files.sort(DmsFile.COMMIT_ORDER);
        assertEquals(List.of("20240601-120000000.csv", "20240630-235959999.csv", "20240630-2359599995.csv",
                "20240701-000000000.csv"), files.stream().map(DmsFile::name).toList());
    }

    @Test
    void loadFilesSortByTheirHexCounter() {
        List<DmsFile> files = new ArrayList<>(List.of(load("LOAD00000010.csv"), load("LOAD0000000A.csv"), load("LOAD00000002.csv")));
        files.sort(DmsFile.COMMIT_ORDER);
        assertEquals(List.of("LOAD00000002.csv", "LOAD0000000A.csv", "LOAD00000010.csv"),
                files.stream().map(DmsFile::name).toList());
    }

    @Test
    void pendingFilesAreThoseAfterTheWatermark() {
        TableFiles files = new TableFiles(List.of(), List.of(cdc("a/20240612-100000000.csv"), cdc("a/20240612-110000000.csv")), List.of());
        long first = files.cdcFiles().get(0).cdcTimestampNanos();
        assertEquals(List.of("20240612-110000000.csv"), files.cdcAfter(first).stream().map(DmsFile::name).toList());
        assertTrue(files.cdcAfter(files.cdcFiles().get(1).cdcTimestampNanos()).isEmpty());
        assertEquals(2, files.cdcAfter(0).size());
    }

    private static DmsFile cdc(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return new DmsFile("file:/" + path, name, 1, 0, DmsFileKind.CDC, DmsFileNames.cdcTimestampNanos(name).orElseThrow());
    }

    private static DmsFile load(String name) {
        return new DmsFile("file:/t/" + name, name, 1, 0, DmsFileKind.LOAD, 0);
    }
}
