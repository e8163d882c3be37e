package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;
import io.dmsdelta.report.Progress;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One {@code dms-delta init}: the selected tables are read from the source one by one (progress on standard
 * error), each is turned into a definition with the task's rules and the command line's keys and types, and the
 * lot is reconciled with the existing definitions. Writing the file is the command's job.
 */
public final class InitRun {

    /**
     * @param selection which tables: {@code --include}/{@code --exclude}, or the mappings' selection rules
     * @param mappings  the task's table mappings, when given
     * @param overrides {@code --primary-key} and {@code --type}
     * @param options   how the columns were found and the endpoint's {@code TimestampColumnName}
     * @param previous  the existing definitions; empty on a first run
     * @param accept    {@code --accept-changes}
     */
    public record Request(TableSelection selection, Optional<TableMappings> mappings, Overrides overrides,
                          DefinitionBuilder.Options options, List<TableSpec> previous, boolean accept) {
        public Request {
            Objects.requireNonNull(selection, "selection");
            Objects.requireNonNull(mappings, "mappings");
            Objects.requireNonNull(overrides, "overrides");
            Objects.requireNonNull(options, "options");
            previous = List.copyOf(previous);
        }
    }

    /**
     * @param available how many tables the source has to select from
     * @param selected  how many the selection chose
     */
    public record Result(Reconciliation reconciliation, int available, int selected) {
        public Result {
            Objects.requireNonNull(reconciliation, "reconciliation");
        }
    }

    private InitRun() {
    }

    /**
     * @throws ConfigException when the selection matches no table, or {@code --primary-key} / {@code --type} name a
     *                         table that is not selected or a column it lacks
     * @throws Exception       when the source cannot be read (a database error, an unreadable file)
     */
    public static Result run(SourceCatalog catalog, Request request, Progress progress) throws Exception {
        List<TableName> available = catalog.tables();
        List<TableName> selected = available.stream().filter(request.selection()::selects).toList();
        if (selected.isEmpty()) {
            throw new ConfigException("No table of " + catalog.describe() + " matches the selection ("
                    + request.selection() + "); it has " + available.size() + " tables" + (available.isEmpty() ? ""
                    : ", e.g. " + available.get(0)) + ". Names match case-sensitively, as the source spells them.");
        }
        Set<TableName> unknown = new TreeSet<>(request.overrides().tables());
        unknown.removeAll(selected);
        if (!unknown.isEmpty()) {
            throw new ConfigException("--primary-key or --type names " + unknown + ", which "
                    + (unknown.size() == 1 ? "is" : "are") + " not among the selected tables of " + catalog.describe() + ".");
        }
        List<Built> built = new ArrayList<>();
        for (int i = 0; i < selected.size(); i++) {
            TableName name = selected.get(i);
            progress.table(name.qualified(), "reading (table " + (i + 1) + " of " + selected.size() + ")");
            TableRules rules = request.mappings().map(m -> m.rulesFor(name)).orElse(TableRules.NONE);
            SourceTable table;
            try {
                table = catalog.read(name);
            } catch (TableNotReadable e) {
                built.add(new Built.LeftOut(name, e.getMessage(), List.of()));
                continue;
            }
            built.add(DefinitionBuilder.build(table, rules, request.overrides(), request.options()));
        }
        Reconciliation reconciliation = Reconciler.reconcile(request.previous(), built, request.accept(),
                request.options().target());
        return new Result(reconciliation, available.size(), selected.size());
    }
}
