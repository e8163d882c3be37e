package io.dmsdelta.generate;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link DataSetWriter} wrote: the files, the changes by operation and how the keys were hit.
 *
 * @param changedKeys  distinct keys changed by the CDC files (inserted keys included)
 * @param repeatedKeys distinct keys changed more than once
 * @param liveRows     rows the table holds once every change is applied
 * @param bytes        size of all LOAD and CDC files
 */
public record GenerationSummary(WorkloadSpec spec, Path output, OperationMix.Counts counts, long changedKeys,
                                long repeatedKeys, long liveRows, long bytes, long millis) {

    /** Percent of the changed keys that were changed more than once. */
    public double repeatedPercent() {
        return changedKeys == 0 ? 0 : 100.0 * repeatedKeys / changedKeys;
    }

    /** The figures as JSON-ready name/value pairs, for workload.json. */
    Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("updates", counts.updates());
        figures.put("inserts", counts.inserts());
        figures.put("deletes", counts.deletes());
        figures.put("changedKeys", changedKeys);
        figures.put("repeatedKeys", repeatedKeys);
        figures.put("liveRows", liveRows);
        figures.put("bytes", bytes);
        return figures;
    }

    /** Lines for people: what was written and the command that applies it. */
    public String describe() {
        Path dms = output.resolve("dms");
        return String.format(Locale.ROOT, """
                        wrote %s in %.1f s (%,.1f MB):
                          %,d LOAD file(s) with %,d rows
                          %,d CDC file(s) with %,d changes: %,d updates, %,d inserts, %,d deletes
                          %,d keys changed, %,d of them (%.1f %%) more than once; %,d rows once all are applied
                        apply it with:
                          dms-delta run --source %s --target <warehouse> --tables %s --endpoint-settings %s
                        """,
                output, millis / 1000.0, bytes / 1e6, spec.loadFiles(), spec.rows(), spec.files(), counts.total(),
                counts.updates(), counts.inserts(), counts.deletes(), changedKeys, repeatedKeys, repeatedPercent(),
                liveRows, dms, output.resolve(DataSetWriter.TABLES_FILE), output.resolve(DataSetWriter.SETTINGS_FILE));
    }
}
