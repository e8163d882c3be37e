package io.dmsdelta.init;

import io.dmsdelta.config.ConfigException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a source table and the task's rules for it into the definition the source gives now: the source columns
 * in DMS's order, then the columns rules add, each with its Spark type; the key; the rule settings. Pure: the
 * comparison with an existing definition is {@link DefinitionDiff}'s job.
 */
public final class DefinitionBuilder {

    /** The type DMS's change sequence is compared as: 35 digits, more than a bigint holds. */
    public static final String CHANGE_SEQUENCE_TYPE = "decimal(38,0)";

    /**
     * @param timestampColumn the endpoint's {@code TimestampColumnName}, which no column may be named
     * @param fromFiles       the columns were read from DMS's files, which already carry the columns rules add
     *                        (and may carry before-image columns), and do not tell which columns are LOBs
     * @param rulesGiven      the task's table mappings were read
     * @param target          the source to write definitions for, when it is not DMS ({@code init --format debezium},
     *                        {@code init --from-dynamodb})
     */
    public record Options(Optional<String> timestampColumn, boolean fromFiles, boolean rulesGiven,
                          Optional<SourceTarget> target) {
        public Options {
            java.util.Objects.requireNonNull(timestampColumn, "timestampColumn");
            java.util.Objects.requireNonNull(target, "target");
        }

        /** Options for DMS definitions. */
        public Options(Optional<String> timestampColumn, boolean fromFiles, boolean rulesGiven) {
            this(timestampColumn, fromFiles, rulesGiven, Optional.empty());
        }
    }

    private DefinitionBuilder() {
    }

    /**
     * @throws ConfigException when {@code --primary-key} or {@code --type} names a column the table does not have,
     *                         or gives a key to a table that has one
     */
    public static Built build(SourceTable source, TableRules rules, Overrides overrides, Options options) {
        TableName name = source.name();
        List<String> notes = new ArrayList<>(source.notes());
        List<SourceColumn> fromSource = new ArrayList<>(source.columns());
        Optional<MappingRule.AddBeforeImages> images = rules.beforeImages();
        if (options.fromFiles() && images.isPresent()) {
            dropBeforeImageColumns(fromSource, images.get().prefix(), notes);
        }
        for (String added : rules.addedColumns()) {
            Optional<SourceColumn> same = fromSource.stream().filter(c -> c.name().equalsIgnoreCase(added)).findFirst();
            if (same.isPresent() && !options.fromFiles()) {
                return new Built.LeftOut(name, "its column " + same.get().name() + " has the name of the column the"
                        + " task's add-column rule adds for " + TableMappings.CHANGE_SEQUENCE + ", so DMS would write two"
                        + " columns of that name: change the rule's value (or rename the column), then run init again.",
                        notes);
            }
            same.ifPresent(fromSource::remove); // the files carry it already: it is the rule's column, typed as one
        }
        List<SourceColumn> columns = new ArrayList<>(fromSource);
        for (String added : rules.addedColumns()) {
            columns.add(new SourceColumn(added, "added by an add-column rule (" + TableMappings.CHANGE_SEQUENCE + ")",
                    MappedType.of(CHANGE_SEQUENCE_TYPE)));
        }
        for (Map.Entry<String, String> type : overrides.types(name).entrySet()) {
            int at = indexOf(columns, type.getKey());
            if (at < 0) {
                throw new ConfigException("--type " + name + "." + type.getKey() + ": table " + name + " has no column "
                        + type.getKey() + " (its columns: " + String.join(", ", names(columns)) + ").");
            }
            SourceColumn column = columns.get(at);
            // a Debezium encoding stays while it can read the type given (variable-scale-decimal for any decimal, say)
            columns.set(at, new SourceColumn(column.name(), column.sourceType(), new MappedType(type.getValue(),
                    Optional.empty(), column.mapped().lob(), false, List.of(),
                    DebeziumTypes.encodingFor(column.mapped(), type.getValue()))));
        }
        List<String> untyped = new ArrayList<>();
        for (SourceColumn column : columns) {
            if (column.mapped().note().equals(Optional.of(MappedType.UNTYPED))) {
                untyped.add(column.name());
            } else {
                column.mapped().note().ifPresent(note -> notes.add("column " + column.name() + ": " + note));
            }
        }
        if (!untyped.isEmpty()) {
            notes.add("declared string, since the CSV header names them without a type: " + String.join(", ", untyped)
                    + ". Give --type " + name + ".<column>=<type> for each that is not text (or edit the types).");
        }
        List<String> key = source.primaryKey();
        Optional<List<String>> given = overrides.key(name);
        if (given.isPresent()) {
            if (!key.isEmpty() && !key.equals(given.get())) {
                throw new ConfigException("--primary-key " + name + "=" + String.join(",", given.get()) + ": the table"
                        + " has the primary key (" + String.join(", ", key) + ") in the source, which init uses;"
                        + " --primary-key is for tables without one.");
            }
            for (String column : given.get()) {
                if (indexOf(columns, column) < 0) {
                    throw new ConfigException("--primary-key " + name + ": table " + name + " has no column " + column
                            + " (its columns: " + String.join(", ", names(columns)) + ").");
                }
            }
            key = given.get();
        }
        if (options.timestampColumn().isPresent()) {
            String timestamp = options.timestampColumn().get();
            Optional<SourceColumn> clash = columns.stream().filter(c -> c.name().equalsIgnoreCase(timestamp)).findFirst();
            if (clash.isPresent()) {
                return new Built.LeftOut(name, "its column " + clash.get().name() + " has the name of the endpoint's"
                        + " TimestampColumnName, which DMS adds as a column of its own (a run refuses the pair):"
                        + " change TimestampColumnName, or rename the column with a DMS rule.", notes);
            }
        }
        List<String> keyColumns = key;
        Optional<Built.BeforeImageSetting> beforeImages = images.map(rule -> new Built.BeforeImageSetting(rule.prefix(),
                imaged(rule.filter(), fromSource, keyColumns)));
        if (images.isPresent() && images.get().filter() == BeforeImageFilter.NON_LOB && options.fromFiles()) {
            notes.add("beforeImageColumns: the files do not tell which columns are LOBs, so every column is listed for"
                    + " the non-lob filter; take the LOB columns out of the list by hand.");
        }
        notes.addAll(rules.notes());
        return new Built.Fresh(name, columns, key, rules.sequenceColumn(), beforeImages, options.rulesGiven(), notes,
                options.target());
    }

