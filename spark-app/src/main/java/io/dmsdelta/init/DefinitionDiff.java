package io.dmsdelta.init;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.dmsdelta.config.DynamoDbSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a table's existing definition with the one its source gives now, and merges them: the source decides
 * columns, types and key; what a person set stays ({@code sequenceColumn}, the before-image settings,
 * {@code ignoreUnknownColumns}, {@code addedLater} marks, and a type set by hand where the mapping only guessed),
 * except where the task's table mappings, when read, say otherwise. Pure.
 */
public final class DefinitionDiff {

    /**
     * @param differences what changed, in column order then key then settings; empty when nothing did
     * @param merged      the definition to write: new trailing columns marked {@code addedLater}; after a change that
     *                    needs a rebuild, the source's layout as it is now, without {@code addedLater} marks (a
     *                    rebuild starts from files that all have it)
     * @param notes       for the summary: what was kept and why
     */
    public record Compared(List<Difference> differences, TableSpec merged, List<String> notes) {
        public Compared {
            differences = List.copyOf(differences);
            Objects.requireNonNull(merged, "merged");
            notes = List.copyOf(notes);
        }

        public boolean needsAcceptance() {
            return differences.stream().anyMatch(Difference::needsAcceptance);
        }
    }

    private DefinitionDiff() {
    }

    /** The definition of a table no definition existed for: the source's, as it is. */
    public static TableSpec fresh(Built.Fresh fresh) {
        return new TableSpec(fresh.name(), fresh.primaryKey(),
                fresh.columns().stream().map(c -> new ColumnSpec(c.name(), c.mapped().type(), false)).toList(),
                fresh.sequenceColumn(), fresh.beforeImages().map(Built.BeforeImageSetting::prefix),
                fresh.beforeImages().map(Built.BeforeImageSetting::columns), Optional.empty(), false,
                fresh.target().map(target -> freshSource(target, fresh)));
    }

    private static SourceSpec freshSource(SourceTarget target, Built.Fresh fresh) {
        return target instanceof DebeziumTarget debezium ? DebeziumSpec.of(debezium, freshEncodings(fresh))
                : ((DynamoDbTarget) target).spec();
    }

    /** The encodings the source's columns give, by column, in column order. */
    private static Map<String, String> freshEncodings(Built.Fresh fresh) {
        Map<String, String> encodings = new LinkedHashMap<>();
        fresh.columns().forEach(c -> c.mapped().encoding().ifPresent(e -> encodings.put(c.name(), e)));
        return encodings;
    }

