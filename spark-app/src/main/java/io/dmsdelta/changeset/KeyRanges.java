package io.dmsdelta.changeset;

import io.dmsdelta.spark.SqlNames;
import org.apache.spark.sql.Column;

import java.util.List;

import static org.apache.spark.sql.functions.lit;

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

    /** The rows whose key lies within every range: true for all rows when there is none. */
    public Column within() {
        Column bound = lit(true);
        for (Range range : ranges) {
            bound = bound.and(SqlNames.column(range.column()).between(lit(range.min()), lit(range.max())));
        }
        return bound;
    }

    /** @param column a key column; {@code min} and {@code max} are values of its Spark type */
    public record Range(String column, Object min, Object max) {
    }
}
