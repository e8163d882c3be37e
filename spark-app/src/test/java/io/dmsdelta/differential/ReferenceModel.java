package io.dmsdelta.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The semantics, deliberately naive: apply each change in commit order to a map keyed by primary key.
 * I and U put the whole row, D removes the key, an update that moved its row first removes the old key;
 * nothing is batched, compacted or merged.
 */
final class ReferenceModel {

    /**
     * A row of the differential table: key (seed, id), then values; null is SQL NULL.
     *
     * @param e   the column added later (null in rows of files written before it)
     * @param ts  the DMS timestamp column, as Spark prints it (PostgreSQL-shaped rounds only)
     * @param seq the sequence column (PostgreSQL-shaped rounds only; null in LOAD rows)
     */
    record Row(int seed, int id, String v, Integer n, String d, String e, String ts, String seq) {

        Row written(String e, String ts, String seq) {
            return new Row(seed, id, v, n, d, e, ts, seq);
        }

        String format(boolean postgres) {
            String values = seed + "|" + id + "|" + v + "|" + n + "|" + d;
            return postgres ? ts + "|" + values + "|" + seq + "|" + e : values + "|" + e;
        }
    }

    private final Map<String, Row> rows = new TreeMap<>();

    /** The model as it is now, to go on from independently (a rewind's starting point). */
    ReferenceModel copy() {
        ReferenceModel copy = new ReferenceModel();
        copy.rows.putAll(rows);
        return copy;
    }

    void load(Row row) {
        rows.put(key(row.seed(), row.id()), row);
    }

    /** @param movedFrom the id an update moved its row from, known only from a before-image; null otherwise */
    void apply(char op, Row row, Integer movedFrom) {
        switch (op) {
            case 'I', 'U' -> {
                if (movedFrom != null) {
                    rows.remove(key(row.seed(), movedFrom));
                }
                rows.put(key(row.seed(), row.id()), row);
            }
            case 'D' -> rows.remove(key(row.seed(), row.id()));
            default -> throw new IllegalArgumentException("op " + op);
        }
    }

    List<String> formatted(boolean postgres) {
        List<String> out = new ArrayList<>();
        rows.values().forEach(r -> out.add(r.format(postgres)));
        out.sort(null);
        return out;
    }

    private static String key(int seed, int id) {
        return seed + "/" + id;
    }
}
