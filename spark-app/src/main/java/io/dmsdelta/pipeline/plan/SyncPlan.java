package io.dmsdelta.pipeline.plan;

import io.dmsdelta.dms.DmsFile;
import io.dmsdelta.dms.InputError;
import io.dmsdelta.report.Reason;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What one table's sync will do, decided by {@link SyncPlanner} from the table's recorded state and its listed files:
 * steps to take in order, then possibly a halt that says why the sync goes no further.
 *
 * @param steps    in order; a later step assumes the earlier ones were committed
 * @param halt     why the sync stops after the steps, if it does
 * @param applied  the CDC files the table already reflects (at or below its watermark), in commit order
 * @param warnings things to report that do not stop the sync
 * @param listedUpTo the newest modification time (epoch ms) among the listed files: commits record it, so a file
 *                 stored later below the watermark is known to have arrived late
 */
public record SyncPlan(List<SyncStep> steps, Optional<Halt> halt, List<DmsFile> applied, List<String> warnings,
                       long listedUpTo) {

    public SyncPlan {
        steps = List.copyOf(steps);
        requireNonNull(halt, "halt");
        applied = List.copyOf(applied);
        warnings = List.copyOf(warnings);
    }

    /** The same plan, with {@code more} warnings after its own. */
    public SyncPlan warning(List<String> more) {
        List<String> all = new java.util.ArrayList<>(warnings);
        all.addAll(more);
        return new SyncPlan(steps, halt, applied, all, listedUpTo);
    }

    /** Why a sync goes no further. */
    public sealed interface Halt {
    }

    /**
     * DMS wrote nothing the table can use (no folder): nothing is done to it.
     *
     * @param code {@link Reason#NO_SOURCE_FOLDER} or {@link Reason#SOURCE_FOLDER_GONE}, for the report
     */
    public record Skip(Reason code, String reason) implements Halt {
        public Skip {
            requireNonNull(code, "code");
        }
    }

    /** DMS is writing a reload: the table is left as it is until the LOAD set is complete. */
    public record Wait(String reason) implements Halt {
    }

    /** The files cannot be applied as they are; the table stays as it is after the steps before. */
    public record Refuse(List<InputError> errors) implements Halt {
        public Refuse {
            errors = List.copyOf(errors);
        }
    }

    /** The CDC files the plan applies, over all its steps. */
    public List<DmsFile> pending() {
        return steps.stream().flatMap(s -> s instanceof SyncStep.Apply apply ? apply.files().stream()
                : s instanceof SyncStep.ApplyEvents events ? events.reported().stream() : java.util.stream.Stream.empty())
                .toList();
    }
}