    public static Compared compare(TableSpec previous, Built.Fresh fresh) {
        if (!previous.format().equals(fresh.format())) {
            TableSpec now = fresh(fresh);
            List<String> notes = new ArrayList<>();
            if (now.primaryKey().isEmpty()) {
                now = new TableSpec(now.name(), previous.primaryKey(), now.columns(), now.sequenceColumn(),
                        now.beforeImagePrefix(), now.beforeImageColumns(), now.beforeImagesFrom(),
                        now.ignoreUnknownColumns(), now.source());
                notes.add("primary key (" + String.join(", ", previous.primaryKey()) + ") kept from the existing"
                        + " definition: the source has none.");
            }
            return new Compared(List.of(new Difference.SourceChanged(previous.format(), fresh.format())), now, notes);
        }
        List<String> notes = new ArrayList<>();
        Optional<DynamoDbTarget> dynamoDb = fresh.target().filter(DynamoDbTarget.class::isInstance)
                .map(DynamoDbTarget.class::cast);
        List<SourceColumn> now = new ArrayList<>(dynamoDb.isPresent()
                ? sampled(previous, fresh.columns(), notes) : fresh.columns());
        if (!fresh.rulesGiven() && previous.sequenceColumn().isPresent()) {
            // A sequence column added by a rule is no source column: without the task's mappings, it stays as set.
            String sequence = previous.sequenceColumn().get();
            previous.column(sequence).filter(c -> fresh.column(sequence).isEmpty()).ifPresent(c -> {
                now.add(new SourceColumn(c.name(), "kept", MappedType.of(c.type())));
                notes.add("column " + c.name() + ": kept as the sequence column, which the source does not have (a DMS"
                        + " rule adds it; give --table-mappings to check it against the task).");
            });
        }
        List<String> key = fresh.primaryKey();
        if (key.isEmpty()) {
            key = previous.primaryKey();
            notes.add("primary key (" + String.join(", ", key) + ") kept from the existing definition: the source has none.");
        }
        if (dynamoDb.isPresent() && !dynamoDb.get().keyOrderKnown() && !key.equals(previous.primaryKey())
                && key.size() == previous.primaryKey().size() && key.containsAll(previous.primaryKey())) {
            key = previous.primaryKey();
            notes.add("primary key (" + String.join(", ", key) + ") in the order of the existing definition: records"
                    + " do not tell the partition key from the sort key.");
        }
        Optional<String> sequence = sequence(previous, fresh, now);
        Optional<String> prefix = previous.beforeImagePrefix();
        Optional<ImagedColumns> imaged = previous.beforeImageColumns();
        Optional<String> imagesFrom = previous.beforeImagesFrom();
        if (fresh.rulesGiven() && fresh.beforeImages().isPresent()) {
            Built.BeforeImageSetting rule = fresh.beforeImages().get();
            boolean samePrefix = prefix.equals(Optional.of(rule.prefix()));
            imagesFrom = samePrefix ? previous.beforeImagesFrom() : Optional.empty();
            // "pk-only" is also what a definition without beforeImageColumns means: keep it as it was written
            boolean sameColumns = samePrefix && imaged.orElse(ImagedColumns.KEY_ONLY).equals(rule.columns());
            prefix = Optional.of(rule.prefix());
            imaged = sameColumns ? imaged : Optional.of(rule.columns());
        }
        List<String> nowNames = now.stream().map(SourceColumn::name).toList();
        imaged = imaged.map(c -> c instanceof ImagedColumns.Listed listed
                ? new ImagedColumns.Listed(listed.columns().stream().filter(nowNames::contains).toList()) : c);

        List<Difference> differences = new ArrayList<>();
        Set<String> previousNames = new HashSet<>(previous.columnNames());
        List<String> types = new ArrayList<>();
        for (ColumnSpec column : previous.columns()) {
            if (!nowNames.contains(column.name())) {
                differences.add(new Difference.ColumnRemoved(column.name(), column.type()));
            }
        }
        for (SourceColumn column : now) {
            Optional<ColumnSpec> before = previous.column(column.name());
            String type = column.mapped().type();
            if (before.isPresent()) {
                String was = before.get().type();
                if (column.mapped().accepts(was)) {
                    if (!MappedType.sameType(was, type)) {
                        notes.add("column " + column.name() + ": keeps its type " + was + " (set by hand; from source type "
                                + column.sourceType() + " init would declare " + type + ").");
                    }
                    type = was;
                } else {
                    differences.add(new Difference.TypeChanged(column.name(), was, type));
                }
            }
            types.add(type);
        }
        List<String> kept = previous.columnNames().stream().filter(nowNames::contains).toList();
        List<String> keptNow = nowNames.stream().filter(previousNames::contains).toList();
        if (!kept.equals(keptNow)) {
            differences.add(new Difference.ColumnsReordered(kept, keptNow));
        }
        int lastKept = -1;
        for (int i = 0; i < nowNames.size(); i++) {
            if (previousNames.contains(nowNames.get(i))) {
                lastKept = i;
            }
        }
        for (int i = 0; i < now.size(); i++) {
            String name = nowNames.get(i);
            if (previousNames.contains(name)) {
                continue;
            }
            if (i < lastKept) {
                String before = nowNames.subList(i + 1, nowNames.size()).stream().filter(previousNames::contains)
                        .findFirst().orElseThrow();
                differences.add(new Difference.ColumnAddedInside(name, types.get(i), before));
            } else if (key.contains(name) || sequence.equals(Optional.of(name))) {
                differences.add(new Difference.RequiredColumnAdded(name, key.contains(name) ? "key column" : "sequenceColumn"));
            } else {
                differences.add(new Difference.ColumnAdded(name, types.get(i)));
            }
        }
        if (!key.equals(previous.primaryKey())) {
            differences.add(new Difference.KeyChanged(previous.primaryKey(), key));
        }
        setting(differences, "sequenceColumn", previous.sequenceColumn(), sequence);
        setting(differences, "beforeImagePrefix", previous.beforeImagePrefix(), prefix);
        setting(differences, "beforeImageColumns", imagedSetting(previous.beforeImagePrefix(), previous.beforeImageColumns()),
                imagedSetting(prefix, imaged));

        boolean rebuild = differences.stream().anyMatch(Difference::needsRebuild);
        List<ColumnSpec> columns = new ArrayList<>();
        for (int i = 0; i < now.size(); i++) {
            String name = nowNames.get(i);
            boolean addedLater = !rebuild && previous.column(name).map(ColumnSpec::addedLater).orElse(true);
            columns.add(new ColumnSpec(name, types.get(i), addedLater));
        }
        // the same format: a previous source is the fresh target's kind
        Optional<SourceSpec> source = previous.source().map(was -> was instanceof DebeziumSpec debezium
                ? debezium(debezium, (DebeziumTarget) fresh.target().orElseThrow(), previous, now, columns, differences,
                notes)
                : dynamoDb(was, (DynamoDbTarget) fresh.target().orElseThrow(), differences));
        TableSpec merged = new TableSpec(previous.name(), key, columns, sequence, prefix, imaged,
                prefix.isPresent() ? imagesFrom : Optional.empty(), previous.ignoreUnknownColumns(), source);
        return new Compared(differences, merged, notes);
    }

