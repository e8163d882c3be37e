package io.dmsdelta.source.debezium;

import io.dmsdelta.config.DebeziumSource;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.plan.PlanningRules;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.steps.StepContext;
import io.dmsdelta.source.ChangeSource;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Debezium change events as they land on S3 ({@link EventFiles}): files found by arrival, new ones picked by
 * {@link EventPlanner}, read by {@link EventRecords} and {@link DebeziumEvents}, applied by
 * {@link io.dmsdelta.pipeline.steps.ApplyEvents}.
 */
public final class DebeziumChangeSource implements ChangeSource {

    private final StepContext context;
    private final String sourceRoot;
    private final DebeziumSource source;
    private final EventPlanner planner;

    public DebeziumChangeSource(StepContext context, String sourceRoot, DebeziumSource source, PlanningRules rules) {
        this.context = requireNonNull(context, "context");
        this.sourceRoot = requireNonNull(sourceRoot, "sourceRoot");
        this.source = requireNonNull(source, "source");
        this.planner = new EventPlanner(rules, source.lateArrival());
    }

    @Override
    public String format() {
        return DebeziumSource.FORMAT;
    }

    @Override
    public SyncPlan plan(TableState state, Instant now) {
        Optional<EventFiles.Listing> listed = EventFiles.list(context.storage(), sourceRoot, source);
        listed.ifPresent(files -> context.progress("found " + files.files().size() + " event files of topic "
                + source.topic()));
        return planner.plan(state, listed);
    }
}
