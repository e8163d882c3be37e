package io.dmsdelta.init;

import java.util.List;

/**
 * Which source tables to define, read the way DMS reads selection rules: a table is selected when an include
 * pattern matches it and no exclude pattern does, whatever the order the patterns were given in.
 *
 * @param include at least one pattern
 * @param exclude patterns that take tables out again; may be empty
 */
public record TableSelection(List<TablePattern> include, List<TablePattern> exclude) {

    public TableSelection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
        if (include.isEmpty()) {
            throw new IllegalArgumentException("a selection needs at least one include pattern");
        }
    }

    public boolean selects(TableName name) {
        return include.stream().anyMatch(p -> p.matches(name)) && exclude.stream().noneMatch(p -> p.matches(name));
    }

    @Override
    public String toString() {
        return String.join(", ", include.stream().map(TablePattern::toString).toList())
                + (exclude.isEmpty() ? "" : ", except " + String.join(", ", exclude.stream().map(TablePattern::toString).toList()));
    }
}
