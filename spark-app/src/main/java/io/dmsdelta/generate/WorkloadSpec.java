package io.dmsdelta.generate;

import io.dmsdelta.config.ConfigException;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code dms-delta generate} writes: a table of {@code rows} rows as {@code loadFiles} LOAD files, then
 * {@code changes} changes spread evenly over {@code files} CDC files, one a minute from {@code start}.
 *
 * @param schema        DMS folder name of the schema
 * @param table         DMS folder name of the table
 * @param rows          rows of the full load, ids 1 to {@code rows}
 * @param loadFiles     LOAD files the full load is split into (at least 1; no rows gives empty files)
 * @param changes       CDC rows over all files
 * @param files         CDC files (at least 1 when there are changes)
 * @param mix           shares of updates, inserts and deletes
 * @param repeatPercent percent of the changed keys that are changed more than once, within a file and across
 *                      files; the generator aims at it, {@link GenerationSummary} says what it reached
 * @param keys          which keys updates and deletes fall on
 * @param seed          the same seed and options give the same bytes
 * @param start         name time of the first CDC file (UTC)
 */
public record WorkloadSpec(String schema, String table, long rows, int loadFiles, long changes, int files,
                           OperationMix mix, int repeatPercent, KeyPattern keys, long seed, LocalDateTime start) {

    /** Name time of the first CDC file unless told otherwise (ISO, UTC). */
    public static final String DEFAULT_START = "2024-06-12T10:00:00";

    /** Ids index bit sets, so rows and inserts together must stay below this. */
    static final long MAX_IDS = Integer.MAX_VALUE - 2;

    /** @throws ConfigException naming the option that is out of range */
    public WorkloadSpec {
        requireName(schema, "--schema");
        requireName(table, "--table");
        if (rows < 0) {
            throw new ConfigException("--rows " + rows + " must be 0 or more.");
        }
        if (loadFiles < 1) {
            throw new ConfigException("--load-files " + loadFiles + " must be at least 1.");
        }
        if (changes < 0) {
            throw new ConfigException("--changes " + changes + " must be 0 or more.");
        }
        if (files < 1 && changes > 0) {
            throw new ConfigException("--files " + files + " must be at least 1 to hold " + changes + " changes.");
        }
        if (files < 0) {
            throw new ConfigException("--files " + files + " must be 0 or more.");
        }
        if (repeatPercent < 0 || repeatPercent > 100) {
            throw new ConfigException("--repeat " + repeatPercent + " must be a percentage from 0 to 100.");
        }
        if (start == null || start.getYear() < 1970 || start.getYear() > 9999) {
            throw new ConfigException("--start " + start + " must be a time between the years 1970 and 9999.");
        }
        if (rows + changes > MAX_IDS) {
            throw new ConfigException("--rows plus --changes must stay below " + MAX_IDS + " (ids are tracked in bit sets).");
        }
    }

    private static void requireName(String name, String option) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.startsWith(".")
                || name.startsWith("_")) {
            throw new ConfigException(option + " \"" + name + "\" must be a plain folder name: not empty, no slashes,"
                    + " not starting with . or _ (dms-delta skips such folders).");
        }
    }

    /**
     * Reads a CDC start time, {@code yyyy-MM-ddTHH:mm:ss} (a space instead of the T is fine).
     *
     * @throws ConfigException saying how to write it
     */
    public static LocalDateTime parseStart(String text) {
        try {
            return LocalDateTime.parse(text.trim().replace(' ', 'T'));
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException("--start " + text + " is not a time: write it as yyyy-MM-ddTHH:mm:ss, e.g. "
                    + DEFAULT_START + ".");
        }
    }

    /** LOAD files unless told otherwise: one per million rows (about 90 MB), at least one. */
    public static int defaultLoadFiles(long rows) {
        return (int) Math.max(1, (rows + 999_999) / 1_000_000);
    }

    /** The number of changes in CDC file {@code index} (from 0): an even split, the first files one more. */
    public long changesInFile(int index) {
        return changes / files + (index < changes % files ? 1 : 0);
    }

    /** The number of rows in LOAD file {@code index} (from 0): an even split, the first files one more. */
    public long rowsInLoadFile(int index) {
        return rows / loadFiles + (index < rows % loadFiles ? 1 : 0);
    }

    /** The options as {@code dms-delta generate} takes them, in order: for workload.json and messages. */
    public Map<String, String> options() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("schema", schema);
        options.put("table", table);
        options.put("rows", Long.toString(rows));
        options.put("load-files", Integer.toString(loadFiles));
        options.put("changes", Long.toString(changes));
        options.put("files", Integer.toString(files));
        options.put("mix", mix.toString());
        options.put("repeat", Integer.toString(repeatPercent));
        options.put("keys", keys.name().toLowerCase(java.util.Locale.ROOT));
        options.put("seed", Long.toString(seed));
        options.put("start", java.time.format.DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(start));
        return options;
    }
}
