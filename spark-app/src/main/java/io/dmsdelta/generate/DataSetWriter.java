package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.report.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Writes a DMS-shaped data set for a {@link WorkloadSpec} in one pass with plain buffered I/O:
 * <pre>
 * &lt;output&gt;/dms/&lt;schema&gt;/&lt;table&gt;/LOAD00000001.csv ...   the snapshot, ids 1..rows in order
 * &lt;output&gt;/dms/&lt;schema&gt;/&lt;table&gt;/20240612-100000000.csv ... the changes, one file a minute
 * &lt;output&gt;/tables.json, &lt;output&gt;/endpoint-settings.json   what dms-delta run reads
 * &lt;output&gt;/workload.json                                  options and figures, written last
 * </pre>
 * The same options give the same bytes. The snapshot's bytes depend only on the seed, {@code rows},
 * {@code loadFiles} and {@code start}, not on the change options. Memory stays at a few bits per key.
 */
public final class DataSetWriter {

    public static final String SOURCE_FOLDER = "dms";
    public static final String TABLES_FILE = "tables.json";
    public static final String SETTINGS_FILE = "endpoint-settings.json";

    private static final DateTimeFormatter CDC_NAME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");
    private static final long MICROS_PER_MINUTE = 60_000_000L;
    private static final long SNAPSHOT_SPAN_MICROS = 365L * 24 * 60 * MICROS_PER_MINUTE;

    private final Progress progress;

    /** @param progress where progress lines go (standard error) */
    public DataSetWriter(Progress progress) {
        this.progress = progress;
    }

    /** {@code <output>/dms/<schema>/<table>}: the table folder. */
    public static Path tableFolder(Path output, WorkloadSpec spec) {
        return output.resolve(SOURCE_FOLDER).resolve(spec.schema()).resolve(spec.table());
    }

    /** The name of LOAD file {@code index} (from 0): {@code LOAD} and an 8-digit upper-case hex counter from 1. */
    public static String loadFileName(int index) {
        return String.format("LOAD%08X.csv", index + 1);
    }

    /** The name of CDC file {@code index} (from 0): its write time, {@code start} plus {@code index} minutes. */
    public static String cdcFileName(LocalDateTime start, int index) {
        return CDC_NAME.format(start.plusMinutes(index)) + ".csv";
    }

    /**
     * @throws ConfigException       when the table folder already holds files, or the mix cannot be met
     * @throws UncheckedIOException  naming the file that cannot be written
     */
    public GenerationSummary write(WorkloadSpec spec, Path output) {
        long started = System.currentTimeMillis();
        Path folder = tableFolder(output, spec);
        requireEmpty(folder);
        WorkloadManifest.delete(output);
        try {
            Files.createDirectories(folder);
            Files.writeString(output.resolve(TABLES_FILE), BenchTable.tablesJson(spec.schema(), spec.table()));
            Files.writeString(output.resolve(SETTINGS_FILE), BenchTable.ENDPOINT_SETTINGS_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write to " + output + ": " + e.getMessage(), e);
        }
        SplittableRandom seeds = new SplittableRandom(spec.seed());
        // Separate streams: the snapshot stays the same whatever the change options are.
        SplittableRandom loadRandom = seeds.split();
        SplittableRandom changeRandom = seeds.split();
        String name = spec.schema() + "." + spec.table();
        writeLoadFiles(spec, folder, loadRandom, new RateReporter(name, "LOAD", spec.rows()));
        ChangePlanner planner = new ChangePlanner(spec, changeRandom);
        writeCdcFiles(spec, folder, planner, changeRandom, new RateReporter(name, "CDC", spec.changes()));
        KeyRegistry keys = planner.keys();
        GenerationSummary summary = new GenerationSummary(spec, output, spec.mix().counts(spec.changes()),
                keys.changedKeys(), keys.repeatedKeys(), keys.liveKeys(), sizeOf(folder),
                System.currentTimeMillis() - started);
        WorkloadManifest.write(summary);
        return summary;
    }

    private static void requireEmpty(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            if (files.findAny().isPresent()) {
                throw new ConfigException(folder + " already holds files; generate into a new --output folder, or"
                        + " delete this one first (dms-delta would apply the old and new files together).");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Ids in order, file after file; {@code updated_at} grows with the id over the year before {@code start}. */
    private static void writeLoadFiles(WorkloadSpec spec, Path folder, SplittableRandom random, RateReporter rate) {
        long snapshotStart = epochMicros(spec.start()) - SNAPSHOT_SPAN_MICROS;
        long step = Math.max(1, SNAPSHOT_SPAN_MICROS / Math.max(1, spec.rows()));
        long id = 1;
        for (int f = 0; f < spec.loadFiles(); f++) {
            try (CsvRowWriter out = new CsvRowWriter(folder.resolve(loadFileName(f)))) {
                for (long r = spec.rowsInLoadFile(f); r > 0; r--, id++) {
                    out.row((char) 0, RowValues.row(id, snapshotStart + (id - 1) * step, random));
                    rate.advance();
                }
            }
        }
        rate.done(spec.loadFiles());
    }

    /** Each file's changes are timed evenly over the minute before its name time. */
    private static void writeCdcFiles(WorkloadSpec spec, Path folder, ChangePlanner planner, SplittableRandom random,
                                      RateReporter rate) {
        for (int f = 0; f < spec.files(); f++) {
            long changes = spec.changesInFile(f);
            long end = epochMicros(spec.start().plusMinutes(f));
            long step = MICROS_PER_MINUTE / (changes + 1);
            try (CsvRowWriter out = new CsvRowWriter(folder.resolve(cdcFileName(spec.start(), f)))) {
                for (long c = 1; c <= changes; c++) {
                    ChangePlanner.Change change = planner.next();
                    if (change.op() == 'D') {
                        out.keyOnly('D', change.id());
                    } else {
                        out.row(change.op(), RowValues.row(change.id(), end - MICROS_PER_MINUTE + c * step, random));
                    }
                    rate.advance();
                }
            }
        }
        rate.done(spec.files());
    }

    private static long epochMicros(LocalDateTime time) {
        return time.toEpochSecond(ZoneOffset.UTC) * 1_000_000L + time.getNano() / 1000;
    }

    private static long sizeOf(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Progress lines every few seconds and at the end, with the rate. */
    private final class RateReporter {
        private static final long EVERY_MS = 5_000;
        private final String table;
        private final String what;
        private final long total;
        private final long started = System.currentTimeMillis();
        private long done;
        private long lastReport = started;

        RateReporter(String table, String what, long total) {
            this.table = table;
            this.what = what;
            this.total = total;
        }

        void advance() {
            done++;
            if ((done & 0xFFFF) == 0 && System.currentTimeMillis() - lastReport >= EVERY_MS) {
                lastReport = System.currentTimeMillis();
                progress.table(table, String.format(java.util.Locale.ROOT, "%s: %,d of %,d rows, %s", what, done, total,
                        Progress.rate(done, lastReport - started)));
            }
        }

        void done(int files) {
            progress.table(table, String.format(java.util.Locale.ROOT, "wrote %,d %s file(s): %s", files, what,
                    Progress.rate(done, System.currentTimeMillis() - started)));
        }
    }
}