    /**
     * A Debezium source merged: the settings set by hand stay, {@code topicPrefix} and {@code connector} come from
     * the command line (a table given a {@code topic} by hand keeps it instead of a prefix). Encodings: a column
     * whose type stays keeps the encoding it had, or its lack of one (connector settings init cannot see, such as
     * {@code decimal.handling.mode=string}, are set by hand), with a note where init would write another; a column
     * that is new or retyped gets the source's, where it can read the column's type.
     */
    private static DebeziumSpec debezium(DebeziumSpec was, DebeziumTarget target, TableSpec previous,
                                         List<SourceColumn> now, List<ColumnSpec> columns,
                                         List<Difference> differences, List<String> notes) {
        Map<String, JsonNode> settings = new LinkedHashMap<>(was.settings());
        if (was.text(DebeziumSpec.TOPIC).isEmpty()) {
            Optional<String> prefix = was.text(DebeziumSpec.TOPIC_PREFIX);
            if (!prefix.equals(Optional.of(target.topicPrefix()))) {
                differences.add(new Difference.SourceSettingChanged(DebeziumSpec.TOPIC_PREFIX, prefix.orElse("(none)"),
                        target.topicPrefix(), Optional.empty()));
            }
            settings.put(DebeziumSpec.TOPIC_PREFIX, TextNode.valueOf(target.topicPrefix()));
        }
        String connector = target.connector().configName();
        if (!was.connector().equals(connector)) {
            differences.add(new Difference.SourceSettingChanged(DebeziumSpec.CONNECTOR, was.connector(), connector,
                    Optional.of("another connector's sequences do not compare with the stored ones")));
        }
        if (was.settings().containsKey(DebeziumSpec.CONNECTOR) || !was.connector().equals(connector)) {
            settings.put(DebeziumSpec.CONNECTOR, TextNode.valueOf(connector));
        }
        Map<String, String> encodings = new LinkedHashMap<>();
        for (ColumnSpec column : columns) {
            SourceColumn source = now.stream().filter(c -> c.name().equals(column.name())).findFirst().orElseThrow();
            Optional<String> fromSource = DebeziumTypes.encodingFor(source.mapped(), column.type());
            Optional<ColumnSpec> before = previous.column(column.name());
            Optional<String> encoding = fromSource;
            if (before.isPresent() && MappedType.sameType(before.get().type(), column.type())) {
                encoding = Optional.ofNullable(was.encodings().get(column.name()));
                if (!encoding.equals(fromSource)) {
                    notes.add("column " + column.name() + ": keeps its encoding " + encoding.orElse("(none: the type's"
                            + " default reading)") + " (set by hand; from source type " + source.sourceType() + " init"
                            + " would write " + fromSource.orElse("none") + ").");
                }
            }
            encoding.ifPresent(e -> encodings.put(column.name(), e));
        }
        return new DebeziumSpec(settings, encodings);
    }

