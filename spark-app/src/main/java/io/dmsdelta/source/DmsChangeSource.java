package io.dmsdelta.source;

import io.dmsdelta.config.SourceDefinition;
import io.dmsdelta.dms.TableFiles;
import io.dmsdelta.merge.TableState;
import io.dmsdelta.pipeline.SourceFiles;
import io.dmsdelta.pipeline.SourceSelection;
import io.dmsdelta.pipeline.plan.SyncPlan;
import io.dmsdelta.pipeline.plan.SyncPlanner;
import io.dmsdelta.pipeline.steps.StepContext;

import java.time.Instant;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * AWS DMS: the table's {@code <schema>/<table>/} folder (and {@code CDC_TXN} files), LOAD files loaded as a snapshot,
 * CDC files applied once each in the order of their names ({@link SyncPlanner}).
 */
public final class DmsChangeSource implements ChangeSource {

    private final StepContext context;
    private final SourceSelection source;
    private final SyncPlanner planner;

    public DmsChangeSource(StepContext context, SourceSelection source, SyncPlanner planner) {
        this.context = requireNonNull(context, "context");
        this.source = requireNonNull(source, "source");
        this.planner = requireNonNull(planner, "planner");
    }

    @Override
    public String format() {
        return SourceDefinition.Dms.FORMAT;
    }

    @Override
    public SyncPlan plan(TableState state, Instant now) {
        Optional<TableFiles> listed = SourceFiles.of(context.storage(), context.settings(), source, context.table());
        listed.ifPresent(files -> context.progress("found " + files.loadFiles().size() + " LOAD and "
                + files.cdcFiles().size() + " CDC files for the table"));
        return planner.plan(state, listed, source.tableFolder(context.table()), now);
    }
}
