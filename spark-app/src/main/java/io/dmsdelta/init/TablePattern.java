package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;

import java.util.Objects;

/**
 * Which tables a selection or transformation rule applies to: a schema pattern and a table pattern, as in a DMS
 * rule's {@code object-locator}, or as {@code schema.table} on the command line ({@code --include public.%}).
 */
public record TablePattern(NamePattern schema, NamePattern table) {

    /** Every table of every schema: {@code %.%}. */
    public static final TablePattern ALL = new TablePattern(new NamePattern("%"), new NamePattern("%"));

    public TablePattern {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }

    /**
     * @param text {@code schema.table}, split at the first dot (a dot in a schema name cannot be given here)
     * @param option the option it was given to, for the message
     * @throws ConfigException when there is no dot or a side is empty
     */
    public static TablePattern parse(String text, String option) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new ConfigException(option + " " + text + " is not schema.table: give both, with % and _ as"
                    + " wildcards, e.g. public.% (every table of public) or %.orders.");
        }
        return new TablePattern(new NamePattern(text.substring(0, dot)), new NamePattern(text.substring(dot + 1)));
    }

    public boolean matches(TableName name) {
        return schema.matches(name.schema()) && table.matches(name.table());
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
