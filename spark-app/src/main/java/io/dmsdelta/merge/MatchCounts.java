package io.dmsdelta.merge;

import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What a targeted apply matched, counted in one pass over the matched rows of {@link CandidateFiles#attachTo}.
 *
 * @param rows             live rows whose key the batch changes
 * @param stale            of those, rows the table holds at the same or a newer sequence than the change: the
 *                         change is dropped and the row stays
 * @param staleUpserts     of the stale ones, those whose dropped change is an insert or update
 * @param deletes          of the others, rows the batch deletes
 * @param withoutFile      rows whose path found no candidate file: must be none
 * @param inRewrittenFiles of the rows not stale, those of files the batch rewrites whole
 */
record MatchCounts(long rows, long stale, long staleUpserts, long deletes, long withoutFile, long inRewrittenFiles) {

    /** Whether a matched row's change is not newer than the row (always false for a source without a sequence). */
    static final String STALE = "__stale";

    static MatchCounts of(Dataset<Row> attached) {
        Column isDelete = col(FileLayout.OP).equalTo(Operation.DELETE.code());
        Column applied = not(col(STALE));
        Row counts = attached.agg(count(lit(1)),
                sum(when(col(STALE), 1).otherwise(0)),
                sum(when(col(STALE).and(not(isDelete)), 1).otherwise(0)),
                sum(when(applied.and(isDelete), 1).otherwise(0)),
                sum(when(col(CandidateFiles.REWRITTEN).isNull(), 1).otherwise(0)),
                sum(when(applied.and(col(CandidateFiles.REWRITTEN)), 1).otherwise(0))).first();
        return new MatchCounts(counts.getLong(0), orZero(counts, 1), orZero(counts, 2), orZero(counts, 3),
                orZero(counts, 4), orZero(counts, 5));
    }

    /** The matched rows whose change applies: each is marked in a vector or left out of a rewritten file. */
    long applied() {
        return rows - stale;
    }

    /** @throws TableIntegrityException naming a path when a matched row found no file (nothing is committed then) */
    void requireEveryRowInAFile(String table, Dataset<Row> attached) {
        if (withoutFile > 0) {
            String path = attached.filter(col(CandidateFiles.REWRITTEN).isNull()).select(col(CandidateFiles.FILE))
                    .first().getString(0);
            throw TableIntegrityException.rowsWithoutFile(table, withoutFile, path);
        }
    }

    private static long orZero(Row row, int i) {
        return row.isNullAt(i) ? 0 : row.getLong(i);
    }
}
