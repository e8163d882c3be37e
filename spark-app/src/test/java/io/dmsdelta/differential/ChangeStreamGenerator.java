package io.dmsdelta.differential;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random DMS change streams for many independent seeds at once: each seed owns the keys (seed, 0..5), so a
 * small key space makes the same key change many times within and across files, deletes hit missing keys,
 * inserts hit existing ones and keys come back after deletes. Values include NULLs, delimiters, quotes,
 * newlines and non-ASCII text; some deletes carry only the key (PostgreSQL style).
 */
final class ChangeStreamGenerator {

    /** One CDC file: its lines as DMS writes them (RFC 4180 quoting) and the changes, for the model. */
    record CdcFile(List<String> lines, List<Change> changes) {
    }

    record Change(char op, ReferenceModel.Row row) {
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
            List<String> lines = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            int rows = random.nextInt(9);
            for (int r = 0; r < rows; r++) {
                char op = "IIUUUD".charAt(random.nextInt(6));
                ReferenceModel.Row row = row(seed, random.nextInt(KEYS));
                changes.add(new Change(op, row));
                lines.add(op == 'D' && random.nextBoolean()
                        ? "D," + seed + "," + row.id() + ",,,"
                        : op + "," + csv(row));
            }
            files.add(new CdcFile(lines, changes));
        }
        return files;
    }

    static String csv(ReferenceModel.Row row) {
        return row.seed() + "," + row.id() + "," + quote(row.v()) + "," + (row.n() == null ? "" : row.n()) + ","
                + (row.d() == null ? "" : row.d());
    }

    private ReferenceModel.Row row(int seed, int id) {
        String v = random.nextInt(6) == 0 ? null : WORDS[random.nextInt(WORDS.length)] + random.nextInt(100);
        Integer n = random.nextInt(5) == 0 ? null : random.nextInt(2_000_001) - 1_000_000;
        String d = random.nextInt(5) == 0 ? null
                : BigDecimal.valueOf(random.nextInt(2_000_000) - 1_000_000, 2).toPlainString();
        return new ReferenceModel.Row(seed, id, v, n, d);
    }

    private static String quote(String value) {
        if (value == null) {
            return "";
        }
        boolean needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n");
        return needsQuotes ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
