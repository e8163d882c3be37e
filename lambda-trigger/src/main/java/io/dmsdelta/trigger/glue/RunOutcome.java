package io.dmsdelta.trigger.glue;

import java.util.Objects;

/** What {@link CoalescingStarter#ensureRun} did: started a run, or found one that is waiting to start. */
public sealed interface RunOutcome {

    /**
     * A run was started: no run was waiting to start.
     *
     * @param runId      the JobRunId Glue assigned; the run may wait in Glue's queue behind one in flight
     * @param runsListed how many runs GetJobRuns listed before the check could tell
     */
    record Started(String runId, int runsListed) implements RunOutcome {
        public Started {
            Objects.requireNonNull(runId, "runId");
        }
    }

    /** No run was started: this one has not started yet and will apply the DMS bucket folder. */
    record Pending(PendingRun.Found run) implements RunOutcome {
        public Pending {
            Objects.requireNonNull(run, "run");
        }
    }
}
