package io.dmsdelta.init;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.config.ConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DMS task's table mappings ({@code --table-mappings}), read as DMS reads them: the selection rules choose the
 * tables (an {@code include} or {@code explicit} rule matches and no {@code exclude} rule does), and the
 * transformation rules that shape the files are turned into definition settings, per table their
 * {@code object-locator} matches. See {@code docs/init.md}.
 *
 * @param selection       the tables the selection rules choose
 * @param transformations the transformation rules, in the order the document lists them
 * @param notes           rules that apply to no table in particular and are not handled (other rule types)
 */
public record TableMappings(TableSelection selection, List<MappingRule> transformations, List<String> notes) {

    /** The expression of DMS's change sequence number, which init turns into a sequence column. */
    public static final String CHANGE_SEQUENCE = "$AR_H_CHANGE_SEQ";

    /** DMS's {@code column-prefix} when a before-image rule gives none. */
    public static final String DEFAULT_BEFORE_IMAGE_PREFIX = "BI_";

    private static final ObjectMapper JSON = new ObjectMapper();

    public TableMappings {
        Objects.requireNonNull(selection, "selection");
        transformations = List.copyOf(transformations);
        notes = List.copyOf(notes);
    }

    /**
     * @param json   the table-mappings document
     * @param origin where it came from, for messages
     * @throws ConfigException naming the rule (by its {@code rule-id}) that cannot be read, selects nothing, or
     *                         asks for what dms-delta cannot read (a before-image {@code column-suffix})
     */
    public static TableMappings parse(String json, String origin) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Table mappings " + origin + " are not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new ConfigException("Table mappings " + origin + " have no \"rules\" array; give the task's"
                    + " table-mappings document (the JSON passed to aws dms create-replication-task --table-mappings).");
        }
        List<TablePattern> include = new ArrayList<>();
        List<TablePattern> exclude = new ArrayList<>();
        List<MappingRule> transformations = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = new Rule(rules.get(i), i, origin);
            switch (rule.text("rule-type").orElse("")) {
                case "selection" -> {
                    String action = rule.required("rule-action");
                    switch (action) {
                        case "include" -> include.add(rule.locator(false));
                        case "explicit" -> include.add(rule.locator(true));
                        case "exclude" -> exclude.add(rule.locator(false));
                        default -> throw rule.problem("has rule-action \"" + action + "\"; a selection rule's action is"
                                + " include, exclude or explicit");
                    }
                }
                case "transformation" -> transformations.add(transformation(rule));
                default -> notes.add("rule " + rule.id() + " (rule-type " + rule.text("rule-type").orElse("missing")
                        + ") is not handled by init: it does not change the definitions it writes.");
            }
        }
        if (include.isEmpty()) {
            throw new ConfigException("Table mappings " + origin + " select no tables: DMS needs at least one selection"
                    + " rule with rule-action include (or explicit), and so does init.");
        }
        return new TableMappings(new TableSelection(include, exclude), transformations, notes);
    }

    /** What the transformation rules do to {@code table}'s files: rules whose locator does not match do nothing. */
    public TableRules rulesFor(TableName table) {
        List<String> added = new ArrayList<>();
        Optional<MappingRule.AddBeforeImages> beforeImages = Optional.empty();
        List<String> notes = new ArrayList<>();
        for (MappingRule rule : transformations) {
            if (!rule.locator().matches(table)) {
                continue;
            }
            if (rule instanceof MappingRule.AddChangeSequence add) {
                if (added.contains(add.column())) {
                    notes.add("rule " + add.ruleId() + " adds " + add.column() + " again; it is listed once.");
                } else {
                    added.add(add.column());
                }
            } else if (rule instanceof MappingRule.AddBeforeImages images) {
                if (beforeImages.isPresent()) {
                    notes.add("rule " + images.ruleId() + " is a second add-before-image-columns rule for the table;"
                            + " only rule " + beforeImages.get().ruleId() + " is used.");
                } else {
                    beforeImages = Optional.of(images);
                }
            } else if (rule instanceof MappingRule.Unhandled unhandled) {
                notes.add("rule " + unhandled.ruleId() + " (" + unhandled.what() + ") applies to this table but is not"
                        + " handled by init: check that the definition matches what DMS writes, and adjust it by hand.");
            }
        }
        return new TableRules(added, beforeImages, notes);
    }

    private static MappingRule transformation(Rule rule) {
        String action = rule.required("rule-action");
        String target = rule.text("rule-target").orElse("");
        TablePattern locator = rule.locator(false);
        if (action.equals("add-column") && rule.text("expression").filter(CHANGE_SEQUENCE::equalsIgnoreCase).isPresent()) {
            String column = rule.text("value").filter(v -> !v.isBlank()).orElseThrow(() -> rule.problem(
                    "adds " + CHANGE_SEQUENCE + " but has no \"value\", the name of the column it adds"));
            return new MappingRule.AddChangeSequence(rule.id(), locator, column);
        }
        if (action.equals("add-before-image-columns")) {
            JsonNode def = rule.node.path("before-image-def");
            String prefix = text(def, "column-prefix").orElse(DEFAULT_BEFORE_IMAGE_PREFIX);
            String suffix = text(def, "column-suffix").orElse("");
            if (!suffix.isEmpty()) {
                throw rule.problem("adds before-image columns with column-suffix \"" + suffix + "\"; dms-delta finds"
                        + " before-image columns by their prefix alone, so it cannot read them. Use a column-prefix"
                        + " and an empty column-suffix in the task (docs/dms-setup.md)");
            }
            if (prefix.isEmpty()) {
                throw rule.problem("adds before-image columns with an empty column-prefix; dms-delta finds them by"
                        + " their prefix, so give one (DMS's default is BI_)");
            }
            String filterText = text(def, "column-filter").orElse(BeforeImageFilter.PK_ONLY.text());
            BeforeImageFilter filter = BeforeImageFilter.of(filterText).orElseThrow(() -> rule.problem(
                    "has column-filter \"" + filterText + "\"; DMS's filters are pk-only, non-lob and all"));
            return new MappingRule.AddBeforeImages(rule.id(), locator, prefix, filter);
        }
        String what = "transformation " + action + (target.isEmpty() ? "" : " (rule-target " + target + ")")
                + rule.text("expression").map(e -> ", expression " + e).orElse("");
        return new MappingRule.Unhandled(rule.id(), locator, what);
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? Optional.empty() : Optional.of(value.asText());
    }

    /** One entry of {@code rules}, with messages that name it. */
    private record Rule(JsonNode node, int index, String origin) {

        String id() {
            return text("rule-id").orElse("#" + (index + 1));
        }

        Optional<String> text(String field) {
            return TableMappings.text(node, field);
        }

        String required(String field) {
            return text(field).orElseThrow(() -> problem("has no \"" + field + "\""));
        }

        /**
         * The {@code object-locator}; a transformation rule on a schema may leave out the table name. An
         * {@code explicit} selection names one table, so its wildcard characters are taken literally.
         */
        TablePattern locator(boolean literal) {
            JsonNode locator = node.get("object-locator");
            if (locator == null || !locator.isObject()) {
                throw problem("has no \"object-locator\"");
            }
            String schema = TableMappings.text(locator, "schema-name").filter(s -> !s.isEmpty())
                    .orElseThrow(() -> problem("has no object-locator schema-name"));
            String table = TableMappings.text(locator, "table-name").filter(s -> !s.isEmpty()).orElse("%");
            return new TablePattern(new NamePattern(literal ? escaped(schema) : schema),
                    new NamePattern(literal ? escaped(table) : table));
        }

        private static String escaped(String name) {
            return name.replace("[", "[[]").replace("%", "[%]").replace("_", "[_]");
        }

        ConfigException problem(String what) {
            return new ConfigException("Table mappings " + origin + ": rule " + id() + " " + what + ".");
        }
    }
}
