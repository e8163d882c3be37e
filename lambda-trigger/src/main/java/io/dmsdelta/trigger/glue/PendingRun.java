package io.dmsdelta.trigger.glue;

import software.amazon.awssdk.services.glue.model.JobRunState;

import java.util.Objects;

/**
 * What {@link PendingRunCheck} found: a run of the job that has not started yet and will apply the DMS bucket
 * folder (so no start is needed), or none (so a start is).
 */
public sealed interface PendingRun {

    /** How the trigger knows of the pending run. */
    enum Evidence {
        /** GetJobRuns listed it. */
        LISTED("listed by GetJobRuns"),
        /** This container started it; GetJobRuns did not list it yet, GetJobRun gave its state. */
        STARTED_HERE("started by this container, not listed by GetJobRuns yet");

        private final String description;

        Evidence(String description) {
            this.description = description;
        }

        @Override
        public String toString() {
            return description;
        }
    }

    /**
     * A run that is {@code WAITING} or {@code STARTING}: it has not listed the DMS bucket folder yet, so it will see
     * every file written so far.
     */
    record Found(String runId, JobRunState state, Evidence evidence) implements PendingRun {
        public Found {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(evidence, "evidence");
        }
    }

    /**
     * No such run.
     *
     * @param runsListed how many runs GetJobRuns listed before the check could tell (for the log)
     */
    record NoneFound(int runsListed) implements PendingRun {
    }
}
