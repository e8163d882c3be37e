package io.dmsdelta.pipeline.steps;

import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.pipeline.plan.SyncStep;

/**
 * Runs one step of a table's sync.
 *
 * <p>Contract: a step makes at most one Delta commit that changes data, and that commit also records what it applied
 * (the watermark as Delta's transaction identifier, {@link io.dmsdelta.merge.CommitMetadata} as its user metadata),
 * so the table always stands at a file boundary. It either commits everything it was given or throws having
 * committed nothing of it: bad input as {@link io.dmsdelta.dms.BadInputException}, a definition that no longer fits
 * the table as {@link io.dmsdelta.config.ConfigException}, another run's commit to the table as
 * {@link io.dmsdelta.delta.ConcurrentRunException} or Delta's {@code ConcurrentModificationException}. A step does not
 * retry: its caller re-plans from what is committed, and then the step is not needed any more or runs again whole.
 * A batch another run committed meanwhile is reported as {@link StepOutcome.AlreadyApplied}, never written twice.
 *
 * @param <S> the step it runs
 */
public interface StepRunner<S extends SyncStep> {

    /**
     * @param listedUpTo the newest modification time among the files the plan listed, recorded with the commit
     * @param previous   the trailing column groups of the last file applied before this step
     */
    StepOutcome run(S step, long listedUpTo, TrailingGroups previous);
}
