package io.dmsdelta.pipeline.steps;

import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.SchemaEvolution;
import io.dmsdelta.pipeline.plan.SyncStep;

import java.util.List;

/** With nothing pending, brings the Delta table's columns up to its definition (a commit only when it gained some). */
public final class EvolveSchema implements StepRunner<SyncStep.EvolveSchema> {

    private final StepContext context;

    public EvolveSchema(StepContext context) {
        this.context = context;
    }

    @Override
    public StepOutcome run(SyncStep.EvolveSchema step, long listedUpTo, TrailingGroups previous) {
        List<String> warnings = addDefinedColumns(context);
        context.progress("no pending CDC files; the table is up to date");
        return new StepOutcome.SchemaChecked(warnings);
    }

    /** Adds the columns the definition gained to the Delta table; a warning for each such change. */
    static List<String> addDefinedColumns(StepContext context) {
        List<String> added = SchemaEvolution.addMissingColumns(context.spark(), context.target(),
                context.table().storedSchema(context.settings().timestampColumnName()));
        if (added.isEmpty()) {
            return List.of();
        }
        context.progress("added column(s) " + String.join(", ", added));
        return List.of("added column(s) " + String.join(", ", added) + " to the table: the definition gained them");
    }
}
