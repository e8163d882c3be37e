package io.dmsdelta.init;

import java.util.List;
import java.util.Optional;

/**
 * One way a table's definition from the source differs from the existing definition. Some are written as they
 * are (a column added at the end, a rule setting); the others change what the table's files or its Delta table
 * look like in a way {@code run} refuses or would misread, and are written only with {@code --accept-changes}.
 */
public sealed interface Difference permits Difference.ColumnAdded, Difference.ColumnAddedInside,
        Difference.RequiredColumnAdded, Difference.ColumnRemoved, Difference.TypeChanged,
        Difference.ColumnsReordered, Difference.KeyChanged, Difference.SettingChanged, Difference.SourceChanged,
        Difference.SourceSettingChanged {

    /** For the summary. */
    String describe();

    /**
     * The files written before the change and after it have different layouts, or the Delta table's columns no
     * longer fit: the table must be rebuilt (reloaded in DMS, its Delta table removed).
     */
    default boolean needsRebuild() {
        return true;
    }

    /** Written only with {@code --accept-changes}. */
    default boolean needsAcceptance() {
        return needsRebuild();
    }

    /** A column added after every existing one: files without it still read, so it is marked {@code addedLater}. */
    record ColumnAdded(String column, String type) implements Difference {
        @Override
        public String describe() {
            return "column " + column + " " + type + " added at the end (addedLater: files without it still apply)";
        }

        @Override
        public boolean needsRebuild() {
            return false;
        }
    }

    /** A column added before existing ones: headerless files written before and after do not line up. */
    record ColumnAddedInside(String column, String type, String before) implements Difference {
        @Override
        public String describe() {
            return "column " + column + " " + type + " added before " + before + ", not at the end: files written"
                    + " before and after it have other layouts, which one definition cannot describe (needs a rebuild)";
        }
    }

    /** A new key or sequence column: every file must carry one, so it cannot be {@code addedLater}. */
    record RequiredColumnAdded(String column, String role) implements Difference {
        @Override
        public String describe() {
            return "column " + column + " added as the " + role + ", which every file must carry, but the files"
                    + " written before it lack it (needs a rebuild)";
        }
    }

    record ColumnRemoved(String column, String type) implements Difference {
        @Override
        public String describe() {
            return "column " + column + " " + type + " removed: the Delta table still has it, and run never drops a"
                    + " column (needs a rebuild)";
        }
    }

    record TypeChanged(String column, String from, String to) implements Difference {
        @Override
        public String describe() {
            return "column " + column + " changed type from " + from + " to " + to + ": run refuses a Delta column"
                    + " whose type changed (needs a rebuild)";
        }
    }

    record ColumnsReordered(List<String> from, List<String> to) implements Difference {
        public ColumnsReordered {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }

        @Override
        public String describe() {
            return "columns reordered from (" + String.join(", ", from) + ") to (" + String.join(", ", to) + "):"
                    + " headerless files written before and after do not line up (needs a rebuild)";
        }
    }

    /** Changes are merged by key: rows merged under the old key are not re-keyed. */
    record KeyChanged(List<String> from, List<String> to) implements Difference {
        public KeyChanged {
            from = List.copyOf(from);
            to = List.copyOf(to);
        }

        @Override
        public String describe() {
            return "primary key changed from (" + String.join(", ", from) + ") to (" + String.join(", ", to) + "):"
                    + " changes are merged by key, so rebuild the table once the new definition is written";
        }

        @Override
        public boolean needsRebuild() {
            return false;
        }

        @Override
        public boolean needsAcceptance() {
            return true;
        }
    }

    /** A setting the task's table mappings give differently now ({@code sequenceColumn}, before-images). */
    record SettingChanged(String setting, String from, String to) implements Difference {
        @Override
        public String describe() {
            return setting + " " + from + " -> " + to + " (from the table mappings)";
        }

        @Override
        public boolean needsRebuild() {
            return false;
        }
    }

    /**
     * The table was defined for another change source ({@code dms} and {@code debezium}): the Delta table was built
     * from other files, with other bookkeeping (a Debezium table keeps each row's sequence).
     */
    record SourceChanged(String from, String to) implements Difference {
        @Override
        public String describe() {
            return "source " + from + " -> " + to + ": the table was defined for another change source (needs a rebuild;"
                    + " to keep the definition as it is, leave the table out with --exclude)";
        }
    }

    /**
     * A setting of a source that init writes (Debezium's {@code topicPrefix} and {@code connector}, a DynamoDB
     * table's {@code folder}, {@code shape}, ...) is different on the command line now. A new topic prefix or folder
     * is read from the next run on; another connector or shape orders changes by another sequence, which the stored
     * rows' cannot be compared with.
     *
     * @param rebuild why the change needs a rebuild; empty when it does not
     */
    record SourceSettingChanged(String setting, String from, String to, Optional<String> rebuild) implements Difference {
        public SourceSettingChanged {
            java.util.Objects.requireNonNull(rebuild, "rebuild");
        }

        @Override
        public String describe() {
            return "source " + setting + " " + from + " -> " + to
                    + rebuild.map(why -> " (" + why + ": needs a rebuild)").orElse(" (from the command line)");
        }

        @Override
        public boolean needsRebuild() {
            return rebuild.isPresent();
        }
    }
}
