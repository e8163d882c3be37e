package io.dmsdelta.source;

import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.SyncPlan;

import java.time.Instant;

/**
 * A producer of change files, as the engine sees it. A source knows where a table's files are, which of them are
 * new, in which order and batches they may be applied, and what watermark each batch's commit records (its
 * {@link SyncPlan}); its steps read the files into typed changes: DMS's {@link io.dmsdelta.dms.DmsFileReader} and
 * {@link io.dmsdelta.changeset.TypedRows} for files applied exactly once in file order, or {@link ChangeRows} for
 * sources that deliver at least once, whose changes carry a per-key sequence. Everything after that, compaction, the
 * apply paths and the one committer, is shared.
 */
public interface ChangeSource {

    /** The format that names the source in a table definition. */
    String format();

    /**
     * Lists the table's files and decides the sync's steps.
     *
     * @param state what the Delta table records
     * @param now   when the listing is taken
     */
    SyncPlan plan(TableState state, Instant now);
}
