package io.dmsdelta.changeset;

import java.util.List;

/**
 * For each primary-key column, the smallest and largest value a batch of changes holds. A row whose key lies
 * outside them cannot be touched by the batch. Key columns whose values are all missing have no range.
 *
 * @param ranges one per key column that has values, in key order
 */
public record KeyRanges(List<Range> ranges) {

    public KeyRanges {
        ranges = List.copyOf(ranges);
    }

    /** @param column a key column; {@code min} and {@code max} are values of its Spark type */
    public record Range(String column, Object min, Object max) {
    }
}
