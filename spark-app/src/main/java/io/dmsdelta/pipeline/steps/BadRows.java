package io.dmsdelta.pipeline.steps;

import io.dmsdelta.changeset.ChangeSet;

import java.util.Optional;

/**
 * What a step does with a batch's bad rows: without a quarantine a bad row fails the step; with one, the bad rows
 * are recorded there first (so none is lost if the batch's commit then fails) and the rest go on.
 */
final class BadRows {

    private BadRows() {
    }

    /**
     * Records a batch's bad rows, if it has any, in the quarantine: before the batch's commit, so none is lost.
     *
     * @return the quarantine table they went to, if any were recorded
     */
    static Optional<String> quarantine(StepContext context, ChangeSet rows, ChangeSet.Counts counts, String runId) {
        if (counts.badRows() == 0) {
            return Optional.empty();
        }
        var quarantine = context.quarantine().orElseThrow();
        quarantine.record(context.spark(), context.table(), rows.badRows(), runId);
        String table = quarantine.tablePath(context.table());
        context.progress("set aside " + counts.badRows() + " bad row(s) in the quarantine table " + table);
        return Optional.of(table);
    }
}
