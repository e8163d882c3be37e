package io.dmsdelta.differential;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random DMS change streams for many independent seeds at once: each seed owns the keys (seed, 0..5), so a
 * small key space makes the same key change many times within and across files, deletes hit missing keys,
 * inserts hit existing ones and keys come back after deletes. Values include NULLs, delimiters, quotes,
 * newlines and non-ASCII text; some deletes carry only the key (PostgreSQL style); some updates move their row to
 * another key. How a change is written (which trailing columns its file has) is decided later, by
 * {@link FileShape}, when the files are laid out in time.
 */
final class ChangeStreamGenerator {

    /** One CDC file of one seed, as changes: its lines depend on when it is written ({@link FileShape}). */
    record CdcFile(List<Change> changes) {
    }

    /**
     * @param movedFrom for an update, the key id it moves the row from (its before-image), or null
     * @param keyOnly   for a delete, whether only the key is written (PostgreSQL)
     * @param imageFilled for an update that is no move, whether its before-image is written (PostgreSQL fills it on
     *                  every update; other sources only on a key change)
     */
    record Change(char op, ReferenceModel.Row row, Integer movedFrom, boolean keyOnly, boolean imageFilled) {
    }

    private static final String[] WORDS = {"a", "b,c", "say \"hi\"", "two\nlines", "  padded  ", "é ü ß", "x", "O'Brien"};
    private static final int KEYS = 6;

    private final Random random;

    ChangeStreamGenerator(long seed) {
        this.random = new Random(seed);
    }

    List<ReferenceModel.Row> loadRows(int seed) {
        List<ReferenceModel.Row> rows = new ArrayList<>();
        for (int id = 0; id < KEYS; id++) {
            if (random.nextBoolean()) {
                rows.add(row(seed, id));
            }
        }
        return rows;
    }

    /** A seed's CDC files in commit order: 0 to 8 changes each, some files empty. */
    List<CdcFile> cdcFiles(int seed) {
        List<CdcFile> files = new ArrayList<>();
        int count = 1 + random.nextInt(4);
        for (int f = 0; f < count; f++) {
            List<Change> changes = new ArrayList<>();
            int rows = random.nextInt(9);
            for (int r = 0; r < rows; r++) {
                char op = "IIUUUD".charAt(random.nextInt(6));
                ReferenceModel.Row row = row(seed, random.nextInt(KEYS));
                Integer movedFrom = op == 'U' && random.nextInt(3) == 0 ? random.nextInt(KEYS) : null;
                changes.add(new Change(op, row, movedFrom, op == 'D' && random.nextBoolean(), random.nextBoolean()));
            }
            files.add(new CdcFile(changes));
        }
        return files;
    }

    private ReferenceModel.Row row(int seed, int id) {
        String v = random.nextInt(6) == 0 ? null : WORDS[random.nextInt(WORDS.length)] + random.nextInt(100);
        Integer n = random.nextInt(5) == 0 ? null : random.nextInt(2_000_001) - 1_000_000;
        String d = random.nextInt(5) == 0 ? null
                : BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2).toPlainString();
        String e = random.nextInt(4) == 0 ? null : "e" + random.nextInt(1000);
        return new ReferenceModel.Row(seed, id, v, n, d, e, null, null);
    }

    static String quote(String value) {
        if (value == null) {
            return "";
        }
        boolean needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n");
        return needsQuotes ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
