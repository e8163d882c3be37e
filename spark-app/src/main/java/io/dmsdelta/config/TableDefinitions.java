package io.dmsdelta.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.types.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code --tables} file: the tables dms-delta maintains. Parsing validates everything a run would
 * otherwise trip over later (unknown keys, types Spark does not know, key columns that are not columns),
 * so that a typo fails before any data is read. See {@code docs/configuration.md}.
 */
public final class TableDefinitions {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final List<TableDefinition> tables;

    private TableDefinitions(List<TableDefinition> tables) {
        this.tables = List.copyOf(tables);
    }

    public List<TableDefinition> all() {
        return tables;
    }

    public Optional<TableDefinition> find(String schema, String table) {
        return tables.stream().filter(t -> t.schema().equals(schema) && t.table().equals(table)).findFirst();
    }

    public Optional<TableDefinition> find(String qualifiedName) {
        return tables.stream().filter(t -> t.qualifiedName().equals(qualifiedName)).findFirst();
    }

    /**
     * @param json   the file's text
     * @param origin where it came from, named in error messages
     * @throws ConfigException naming the table and field that is wrong
     */
    public static TableDefinitions parse(String json, String origin) {
        File file;
        try {
            file = JSON.readValue(json, File.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Table definitions " + origin + " are not valid: " + e.getOriginalMessage()
                    + " (see docs/configuration.md for the format)");
        }
        if (file.tables == null || file.tables.isEmpty()) {
            throw new ConfigException("Table definitions " + origin + " define no tables: add a \"tables\" array.");
        }
        List<TableDefinition> tables = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < file.tables.size(); i++) {
            TableDefinition table = file.tables.get(i).toDefinition(origin + " tables[" + i + "]");
            if (!seen.add(table.qualifiedName())) {
                throw new ConfigException("Table definitions " + origin + " define " + table.qualifiedName() + " twice.");
            }
            tables.add(table);
        }
        return new TableDefinitions(tables);
    }

    private record File(@JsonProperty("tables") List<Table> tables) {
    }

    private record Column(@JsonProperty("name") String name, @JsonProperty("type") String type,
                          @JsonProperty("addedLater") Boolean addedLater) {
    }

    private record Table(
            @JsonProperty("schema") String schema,
            @JsonProperty("table") String table,
            @JsonProperty("primaryKey") List<String> primaryKey,
            @JsonProperty("columns") List<Column> columns,
            @JsonProperty("sequenceColumn") String sequenceColumn,
            @JsonProperty("beforeImagePrefix") String beforeImagePrefix,
            @JsonProperty("beforeImageColumns") com.fasterxml.jackson.databind.JsonNode beforeImageColumns,
            @JsonProperty("beforeImagesFrom") String beforeImagesFrom,
            @JsonProperty("ignoreUnknownColumns") Boolean ignoreUnknownColumns,
            @JsonProperty("deletionVectors") Boolean deletionVectors,
            @JsonProperty("source") com.fasterxml.jackson.databind.JsonNode source) {

        TableDefinition toDefinition(String where) {
            require(schema, where, "schema");
            require(table, where, "table");
            requirePathSegment(schema, where, "schema");
            requirePathSegment(table, where, "table");
            String name = where + " (" + schema + "." + table + ")";
            if (columns == null || columns.isEmpty()) {
                throw new ConfigException(name + ": \"columns\" must list the table's columns in file order.");
            }
            if (primaryKey == null || primaryKey.isEmpty()) {
                throw new ConfigException(name + ": \"primaryKey\" must name at least one column;"
                        + " changes are merged by key.");
            }
            List<ColumnDefinition> defined = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (Column column : columns) {
                require(column.name, name, "columns[].name");
                require(column.type, name, "type of column " + column.name);
                if (!names.add(column.name.toLowerCase(java.util.Locale.ROOT))) {
                    throw new ConfigException(name + ": column " + column.name + " is listed twice.");
                }
                if (column.name.startsWith("__")) {
                    throw new ConfigException(name + ": column " + column.name
                            + " starts with \"__\", which dms-delta reserves for its own bookkeeping columns.");
                }
                boolean addedLater = Boolean.TRUE.equals(column.addedLater);
                if (!addedLater && defined.stream().anyMatch(ColumnDefinition::addedLater)) {
                    throw new ConfigException(name + ": column " + column.name + " comes after a column marked"
                            + " addedLater; DMS appends added columns, so list them last.");
                }
                defined.add(new ColumnDefinition(column.name, parseType(column.type, name + " column " + column.name),
                        addedLater));
            }
            for (String key : primaryKey) {
                if (!names.contains(key.toLowerCase(java.util.Locale.ROOT))
                        || defined.stream().noneMatch(c -> c.name().equals(key))) {
                    throw new ConfigException(name + ": primary key column " + key + " is not one of its columns.");
                }
            }
            for (ColumnDefinition column : defined) {
                if (column.addedLater() && (primaryKey.contains(column.name()) || column.name().equals(sequenceColumn))) {
                    throw new ConfigException(name + ": column " + column.name() + " is a key or the sequence column,"
                            + " so every file must carry it; it cannot be addedLater.");
                }
            }
            Optional<BeforeImages> beforeImages = beforeImages(name, defined);
            SourceDefinition changeSource = SourceDefinitions.parse(source, schema, table, defined, name);
            if (!(changeSource instanceof SourceDefinition.Dms)
                    && (sequenceColumn != null || beforeImages.isPresent() || ignoreUnknownColumns != null)) {
                throw new ConfigException(name + ": \"sequenceColumn\", \"beforeImagePrefix\" and \"ignoreUnknownColumns\""
                        + " describe DMS files; a " + changeSource.format() + " source orders changes by its own sequence"
                        + " (see docs/configuration.md).");
            }
            // A sequenceColumn that is not a column may be the endpoint's TimestampColumnName, checked with the settings.
            return new TableDefinition(schema, table, primaryKey, defined, Optional.ofNullable(sequenceColumn),
                    beforeImages, Boolean.TRUE.equals(ignoreUnknownColumns), Optional.ofNullable(deletionVectors),
                    changeSource);
        }

        /**
         * {@code beforeImagePrefix}, with the columns the rule's filter selects ({@code beforeImageColumns}:
         * {@code "pk-only"}, the default, or the list of columns) and, optionally, from which CDC file on the
         * rule applied ({@code beforeImagesFrom}).
         */
        private Optional<BeforeImages> beforeImages(String name, List<ColumnDefinition> defined) {
            if (beforeImagePrefix == null) {
                if (beforeImageColumns != null || beforeImagesFrom != null) {
                    throw new ConfigException(name + ": \"beforeImageColumns\" and \"beforeImagesFrom\" describe the"
                            + " before-image columns, so they need \"beforeImagePrefix\" too.");
                }
                return Optional.empty();
            }
            require(beforeImagePrefix, name, "beforeImagePrefix");
            List<String> imaged;
            if (beforeImageColumns == null || (beforeImageColumns.isTextual() && beforeImageColumns.asText().equals("pk-only"))) {
                imaged = defined.stream().map(ColumnDefinition::name).filter(primaryKey::contains).toList();
            } else if (beforeImageColumns.isArray()) {
                imaged = new ArrayList<>();
                for (com.fasterxml.jackson.databind.JsonNode item : beforeImageColumns) {
                    String column = item.isTextual() ? item.asText() : null;
                    if (column == null || defined.stream().noneMatch(c -> c.name().equals(column))) {
                        throw new ConfigException(name + ": beforeImageColumns names " + item + ", which is not one of"
                                + " its columns (spelled exactly).");
                    }
                    if (imaged.contains(column)) {
                        throw new ConfigException(name + ": beforeImageColumns lists " + column + " twice.");
                    }
                    imaged.add(column);
                }
                for (String key : primaryKey) {
                    if (!imaged.contains(key)) {
                        throw new ConfigException(name + ": beforeImageColumns must include every primary key column"
                                + " (DMS's filters all do), but lacks " + key + ".");
                    }
                }
            } else {
                throw new ConfigException(name + ": beforeImageColumns is " + beforeImageColumns + "; give \"pk-only\""
                        + " (the rule's default filter) or the list of columns, in table order, whose before-images"
                        + " the rule writes (for the \"all\" and \"non-lob\" filters).");
            }
            Set<String> names = new HashSet<>();
            defined.forEach(c -> names.add(c.name().toLowerCase(java.util.Locale.ROOT)));
            for (String column : imaged) {
                String field = beforeImagePrefix + column;
                if (names.contains(field.toLowerCase(java.util.Locale.ROOT))) {
                    throw new ConfigException(name + ": the before-image column " + field + " of "
                            + (primaryKey.contains(column) ? "key " : "column ") + column
                            + " is also listed as a column; before-image columns are read by beforeImagePrefix alone.");
                }
            }
            Optional<Long> from = Optional.empty();
            if (beforeImagesFrom != null) {
                String stem = beforeImagesFrom.replaceFirst("\\.csv(\\.gz)?$", "");
                from = io.dmsdelta.dms.DmsFileNames.cdcTimestampNanos(stem + ".csv");
                if (from.isEmpty()) {
                    throw new ConfigException(name + ": beforeImagesFrom is \"" + beforeImagesFrom + "\"; give the name"
                            + " of the first CDC file written with before-image columns, such as 20240612-103125108.csv.");
                }
            }
            return Optional.of(new BeforeImages(beforeImagePrefix, imaged, from));
        }

        /**
         * Schema and table names become folders of the warehouse and the quarantine: they must be one plain path
         * segment, and not one that Spark and Hadoop hide ({@code _} and {@code .} prefixes, as in
         * {@code _quarantine} and {@code _delta_log}).
         */
        private static void requirePathSegment(String value, String where, String field) {
            String problem = value.equals(".") || value.equals("..") ? "is a relative folder name"
                    : value.contains("/") || value.contains("\\") ? "contains a path separator"
                    : value.startsWith("_") || value.startsWith(".") ? "starts with \"" + value.charAt(0) + "\", which marks"
                            + " hidden files for Spark and Hadoop (and dms-delta's own _quarantine folder)"
                    : value.contains(":") ? "contains \":\", which Hadoop paths cannot hold in a folder name"
                    : value.chars().anyMatch(Character::isISOControl) ? "contains a control character"
                    : null;
            if (problem != null) {
                throw new ConfigException(where + ": \"" + field + "\" " + problem + "; the " + field + " name is a folder"
                        + " of the source and the warehouse, so it must be a plain folder name.");
            }
        }

        private static void require(String value, String where, String field) {
            if (value == null || value.isBlank()) {
                throw new ConfigException(where + ": \"" + field + "\" is missing.");
            }
        }

        private static DataType parseType(String type, String where) {
            try {
                return DataType.fromDDL(type);
            } catch (Exception e) { // Spark's ParseException is a checked exception that Scala does not declare
                throw new ConfigException(where + ": \"" + type + "\" is not a Spark SQL type"
                        + " (use int, bigint, decimal(p,s), double, string, date, timestamp, boolean, ...).");
            }
        }
    }
}
