package io.dmsdelta.pipeline.steps;

import io.dmsdelta.delta.DeltaCommitter;
import io.dmsdelta.delta.DeltaDdl;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.delta.WatermarkChange;
import io.dmsdelta.dms.TrailingGroups;
import io.dmsdelta.merge.SchemaEvolution;
import io.dmsdelta.pipeline.plan.SyncStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** With nothing pending, brings the Delta table's columns up to its definition (a commit only when it gained some). */
public final class EvolveSchema implements StepRunner<SyncStep.EvolveSchema> {

    private final StepContext context;

    public EvolveSchema(StepContext context) {
        this.context = context;
    }

    @Override
    public StepOutcome run(SyncStep.EvolveSchema step, long listedUpTo, TrailingGroups previous) {
        List<String> warnings = alignWithDefinition(context).warnings();
        context.progress("no pending CDC files; the table is up to date");
        return new StepOutcome.SchemaChecked(warnings);
    }

    /**
     * What aligning the table did.
     *
     * @param warnings one for each change
     * @param table    the table as aligning it left it (opened again when aligning committed)
     */
    record Alignment(List<String> warnings, DeltaTableHandle table) {
        Alignment {
            warnings = List.copyOf(warnings);
        }
    }

    /**
     * Brings the Delta table in line with its definition: the columns it gained, and deletion vectors when the
     * definition says so explicitly (a table without the setting keeps what it has).
     */
    static Alignment alignWithDefinition(StepContext context) {
        DeltaTableHandle table = DeltaTableHandle.open(context.spark(), context.target());
        List<String> warnings = new ArrayList<>(addDefinedColumns(context, table));
        Optional<Boolean> wanted = context.table().deletionVectors();
        if (wanted.isPresent() && wanted.get() != table.deletionVectorsEnabled()) {
            String change = wanted.get()
                    ? "deletion vectors turned on (readers now need Delta reader version 3), as the definition says"
                    : "deletion vectors turned off, as the definition says: batches are applied with MERGE from now on"
                    + " and vectors already written go when dms-delta optimize rewrites the table; readers still need"
                    + " deletion-vector support (Delta reader version 3), as the table's protocol keeps the feature"
                    + " (Delta Lake 3.3 cannot drop it; see 'Deletion vectors and readers' in docs/operations.md)";
            DeltaTableHandle before = table;
            DeltaCommitter.run(before, new WatermarkChange.Keep(), "dms-delta: " + change, () -> DeltaDdl.setProperties(
                    before, Map.of(DeltaTableHandle.DELETION_VECTORS, wanted.get().toString())));
            context.progress(change);
            warnings.add(change);
        }
        return new Alignment(warnings, warnings.isEmpty() ? table : DeltaTableHandle.open(context.spark(), context.target()));
    }

    /** Adds the columns the definition gained to the Delta table; a warning for each such change. */
    private static List<String> addDefinedColumns(StepContext context, DeltaTableHandle table) {
        List<String> added = SchemaEvolution.addMissingColumns(table,
                context.table().storedSchema(context.settings().timestampColumnName()));
        if (added.isEmpty()) {
            return List.of();
        }
        context.progress("added column(s) " + String.join(", ", added));
        return List.of("added column(s) " + String.join(", ", added) + " to the table: the definition gained them");
    }
}
