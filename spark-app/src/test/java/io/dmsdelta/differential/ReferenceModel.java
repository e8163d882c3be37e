package io.dmsdelta.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The semantics, deliberately naive: apply each change in commit order to a map keyed by primary key.
 * I and U put the whole row, D removes the key; nothing is batched, compacted or merged.
 */
final class ReferenceModel {

    /** A row of the differential table: key (seed, id), then values; null is SQL NULL. */
    record Row(int seed, int id, String v, Integer n, String d) {
        String format() {
            return seed + "|" + id + "|" + v + "|" + n + "|" + d;
        }
    }

    private final Map<String, Row> rows = new TreeMap<>();

    void load(Row row) {
        rows.put(key(row), row);
    }

    void apply(char op, Row row) {
        switch (op) {
            case 'I', 'U' -> rows.put(key(row), row);
            case 'D' -> rows.remove(key(row));
            default -> throw new IllegalArgumentException("op " + op);
        }
    }

    List<String> formatted() {
        List<String> out = new ArrayList<>();
        rows.values().forEach(r -> out.add(r.format()));
        out.sort(null);
        return out;
    }

    private static String key(Row row) {
        return row.seed() + "/" + row.id();
    }
}
