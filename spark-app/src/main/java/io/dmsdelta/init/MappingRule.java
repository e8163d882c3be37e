package io.dmsdelta.init;

import java.util.Objects;

/**
 * A transformation rule of a DMS task's table mappings, as far as it shapes what DMS writes for a table: the
 * ones init turns into definitions, and the rest, which are reported for the tables they apply to.
 */
public sealed interface MappingRule permits MappingRule.AddChangeSequence, MappingRule.AddBeforeImages,
        MappingRule.Unhandled {

    /** The rule's {@code rule-id} (or its position when it has none), named in notes. */
    String ruleId();

    /** The tables the rule applies to: its {@code object-locator}. */
    TablePattern locator();

    /**
     * {@code add-column} with the expression {@code $AR_H_CHANGE_SEQ}: a column after the source columns holding
     * DMS's change sequence, which orders changes (the table's {@code sequenceColumn}, typed decimal(38,0)).
     *
     * @param column the rule's {@code value}: the column's name
     */
    record AddChangeSequence(String ruleId, TablePattern locator, String column) implements MappingRule {
        public AddChangeSequence {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(column, "column");
        }
    }

    /**
     * {@code add-before-image-columns}: CDC rows also carry the values before an update, in columns named
     * {@code <prefix><column>}.
     *
     * @param prefix the rule's {@code column-prefix} (DMS's default {@code BI_})
     */
    record AddBeforeImages(String ruleId, TablePattern locator, String prefix, BeforeImageFilter filter)
            implements MappingRule {
        public AddBeforeImages {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * A rule init does not turn into definitions (a rename, a removed column, another expression, ...): the
     * tables it applies to are reported, since their files may not look like the source.
     *
     * @param what the rule's type and action, e.g. {@code transformation rename (rule-target column)}
     */
    record Unhandled(String ruleId, TablePattern locator, String what) implements MappingRule {
        public Unhandled {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(locator, "locator");
            Objects.requireNonNull(what, "what");
        }
    }
}
