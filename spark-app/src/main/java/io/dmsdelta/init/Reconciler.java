package io.dmsdelta.init;

import io.dmsdelta.config.SourceDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, table by table, what init writes: the source's definition for a new table, the merge with the existing
 * definition for a known one (see {@link DefinitionDiff}), nothing for a table without a key. Changes a run would
 * refuse or misread, and definitions of tables no longer selected, block the whole write unless accepted: a
 * definitions file is written whole or not at all. Pure.
 */
public final class Reconciler {

    private Reconciler() {
    }

    /**
     * @param previous the existing definitions ({@code --output} as it was); empty for a first run
     * @param built    one per selected source table
     * @param accept   {@code --accept-changes}: write changes that need a rebuild, drop definitions of tables no
     *                 longer selected
     */
    public static Reconciliation reconcile(List<TableSpec> previous, List<Built> built, boolean accept) {
        return reconcile(previous, built, accept, Optional.empty());
    }

    /**
     * @param target the source init writes definitions for; empty for DMS. Existing definitions that are not
     *               selected and that it does not answer for ({@link SourceTarget#answersFor}: another format, another
     *               DynamoDB table) are kept as they are, neither gone nor removed, so that one file can hold them all
     */
    public static Reconciliation reconcile(List<TableSpec> previous, List<Built> built, boolean accept,
                                           Optional<SourceTarget> target) {
        Map<TableName, TableSpec> before = new LinkedHashMap<>();
        previous.forEach(t -> before.put(t.name(), t));
        List<TableSpec> definitions = new ArrayList<>();
        List<TableOutcome> outcomes = new ArrayList<>();
        for (Built table : built) {
            Optional<TableSpec> existing = Optional.ofNullable(before.remove(table.name()));
            if (table instanceof Built.LeftOut left) {
                if (existing.isPresent()) {
                    definitions.add(existing.get());
                    outcomes.add(new TableOutcome(left.name(), InitStatus.KEPT, "kept as defined: " + left.reason(), left.notes()));
                } else {
                    outcomes.add(new TableOutcome(left.name(), InitStatus.SKIPPED, left.reason(), left.notes()));
                }
            } else if (table instanceof Built.Fresh fresh) {
                if (existing.isPresent()) {
                    compared(existing.get(), fresh, accept, definitions, outcomes);
                } else {
                    added(fresh, definitions, outcomes);
                }
            }
        }
        for (TableSpec gone : before.values()) {
            if (!target.map(t -> t.answersFor(gone)).orElse(gone.format().equals(SourceDefinition.Dms.FORMAT))) {
                definitions.add(gone);
                outcomes.add(new TableOutcome(gone.name(), InitStatus.KEPT, "kept as defined: a " + gone.format()
                        + " definition, which " + target.map(SourceTarget::command).orElse("init --format "
                        + SourceDefinition.Dms.FORMAT) + " leaves as it is.", List.of()));
            } else if (accept) {
                outcomes.add(new TableOutcome(gone.name(), InitStatus.REMOVED, "removed: not selected from the source"
                        + " any more (dropped, renamed, or no longer matched by the selection).", List.of()));
            } else {
                definitions.add(gone);
                outcomes.add(new TableOutcome(gone.name(), InitStatus.GONE, "defined, but not selected from the source"
                        + " any more (dropped, renamed, or no longer matched by the selection): select it again, or"
                        + " give --accept-changes to remove its definition.", List.of()));
            }
        }
        definitions.sort(Comparator.comparing(TableSpec::name));
        outcomes.sort(Comparator.comparing(TableOutcome::name));
        return new Reconciliation(definitions, outcomes);
    }

    private static void added(Built.Fresh fresh, List<TableSpec> definitions, List<TableOutcome> outcomes) {
        if (fresh.primaryKey().isEmpty()) {
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.SKIPPED, "no primary key, so no definition is"
                    + " written (a made-up key could merge different rows into one): add a primary key at the source,"
                    + " or, once you know a unique key, give --primary-key " + fresh.name() + "=<col1,col2,...> or write"
                    + " the definition by hand.", fresh.notes()));
            return;
        }
        TableSpec spec = DefinitionDiff.fresh(fresh);
        Optional<String> problem = DefinitionCheck.problem(spec);
        if (problem.isPresent()) {
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.SKIPPED, "its definition would not be valid, so"
                    + " it is left out: " + problem.get(), fresh.notes()));
            return;
        }
        definitions.add(spec);
        outcomes.add(new TableOutcome(fresh.name(), InitStatus.NEW, spec.columns().size() + " columns, primary key ("
                + String.join(", ", spec.primaryKey()) + ")" + spec.sequenceColumn().map(s -> ", sequence " + s).orElse("")
                + spec.beforeImagePrefix().map(p -> ", before-images " + p + "*").orElse(""), fresh.notes()));
    }

    private static void compared(TableSpec existing, Built.Fresh fresh, boolean accept, List<TableSpec> definitions,
                                 List<TableOutcome> outcomes) {
        DefinitionDiff.Compared compared = DefinitionDiff.compare(existing, fresh);
        List<String> details = new ArrayList<>();
        compared.differences().forEach(d -> details.add(d.describe()));
        details.addAll(compared.notes());
        details.addAll(fresh.notes());
        Optional<String> problem = DefinitionCheck.problem(compared.merged());
        if (problem.isPresent()) {
            definitions.add(existing);
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.KEPT, "kept as defined: the source's definition"
                    + " would not be valid: " + problem.get(), details));
            return;
        }
        if (compared.differences().isEmpty()) {
            definitions.add(compared.merged());
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.UNCHANGED, "matches the source", details));
        } else if (!compared.needsAcceptance()) {
            definitions.add(compared.merged());
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.CHANGED, count(compared) + ", written", details));
        } else if (accept) {
            definitions.add(compared.merged());
            boolean rebuild = compared.differences().stream().anyMatch(Difference::needsRebuild);
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.ACCEPTED, count(compared) + ", written as the"
                    + " source is now (--accept-changes): " + (rebuild ? "rebuild the table" : "rebuild the table if rows"
                    + " could collide under the new key") + " (docs/init.md#changes-that-need-a-rebuild)", details));
        } else {
            definitions.add(existing);
            long blocking = compared.differences().stream().filter(Difference::needsAcceptance).count();
            outcomes.add(new TableOutcome(fresh.name(), InitStatus.NEEDS_ACCEPT, count(compared) + ", " + blocking
                    + " of them needing a rebuild or a new key, which a run refuses or would misread: see"
                    + " docs/init.md#changes-that-need-a-rebuild, then run init again with --accept-changes", details));
        }
    }

    private static String count(DefinitionDiff.Compared compared) {
        int n = compared.differences().size();
        return n + (n == 1 ? " change" : " changes");
    }
}
