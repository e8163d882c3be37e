package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a task's transformation rules do to one table's files.
 *
 * @param addedColumns  the columns {@code add-column} rules for {@code $AR_H_CHANGE_SEQ} append, in rule order;
 *                      the first is the table's {@code sequenceColumn}
 * @param beforeImages  the {@code add-before-image-columns} rule that applies, if one does
 * @param notes         rules that apply but are not handled, for the summary
 */
public record TableRules(List<String> addedColumns, Optional<MappingRule.AddBeforeImages> beforeImages,
                         List<String> notes) {

    /** No rule: what a table gets without {@code --table-mappings}. */
    public static final TableRules NONE = new TableRules(List.of(), Optional.empty(), List.of());

    public TableRules {
        addedColumns = List.copyOf(addedColumns);
        Objects.requireNonNull(beforeImages, "beforeImages");
        notes = List.copyOf(notes);
    }

    public Optional<String> sequenceColumn() {
        return addedColumns.stream().findFirst();
    }
}
