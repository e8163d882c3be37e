package io.dmsdelta.bench;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.generate.KeyPattern;
import io.dmsdelta.generate.WorkloadSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's command line and the data sets it derives; no Spark, no measuring. */
class BenchmarkOptionsTest {

    private static BenchmarkOptions parse(String... args) {
        BenchmarkHarness harness = new BenchmarkHarness("bench/run");
        BenchmarkHarness.commandLine(harness).parseArgs(args);
        return harness.options;
    }

    @Test
    void workloadW1GivesItsDataSets() {
        BenchmarkOptions options = parse("--rows", "10000000", "--changes", "1000000", "--files", "100", "--mix",
                "50:30:20", "--repeat", "5", "--keys", "both");
        options.validate();
        assertEquals(List.of(KeyPattern.UNIFORM, KeyPattern.RECENT), options.patterns());
        WorkloadSpec all = options.main(KeyPattern.RECENT);
        assertEquals(List.of(10_000_000L, 10, 1_000_000L, 100), List.of(all.rows(), all.loadFiles(), all.changes(), all.files()));
        assertEquals(KeyPattern.RECENT, all.keys());
        WorkloadSpec tenthOfTheChanges = options.tenthOfTheChanges(KeyPattern.RECENT);
        assertEquals(List.of(10_000_000L, 100_000L, 10), List.of(tenthOfTheChanges.rows(), tenthOfTheChanges.changes(),
                tenthOfTheChanges.files()));
        WorkloadSpec tenthOfTheTable = options.tenthOfTheTable(KeyPattern.RECENT);
        assertEquals(List.of(1_000_000L, 100_000L, 10), List.of(tenthOfTheTable.rows(), tenthOfTheTable.changes(),
                tenthOfTheTable.files()));
        assertEquals(10, options.baselineFileCount());
    }

    @Test
    void defaultsAreASmallRunOfBothKeyPatterns() {
        BenchmarkOptions options = parse();
        options.validate();
        WorkloadSpec all = options.main(KeyPattern.UNIFORM);
        assertEquals(List.of(200_000L, 20_000L, 10L), List.of(all.rows(), all.changes(), (long) all.files()));
        assertEquals(List.of(KeyPattern.UNIFORM, KeyPattern.RECENT), options.patterns());
        assertEquals(KeyPattern.RECENT, parse("--keys", "RECENT").patterns().get(0));
    }

    @Test
    void theBaselineAppliesNoMoreFilesThanThereAre() {
        assertEquals(4, parse("--files", "4", "--baseline-files", "10").baselineFileCount());
        assertEquals(3, parse("--files", "100", "--baseline-files", "3").baselineFileCount());
    }

    @Test
    void minuteFilesMeasuresDmsFilesUnlessTheSourceSaysOtherwise() {
        BenchmarkOptions defaults = parse("--workload", "minute-files");
        defaults.validate();
        assertEquals(new BenchmarkOptions.Sources(true, List.of()), defaults.sources());
        assertEquals(new BenchmarkOptions.Sources(true, List.of(EventFormat.DEBEZIUM)),
                parse("--workload", "minute-files", "--source", "both").sources());
        assertEquals(new BenchmarkOptions.Sources(false, List.of(EventFormat.DEBEZIUM)),
                parse("--workload", "minute-files", "--source", "Debezium").sources());
        assertEquals(new BenchmarkOptions.Sources(true, List.of(EventFormat.WAL2JSON, EventFormat.DEBEZIUM)),
                parse("--workload", "minute-files", "--source", "dms,wal2json,debezium").sources());
        assertThrows(ConfigException.class, () -> parse("--workload", "minute-files", "--source", "kafka").validate());
    }

    @Test
    void minuteFilesMeasuresAPeerOnlyWhenAsked() {
        BenchmarkOptions defaults = parse("--workload", "minute-files");
        defaults.validate();
        assertEquals(List.of(), defaults.peers());
        BenchmarkOptions iceberg = parse("--workload", "minute-files", "--peers", "Iceberg");
        iceberg.validate();
        assertEquals(List.of(BenchmarkOptions.Peer.ICEBERG), iceberg.peers());
        assertThrows(ConfigException.class, () -> parse("--workload", "minute-files", "--peers", "hudi").validate());
        // The peer applies the DMS files dms-delta's DMS series applies, and checks its rows against that table.
        assertThrows(ConfigException.class, () -> parse("--workload", "minute-files", "--source", "debezium",
                "--peers", "iceberg").validate());
        assertThrows(ConfigException.class, () -> parse("--peers", "iceberg").validate());
    }

    @Test
    void measuresInProcessAndInFreshProcessesUnlessTheProcessOptionSaysOtherwise() {
        assertEquals(new BenchmarkOptions.Processes(true, true), parse().processes());
        assertEquals(new BenchmarkOptions.Processes(false, true), parse("--process", "fresh").processes());
        assertEquals(new BenchmarkOptions.Processes(true, false), parse("--process", "In").processes());
        assertEquals(new BenchmarkOptions.Processes(true, true), parse("--process", "fresh, in").processes());
        assertEquals(new BenchmarkOptions.Processes(true, true), parse("--process", "both").processes());
        assertThrows(ConfigException.class, () -> parse("--process", "cold").validate());
        assertThrows(ConfigException.class, () -> parse("--workload", "many-tables", "--process", "in,spark-submit")
                .validate());
    }

    @Test
    void theBacklogsGrowthStepsAreInProcessOnly() {
        assertTrue(parse().growthSteps());
        assertFalse(parse("--process", "fresh").growthSteps());
        assertFalse(parse("--skip-growth").growthSteps());
    }

    @Test
    void refusesOptionsThatMakeNoBenchmark() {
        assertThrows(ConfigException.class, () -> parse("--baseline-files", "0").validate());
        assertThrows(ConfigException.class, () -> parse("--changes", "5").validate());
        assertThrows(ConfigException.class, () -> parse("--mix", "50:50:50").validate());
    }
}
