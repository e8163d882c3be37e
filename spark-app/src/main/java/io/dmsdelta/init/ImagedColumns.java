package io.dmsdelta.init;

import java.util.List;

/** A definition's {@code beforeImageColumns}: which columns a before-image rule writes before-images of. */
public sealed interface ImagedColumns permits ImagedColumns.KeyOnly, ImagedColumns.Listed {

    /** {@code "pk-only"}: the key columns, in table order (the rule's default filter). */
    record KeyOnly() implements ImagedColumns {
    }

    /** The columns, in table order, that the {@code all} or {@code non-lob} filter selects. */
    record Listed(List<String> columns) implements ImagedColumns {
        public Listed {
            columns = List.copyOf(columns);
        }
    }

    ImagedColumns KEY_ONLY = new KeyOnly();
}
