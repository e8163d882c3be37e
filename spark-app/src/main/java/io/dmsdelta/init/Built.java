package io.dmsdelta.init;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What init makes of one selected source table: a definition to write (or compare), or a reason to leave it out. */
public sealed interface Built permits Built.Fresh, Built.LeftOut {

    TableName name();

    /**
     * The definition the source gives now, before it is compared with an existing one.
     *
     * @param columns         the columns in DMS's order: the source's, then those rules add, each with its mapping
     * @param primaryKey      empty when the source has none: an existing definition's key may stand in, else the
     *                        table is left out
     * @param sequenceColumn  from an {@code add-column $AR_H_CHANGE_SEQ} rule
     * @param beforeImages    from an {@code add-before-image-columns} rule: the prefix and the columns
     * @param rulesGiven      the task's table mappings were read, so the rule settings above are the task's own
     *                        (without them an existing definition's are kept)
     * @param notes           for the summary: types to check, rules not handled, how the columns were found
     * @param target          the source the definition is for, when it is not DMS: Debezium's topic prefix and
     *                        connector, a DynamoDB table's settings
     */
    record Fresh(TableName name, List<SourceColumn> columns, List<String> primaryKey, Optional<String> sequenceColumn,
                 Optional<BeforeImageSetting> beforeImages, boolean rulesGiven, List<String> notes,
                 Optional<SourceTarget> target) implements Built {
        public Fresh {
            Objects.requireNonNull(name, "name");
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            Objects.requireNonNull(sequenceColumn, "sequenceColumn");
            Objects.requireNonNull(beforeImages, "beforeImages");
            notes = List.copyOf(notes);
            Objects.requireNonNull(target, "target");
        }

        /** A table for DMS. */
        public Fresh(TableName name, List<SourceColumn> columns, List<String> primaryKey, Optional<String> sequenceColumn,
                     Optional<BeforeImageSetting> beforeImages, boolean rulesGiven, List<String> notes) {
            this(name, columns, primaryKey, sequenceColumn, beforeImages, rulesGiven, notes, Optional.empty());
        }

        /** {@code dms}, {@code debezium}, ...: the format of the definition to write. */
        public String format() {
            return target.map(SourceTarget::format).orElse(io.dmsdelta.config.SourceDefinition.Dms.FORMAT);
        }

        public Optional<SourceColumn> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }

        public List<String> columnNames() {
            return columns.stream().map(SourceColumn::name).toList();
        }
    }

    /** A table no definition is written for, and what to do about it. */
    record LeftOut(TableName name, String reason, List<String> notes) implements Built {
        public LeftOut {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
            notes = List.copyOf(notes);
        }
    }

    /** A before-image rule as a definition states it. */
    record BeforeImageSetting(String prefix, ImagedColumns columns) {
        public BeforeImageSetting {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(columns, "columns");
        }
    }
}
