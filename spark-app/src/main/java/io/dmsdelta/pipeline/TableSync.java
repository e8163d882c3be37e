package io.dmsdelta.pipeline;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.dms.BadInputException;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.delta.ConcurrentRunException;
import io.dmsdelta.merge.TableIntegrityException;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.plan.SyncStep;
import io.dmsdelta.pipeline.steps.ApplyChanges;
import io.dmsdelta.pipeline.steps.ApplyEvents;
import io.dmsdelta.pipeline.steps.EvolveSchema;
import io.dmsdelta.pipeline.steps.LoadTable;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.pipeline.steps.StepOutcome;
import io.dmsdelta.report.Failures;
import io.dmsdelta.report.Phases;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.SyncPhase;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.source.ChangeSource;
import io.dmsdelta.source.events.EventChangeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Brings one Delta table up to date with its change source: reads what the table records, has the
 * {@link ChangeSource} list the files and decide the steps, and runs them in order, each one idempotent commit (see
 * {@link io.dmsdelta.pipeline.steps.StepRunner}). It owns the retry: when another run commits to the table at the
 * same time, nothing of the failed step was written, so it reads, plans and runs again from what is committed.
 *
 * <p>Failures never throw: they end up in the report, which is built once, from the outcomes, when the table is done.
 */
public final class TableSync {

    private static final Logger LOG = LoggerFactory.getLogger(TableSync.class);

    /**
     * Attempts per table when another run commits to it at the same time, waiting 2, 4, 8 and 16 s between
     * them: the other run may still be writing its commit (a full load takes a while).
     */
    private static final int ATTEMPTS = 5;

    private final StepContext context;
    private final ChangeSource source;
    private final Deadline deadline;

    public TableSync(StepContext context, ChangeSource source, Deadline deadline) {
        this.context = requireNonNull(context, "context");
        this.source = requireNonNull(source, "source");
        this.deadline = requireNonNull(deadline, "deadline");
    }

    public TableReport sync() {
        long started = System.nanoTime();
        Phases phases = new Phases();
        List<StepOutcome> outcomes = new ArrayList<>();
        Optional<SyncPlan> plan = Optional.empty();
        int planStartedAt = 0; // the outcomes before it are of an earlier attempt's plan
        Optional<TableState> state = Optional.empty();
        Ending ending = null;
        for (int attempt = 1; ending == null; attempt++) {
            try {
                TableState current = phases.time(SyncPhase.STATE,
                        () -> TableState.read(context.spark(), context.target()));
                state = Optional.of(current);
                SyncPlan planned = phases.time(SyncPhase.LISTING, () -> source.plan(current, Instant.now()));
                plan = Optional.of(planned);
                planStartedAt = outcomes.size();
                ending = run(planned, current, outcomes, phases);
            } catch (ConcurrentRunException | java.util.ConcurrentModificationException e) {
                // Nothing of this attempt's step was committed: planning again on top of the other run's commit is safe.
                String why = e instanceof ConcurrentRunException ? e.getMessage()
                        : "another run committed to the table at the same time (" + e.getClass().getSimpleName() + ")";
                if (attempt == ATTEMPTS) {
                    ending = new Ending(TableStatus.CONFLICT, Reason.CONCURRENT_RUN, why + "; gave up after "
                            + ATTEMPTS + " attempts with nothing more written by this run. Run again, or make sure only"
                            + " one run at a time writes the table (docs/architecture.md).", 0);
                } else if (!waitToRetry(why, attempt, phases)) {
                    ending = new Ending(TableStatus.CONFLICT, Reason.CONCURRENT_RUN, why + "; interrupted while"
                            + " waiting to plan again", 0);
                }
            } catch (BadInputException | ConfigException | TableIntegrityException e) {
                ending = new Ending(TableStatus.FAILED, reasonOf(e), e.getMessage(),
                        pendingLeft(plan, outcomes, planStartedAt));
            } catch (Exception e) { // Spark's exceptions are checked ones that Scala does not declare
                // The report and the progress line get the root cause; the stack trace is for the log.
                LOG.error("{} failed", context.table().qualifiedName(), e);
                ending = new Ending(TableStatus.FAILED, Reason.UNEXPECTED_FAILURE, (outcomes.isEmpty()
                        ? "failed, nothing was committed: "
                        : "failed, nothing more was committed: ") + Failures.rootCause(e),
                        pendingLeft(plan, outcomes, planStartedAt));
            }
        }
        TableReport report = TableReports.of(context.table().qualifiedName(), ending.status(), ending.reason(),
                ending.message(), plan, state, outcomes, ending.filesLeft(), phases.millis(),
                (System.nanoTime() - started) / 1_000_000);
        if (!report.succeeded()) {
            context.progress(report.status() + ": " + report.message());
        }
        return report;
    }

    /**
     * How the table's sync ended, before the outcomes are added up.
     *
     * @param status null when the outcomes decide: every step ran and nothing halted, or the deadline stopped the steps
     */
    private record Ending(TableStatus status, Reason reason, String message, int filesLeft) {
        static final Ending COMPLETED = new Ending(null, null, null, 0);
    }