    /**
     * A DynamoDB table's columns come from a sample of its items, which holds only the attributes it happened to see:
     * the columns defined before stay, in their order (those the sample lacks as they were typed, with a note), and
     * attributes new to the sample follow them. Items are read by attribute name, so the order is the file's own.
     * A rest column no longer asked for ({@code --no-rest-column}) goes.
     */
    private static List<SourceColumn> sampled(TableSpec previous, List<SourceColumn> sample, List<String> notes) {
        Optional<String> restBefore = previous.source().flatMap(s -> s.text(DynamoDbSource.REST_COLUMN));
        List<SourceColumn> columns = new ArrayList<>();
        List<String> unseen = new ArrayList<>();
        for (ColumnSpec column : previous.columns()) {
            Optional<SourceColumn> seen = sample.stream().filter(c -> c.name().equals(column.name())).findFirst();
            if (seen.isPresent()) {
                columns.add(seen.get());
            } else if (!restBefore.equals(Optional.of(column.name()))) {
                columns.add(new SourceColumn(column.name(), "kept", MappedType.of(column.type())));
                unseen.add(column.name());
            }
        }
        sample.stream().filter(c -> previous.column(c.name()).isEmpty()).forEach(columns::add);
        if (!unseen.isEmpty()) {
            notes.add("not in this sample, kept as defined: " + String.join(", ", unseen) + ".");
        }
        return columns;
    }

    /**
     * A DynamoDB source merged: the settings init writes come from the command line (another table or shape needs
     * a rebuild: its changes are other ones), any other set by hand stays in its place.
     */
    private static SourceSettings dynamoDb(SourceSpec was, DynamoDbTarget target, List<Difference> differences) {
        Map<String, JsonNode> settings = new LinkedHashMap<>(was.settings());
        SourceSettings now = target.spec();
        for (String setting : List.of(DynamoDbSource.FOLDER, DynamoDbSource.SHAPE, DynamoDbSource.DYNAMO_TABLE,
                DynamoDbSource.REST_COLUMN)) {
            Optional<String> from = was.text(setting);
            Optional<String> to = now.text(setting);
            if (!from.equals(to)) {
                Optional<String> rebuild = from.isEmpty() ? Optional.empty()
                        : setting.equals(DynamoDbSource.SHAPE) ? Optional.of("records of another shape carry another"
                        + " sequence, which does not compare with the stored ones")
                        : setting.equals(DynamoDbSource.DYNAMO_TABLE) ? Optional.of("the stored rows are another"
                        + " table's") : Optional.empty();
                differences.add(new Difference.SourceSettingChanged(setting, from.orElse("(none)"), to.orElse("(none)"),
                        rebuild));
            }
            to.ifPresentOrElse(value -> settings.put(setting, TextNode.valueOf(value)), () -> settings.remove(setting));
        }
        return new SourceSettings(DynamoDbTarget.FORMAT, settings);
    }

    /**
     * With the task's mappings read, their sequence column; else the one set (which may also be the endpoint's
     * TimestampColumnName, no column at all). A set sequence column that was a column and is gone goes with it.
     */
    private static Optional<String> sequence(TableSpec previous, Built.Fresh fresh, List<SourceColumn> now) {
        if (fresh.sequenceColumn().isPresent()) {
            return fresh.sequenceColumn();
        }
        return previous.sequenceColumn().filter(s -> previous.column(s).isEmpty()
                || now.stream().anyMatch(c -> c.name().equals(s)));
    }

    private static void setting(List<Difference> differences, String name, Optional<String> from, Optional<String> to) {
        if (!from.equals(to)) {
            differences.add(new Difference.SettingChanged(name, from.orElse("(none)"), to.orElse("(none)")));
        }
    }

    /** A definition's before-image columns as a setting: none without a prefix, pk-only when not listed. */
    private static Optional<String> imagedSetting(Optional<String> prefix, Optional<ImagedColumns> columns) {
        return prefix.map(p -> describe(columns.orElse(ImagedColumns.KEY_ONLY)));
    }

    private static String describe(ImagedColumns columns) {
        return columns instanceof ImagedColumns.Listed listed ? "[" + String.join(", ", listed.columns()) + "]" : "pk-only";
    }
}
