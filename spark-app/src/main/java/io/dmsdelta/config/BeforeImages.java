package io.dmsdelta.config;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The before-image columns a DMS {@code add-before-image-columns} rule appends to each row: one per column its
 * filter selects, named {@code <prefix><column>}. Only the key columns' before-images are used (they tell which
 * row a key-changing update moves); the others are read past.
 *
 * @param prefix    the rule's {@code column-prefix}, e.g. {@code BI_}
 * @param columns   the columns the rule writes before-images of, in the order the files carry them: the key
 *                  columns in table order for the {@code pk-only} filter, or the list a definition gives for
 *                  the other filters; always includes every key column
 * @param fromNanos when set, the write time (as in CDC file names) of the first CDC file the rule applied to:
 *                  CDC files named earlier have no before-image columns, later ones have them. Without it the
 *                  width of each file decides (see {@code FileLayouts})
 */
public record BeforeImages(String prefix, List<String> columns, Optional<Long> fromNanos) {

    public BeforeImages {
        requireNonNull(prefix, "prefix");
        columns = List.copyOf(columns);
        requireNonNull(fromNanos, "fromNanos");
    }

    /** How many fields the before-image columns take in a headerless file that has them. */
    public int width() {
        return columns.size();
    }
}
