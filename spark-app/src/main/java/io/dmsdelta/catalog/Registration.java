package io.dmsdelta.catalog;

import static java.util.Objects.requireNonNull;

/** How registering one table in a catalog ended ({@link TableRegistry#register}). */
public sealed interface Registration {

    /** The entry did not exist; it was created. */
    record Created() implements Registration {
    }

    /** The entry existed and was changed to match the table; {@code change} says what changed. */
    record Updated(String change) implements Registration {
        public Updated {
            requireNonNull(change, "change");
        }
    }

    /** The entry was already right; nothing was written. */
    record Unchanged() implements Registration {
    }

    /**
     * Nothing (more) was written to the catalog; {@code reason} says what was wrong, where, and what to do. The
     * table's data is not affected.
     */
    record Failed(String reason) implements Registration {
        public Failed {
            requireNonNull(reason, "reason");
        }
    }
}