    /**
     * The columns a filter writes before-images of, in table order: DMS's LOB types are left out by
     * {@code non-lob}, the key columns never are (a before-image of the key is what dms-delta reads).
     */
    private static ImagedColumns imaged(BeforeImageFilter filter, List<SourceColumn> columns, List<String> key) {
        switch (filter) {
            case PK_ONLY:
                return ImagedColumns.KEY_ONLY;
            case NON_LOB:
                return new ImagedColumns.Listed(columns.stream()
                        .filter(c -> !c.mapped().lob() || key.contains(c.name())).map(SourceColumn::name).toList());
            default:
                return new ImagedColumns.Listed(names(columns));
        }
    }

    /** Files written after a before-image rule carry {@code <prefix><column>} columns: they are not source columns. */
    private static void dropBeforeImageColumns(List<SourceColumn> columns, String prefix, List<String> notes) {
        Set<String> names = new HashSet<>();
        columns.forEach(c -> names.add(c.name().toLowerCase(Locale.ROOT)));
        List<String> dropped = new ArrayList<>();
        columns.removeIf(c -> {
            String lower = c.name().toLowerCase(Locale.ROOT);
            String p = prefix.toLowerCase(Locale.ROOT);
            boolean image = lower.startsWith(p) && lower.length() > p.length() && names.contains(lower.substring(p.length()));
            if (image) {
                dropped.add(c.name());
            }
            return image;
        });
        if (!dropped.isEmpty()) {
            notes.add("before-image columns in the files, not listed as columns: " + String.join(", ", dropped) + ".");
        }
    }

    private static int indexOf(List<SourceColumn> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> names(List<SourceColumn> columns) {
        return columns.stream().map(SourceColumn::name).toList();
    }
}
