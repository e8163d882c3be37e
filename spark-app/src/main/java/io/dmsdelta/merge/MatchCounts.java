package io.dmsdelta.merge;

import io.dmsdelta.dms.FileLayout;
import io.dmsdelta.dms.Operation;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

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
record MatchCounts(long rows, long stale, long staleUpserts, long deletes, long withoutFile, long inRewrittenFiles)
        implements Serializable {

    /** Whether a matched row's change is not newer than the row (always false for a source without a sequence). */
    static final String STALE = "__stale";

    private static final MatchCounts NONE = new MatchCounts(0, 0, 0, 0, 0, 0);

    /** Counted where the rows are, partition by partition, in one Spark job without a shuffle. */
    static MatchCounts of(Dataset<Row> attached) {
        return attached.javaRDD().mapPartitions(rows -> List.of(of(rows)).iterator()).fold(NONE, MatchCounts::plus);
    }

    /**
     * Counted as SQL would: a {@code null} {@link #STALE} or {@link CandidateFiles#REWRITTEN} is neither true nor
     * false, so such a row counts among {@code rows} only, and fails {@link #applied} against the vectors' count.
     */
    static MatchCounts of(Iterator<Row> attached) {
        long rows = 0;
        long stale = 0;
        long staleUpserts = 0;
        long deletes = 0;
        long withoutFile = 0;
        long inRewrittenFiles = 0;
        while (attached.hasNext()) {
            Row row = attached.next();
            Boolean isStale = row.getAs(STALE);
            Boolean rewritten = row.getAs(CandidateFiles.REWRITTEN);
            boolean isDelete = Operation.DELETE.code().equals(row.getAs(FileLayout.OP));
            rows++;
            if (Boolean.TRUE.equals(isStale)) {
                stale++;
                staleUpserts += isDelete ? 0 : 1;
            } else if (Boolean.FALSE.equals(isStale)) {
                deletes += isDelete ? 1 : 0;
                inRewrittenFiles += Boolean.TRUE.equals(rewritten) ? 1 : 0;
            }
            withoutFile += rewritten == null ? 1 : 0;
        }
        return new MatchCounts(rows, stale, staleUpserts, deletes, withoutFile, inRewrittenFiles);
    }

    private MatchCounts plus(MatchCounts other) {
        return new MatchCounts(rows + other.rows, stale + other.stale, staleUpserts + other.staleUpserts,
                deletes + other.deletes, withoutFile + other.withoutFile, inRewrittenFiles + other.inRewrittenFiles);
    }

    /** The matched rows whose change applies: each is marked in a vector or left out of a rewritten file. */
    long applied() {
        return rows - stale;
    }

    /**
     * @param pathWithoutFile the path of a matched row that found no file, looked up only when there is one
     * @throws TableIntegrityException naming that path when a matched row found no file (nothing is committed then)
     */
    void requireEveryRowInAFile(String table, Supplier<String> pathWithoutFile) {
        if (withoutFile > 0) {
            throw TableIntegrityException.rowsWithoutFile(table, withoutFile, pathWithoutFile.get());
        }
    }
}
