package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.EndpointSettings;
import io.dmsdelta.config.TableDefinitions;
import io.dmsdelta.dms.DmsFileKind;
import io.dmsdelta.dms.DmsFileNames;
import io.dmsdelta.report.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSetWriterTest {

    static final LocalDateTime START = LocalDateTime.of(2024, 6, 12, 10, 0);

    @TempDir
    Path dir;

    static WorkloadSpec spec(long rows, int loadFiles, long changes, int files, String mix, int repeat, KeyPattern keys,
                             long seed) {
        return new WorkloadSpec("bench", "orders", rows, loadFiles, changes, files, OperationMix.parse(mix), repeat,
                keys, seed, START);
    }

    static WorkloadSpec spec(long seed) {
        return spec(2_000, 3, 3_000, 6, "50:30:20", 5, KeyPattern.UNIFORM, seed);
    }

    private GenerationSummary generate(WorkloadSpec spec, String folder) {
        return new DataSetWriter(new Progress(new PrintStream(new ByteArrayOutputStream()))).write(spec, dir.resolve(folder));
    }

    private GeneratedFiles files(WorkloadSpec spec, String folder) {
        return new GeneratedFiles(DataSetWriter.tableFolder(dir.resolve(folder), spec));
    }

    private static Map<String, byte[]> contents(Path output) throws IOException {
        Map<String, byte[]> contents = new HashMap<>();
        try (Stream<Path> all = Files.walk(output)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                contents.put(output.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return contents;
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOthers() throws IOException {
        generate(spec(7), "a");
        generate(spec(7), "b");
        generate(spec(8), "c");
        Map<String, byte[]> a = contents(dir.resolve("a"));
        Map<String, byte[]> b = contents(dir.resolve("b"));
        Map<String, byte[]> c = contents(dir.resolve("c"));
        assertEquals(a.keySet(), b.keySet());
        a.forEach((file, bytes) -> assertArrayEquals(bytes, b.get(file), file));
        assertEquals(a.keySet().size(), c.keySet().size());
        assertFalse(Arrays.equals(a.get("dms/bench/orders/LOAD00000001.csv"), c.get("dms/bench/orders/LOAD00000001.csv")));
        assertFalse(Arrays.equals(a.get("dms/bench/orders/20240612-100000000.csv"),
                c.get("dms/bench/orders/20240612-100000000.csv")));
    }

    @Test
    void theSnapshotDoesNotDependOnTheChangeOptions() throws IOException {
        generate(spec(2_000, 3, 3_000, 6, "50:30:20", 5, KeyPattern.UNIFORM, 7), "a");
        generate(spec(2_000, 3, 500, 2, "10:10:80", 0, KeyPattern.RECENT, 7), "b");
        for (int f = 0; f < 3; f++) {
            String load = "dms/bench/orders/" + DataSetWriter.loadFileName(f);
            assertArrayEquals(Files.readAllBytes(dir.resolve("a").resolve(load)),
                    Files.readAllBytes(dir.resolve("b").resolve(load)), load);
        }
    }

    @Test
    void rowsChangesAndTheMixAreMetExactly() {
        WorkloadSpec spec = spec(2_001, 4, 3_003, 7, "50:30:20", 5, KeyPattern.UNIFORM, 3);
        GenerationSummary summary = generate(spec, "out");
        GeneratedFiles files = files(spec, "out");

        List<Long> loadRows = files.loadFiles().stream().map(f -> (long) GeneratedFiles.records(f).size()).toList();
        assertEquals(List.of(501L, 500L, 500L, 500L), loadRows);
        List<Long> cdcRows = files.cdcFiles().stream().map(f -> (long) GeneratedFiles.records(f).size()).toList();
        assertEquals(List.of(429L, 429L, 429L, 429L, 429L, 429L, 429L), cdcRows);

        Map<Character, Long> byOp = new HashMap<>();
        files.changes().forEach(c -> byOp.merge(c.op(), 1L, Long::sum));
        assertEquals(Map.of('U', 1_501L, 'I', 901L, 'D', 601L), byOp); // 1501.5, 900.9, 600.6
        assertEquals(new OperationMix.Counts(1_501, 901, 601), summary.counts());
        assertEquals(files.replay().size(), summary.liveRows());
        assertEquals(2_001 + 901 - 601, summary.liveRows());
    }

    @Test
    void insertsTakeNewIdsAndUpdatesAndDeletesOnlyLiveOnes() {
        WorkloadSpec spec = spec(1_000, 1, 6_000, 5, "40:30:30", 20, KeyPattern.UNIFORM, 11);
        generate(spec, "out");
        BitSet live = new BitSet();
        live.set(1, 1_001);
        long highest = 1_000;
        for (GeneratedFiles.Change change : files(spec, "out").changes()) {
            int id = Math.toIntExact(change.id());
            switch (change.op()) {
                case 'I' -> {
                    assertEquals(highest + 1, change.id(), "inserts take the next id");
                    highest = change.id();
                    live.set(id);
                }
                case 'U' -> assertTrue(live.get(id), "update of a key that does not exist: " + id);
                case 'D' -> {
                    assertTrue(live.get(id), "delete of a key that does not exist: " + id);
                    live.clear(id);
                }
                default -> throw new AssertionError("operation " + change.op());
            }
        }
    }

    @Test
    void keysAreChangedAgainAsOftenAsAskedWithinAFileAndAcrossFiles() {
        WorkloadSpec spec = spec(20_000, 1, 10_000, 5, "50:30:20", 10, KeyPattern.UNIFORM, 5);
        GenerationSummary summary = generate(spec, "out");
        Map<Long, Integer> changesPerKey = new HashMap<>();
        Map<Long, Integer> lastFile = new HashMap<>();
        int sameFile = 0;
        int laterFile = 0;
        for (GeneratedFiles.Change change : files(spec, "out").changes()) {
            Integer previous = lastFile.put(change.id(), change.file());
            if (previous != null) {
                if (previous == change.file()) {
                    sameFile++;
                } else {
                    laterFile++;
                }
            }
            changesPerKey.merge(change.id(), 1, Integer::sum);
        }
        long repeated = changesPerKey.values().stream().filter(n -> n > 1).count();
        assertEquals(changesPerKey.size(), summary.changedKeys());
        assertEquals(repeated, summary.repeatedKeys());
        double percent = 100.0 * repeated / changesPerKey.size();
        assertTrue(percent > 8.5 && percent < 11.5, "asked 10 % of keys changed more than once, got " + percent);
        assertTrue(sameFile > 50, "repeats within a file: " + sameFile);
        assertTrue(laterFile > 50, "repeats in a later file: " + laterFile);
    }

    @Test
    void withoutRepeatsEveryKeyChangesOnce() {
        WorkloadSpec spec = spec(20_000, 1, 10_000, 5, "50:30:20", 0, KeyPattern.UNIFORM, 5);
        GenerationSummary summary = generate(spec, "out");
        assertEquals(0, summary.repeatedKeys());
        assertEquals(10_000, summary.changedKeys());
    }

    @Test
    void recentKeysFallOnTheNewestIds() {
        long rows = 50_000;
        long changes = 2_000;
        WorkloadSpec spec = spec(rows, 1, changes, 4, "50:30:20", 5, KeyPattern.RECENT, 9);
        GenerationSummary summary = generate(spec, "out");
        List<GeneratedFiles.Change> all = files(spec, "out").changes();
        for (GeneratedFiles.Change change : all) {
            assertTrue(change.id() > rows - changes, change.op() + " of id " + change.id() + " is outside the newest "
                    + changes + " ids of the snapshot");
        }
        assertTrue(all.stream().anyMatch(c -> c.op() != 'I' && c.id() > rows), "updates or deletes of inserted rows");
        assertTrue(summary.repeatedPercent() > 3 && summary.repeatedPercent() < 7, "repeats " + summary.repeatedPercent());
    }

    @Test
    void filesAreNamedAsDmsNamesThem() {
        WorkloadSpec spec = spec(1_200, 12, 30, 3, "50:30:20", 5, KeyPattern.UNIFORM, 1);
        generate(spec, "out");
        GeneratedFiles files = files(spec, "out");
        List<String> load = files.loadFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("LOAD00000001.csv", "LOAD00000002.csv", "LOAD00000003.csv", "LOAD00000004.csv",
                "LOAD00000005.csv", "LOAD00000006.csv", "LOAD00000007.csv", "LOAD00000008.csv", "LOAD00000009.csv",
                "LOAD0000000A.csv", "LOAD0000000B.csv", "LOAD0000000C.csv"), load);
        load.forEach(name -> assertEquals(DmsFileKind.LOAD, DmsFileNames.kindOf(name).orElseThrow(), name));
        List<String> cdc = files.cdcFiles().stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("20240612-100000000.csv", "20240612-100100000.csv", "20240612-100200000.csv"), cdc);
        for (int f = 0; f < cdc.size(); f++) {
            long expected = START.plusMinutes(f).toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
            assertEquals(expected, DmsFileNames.cdcTimestampNanos(cdc.get(f)).orElseThrow(), cdc.get(f));
        }
    }

    @Test
    void rowsAreRfc4180WithKeyOnlyDeletesAndDmsTimestamps() {
        WorkloadSpec spec = spec(2_000, 1, 1_000, 2, "50:30:20", 5, KeyPattern.UNIFORM, 4);
        generate(spec, "out");
        GeneratedFiles files = files(spec, "out");
        List<String[]> load = GeneratedFiles.records(files.loadFiles().get(0));
        load.forEach(r -> assertEquals(6, r.length, String.join("|", r)));
        assertTrue(load.stream().anyMatch(r -> r[2].contains(",")), "a note with a comma");
        assertTrue(load.stream().anyMatch(r -> r[2].contains("\"")), "a note with double quotes");
        load.forEach(r -> assertTrue(r[3].matches("\\d+\\.\\d\\d") && r[5].matches(
                "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}"), String.join("|", r)));
        for (GeneratedFiles.Change change : files.changes()) {
            assertEquals(5, change.values().size());
            if (change.op() == 'D') {
                change.values().forEach(v -> assertNull(v, "a delete carries only its key"));
            } else {
                change.values().forEach(v -> assertTrue(v != null && !v.isEmpty(), "full after-image"));
                assertEquals(RowValues.customer(change.id()), change.values().get(0));
            }
        }
    }

    @Test
    void writesTableDefinitionsAndEndpointSettingsThatRunAccepts() throws IOException {
        WorkloadSpec spec = spec(10, 1, 10, 1, "50:30:20", 5, KeyPattern.UNIFORM, 1);
        generate(spec, "out");
        Path out = dir.resolve("out");
        TableDefinitions tables = TableDefinitions.parse(Files.readString(out.resolve(DataSetWriter.TABLES_FILE)), "tables");
        assertEquals(List.of("id"), tables.find("bench.orders").orElseThrow().primaryKey());
        EndpointSettings settings = EndpointSettings.parse(Files.readString(out.resolve(DataSetWriter.SETTINGS_FILE)), "s");
        assertEquals(EndpointSettings.DMS_DEFAULTS, settings);
        assertTrue(WorkloadManifest.matches(out, spec));
        assertFalse(WorkloadManifest.matches(out, spec(2)));
    }

    @Test
    void refusesATableFolderThatHoldsFiles() {
        generate(spec(1), "out");
        ConfigException e = assertThrows(ConfigException.class, () -> generate(spec(1), "out"));
        assertTrue(e.getMessage().contains("already holds files"), e.getMessage());
    }

    @Test
    void refusesAMixThatDeletesMoreRowsThanThereAre() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> generate(spec(10, 1, 100, 1, "0:10:90", 0, KeyPattern.UNIFORM, 1), "out"));
        assertTrue(e.getMessage().contains("no row is left to update or delete"), e.getMessage());
    }
}