    /** The code of a failure whose message the exception makes. */
    private static Reason reasonOf(RuntimeException e) {
        if (e instanceof TableIntegrityException integrity) {
            return switch (integrity.reason()) {
                case DUPLICATE_KEYS -> Reason.DUPLICATE_KEYS;
                case UNACCOUNTED_ROWS -> Reason.UNACCOUNTED_ROWS;
            };
        }
        return e instanceof ConfigException ? Reason.CONFIGURATION : Reason.BAD_INPUT;
    }

    private Ending run(SyncPlan plan, TableState state, List<StepOutcome> outcomes, Phases phases) {
        TrailingGroups groups = state.lastCommit().map(c -> c.metadata().lastFileGroups())
                .filter(java.util.Objects::nonNull).orElse(TrailingGroups.NONE);
        for (int i = 0; i < plan.steps().size(); i++) {
            SyncStep step = plan.steps().get(i);
            if (i > 0 && deadline.passed()) {
                int left = filesIn(plan.steps().subList(i, plan.steps().size()));
                // No status: the steps that ran decide (APPLIED if one wrote, UP_TO_DATE if another run had).
                return new Ending(null, Reason.DEADLINE_REACHED, left + " CDC file(s) left for the next run: the"
                        + " run's time (--max-minutes) is up", left);
            }
            StepOutcome outcome = runStep(step, plan.listedUpTo(), groups, phases);
            outcomes.add(outcome);
            if (outcome instanceof StepOutcome.Loaded loaded) {
                groups = loaded.lastGroups();
            } else if (outcome instanceof StepOutcome.Applied applied) {
                groups = applied.lastGroups();
            }
        }
        return plan.halt().map(this::halted).orElse(Ending.COMPLETED);
    }

    /**
     * Runs the step, its time in the sync's phases: a step times some of its phases itself (a batch's read and commit,
     * a load's read), the rest of its time is its main phase's ({@link #mainPhase}), so that a step's phases add up to
     * its time, also when it fails.
     */
    private StepOutcome runStep(SyncStep step, long listedUpTo, TrailingGroups groups, Phases phases) {
        long started = System.nanoTime();
        long timedBefore = phases.totalMs();
        try {
            if (step instanceof SyncStep.Load load) {
                return new LoadTable(context, phases).run(load, listedUpTo, groups);
            }
            if (step instanceof SyncStep.Apply apply) {
                return new ApplyChanges(context, phases).run(apply, listedUpTo, groups);
            }
            if (step instanceof SyncStep.ApplyEvents events) {
                return new ApplyEvents(context, (EventChangeSource) source, phases).run(events, listedUpTo, groups);
            }
            return new EvolveSchema(context).run((SyncStep.EvolveSchema) step, listedUpTo, groups);
        } finally {
            long stepMs = (System.nanoTime() - started) / 1_000_000;
            phases.add(mainPhase(step), Math.max(0, stepMs - (phases.totalMs() - timedBefore)));
        }
    }

    /** The phase a step's time goes to where the step did not time it as another. */
    private static String mainPhase(SyncStep step) {
        if (step instanceof SyncStep.Load) {
            return SyncPhase.LOAD_WRITE;
        }
        return step instanceof SyncStep.EvolveSchema ? SyncPhase.ALIGN : SyncPhase.APPLY;
    }

    private Ending halted(SyncPlan.Halt halt) {
        if (halt instanceof SyncPlan.Skip skip) {
            return new Ending(TableStatus.SKIPPED, skip.code(), skip.reason(), 0);
        }
        if (halt instanceof SyncPlan.Wait wait) {
            return new Ending(TableStatus.WAITING, Reason.RELOAD_IN_PROGRESS, wait.reason(), 0);
        }
        List<io.dmsdelta.dms.InputError> errors = ((SyncPlan.Refuse) halt).errors();
        return new Ending(TableStatus.FAILED, Reason.FILES_REFUSED,
                new BadInputException(context.table().qualifiedName(), errors, errors.size()).getMessage(), 0);
    }

    private static int filesIn(List<SyncStep> steps) {
        return steps.stream().mapToInt(s -> s instanceof SyncStep.Apply apply ? apply.files().size()
                : s instanceof SyncStep.ApplyEvents events ? events.files().size() : 0).sum();
    }

    /**
     * The CDC files of the plan's steps that none of its outcomes (those from {@code planStartedAt} on) covers: what a
     * failure left for the next run. An earlier attempt's outcomes are not in this plan: it was made after them.
     */
    private static int pendingLeft(Optional<SyncPlan> plan, List<StepOutcome> outcomes, int planStartedAt) {
        int done = outcomes.subList(planStartedAt, outcomes.size()).stream().mapToInt(o -> o instanceof StepOutcome.Applied a ? a.files().size()
                : o instanceof StepOutcome.AlreadyApplied a ? a.files().size() : 0).sum();
        return Math.max(0, plan.map(p -> p.pending().size()).orElse(0) - done);
    }

    private boolean waitToRetry(String why, int attempt, Phases phases) {
        long waitMs = 1000L << attempt;
        context.progress(why + "; planning again in " + waitMs / 1000 + " s (attempt " + (attempt + 1) + " of "
                + ATTEMPTS + ")");
        return phases.time(SyncPhase.CONFLICT_WAIT, () -> {
            try {
                Thread.sleep(waitMs);
                return true;
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
