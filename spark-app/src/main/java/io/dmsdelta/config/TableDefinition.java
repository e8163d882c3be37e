package io.dmsdelta.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What dms-delta knows about one replicated table: where DMS writes it ({@code <schema>/<table>/}), its
 * primary key and its columns in the order DMS writes them (source columns, then columns added by
 * table-mapping rules).
 *
 * @param schema         source schema name, as DMS names the folder
 * @param table          source table name, as DMS names the folder
 * @param primaryKey     key columns, at least one; each is also in {@code columns}
 * @param columns        ordered columns with their Spark SQL types
 * @param sequenceColumn optional column (e.g. {@code AR_H_CHANGE_SEQ}, or the endpoint's {@code TimestampColumnName})
 *                       that orders changes before file and row order
 * @param beforeImages   the before-image columns a DMS {@code add-before-image-columns} rule appends (prefix,
 *                       which columns); with them an update that changes the key moves the row
 * @param ignoreUnknownColumns whether header columns the definition does not name are skipped (with a warning)
 *                       instead of failing the file
 * @param deletionVectors whether the Delta table uses deletion vectors, so a batch costs what its changes cost
 *                       (readers need Delta reader version 3: Athena, Spark, Trino; not Redshift Spectrum's
 *                       manifests); empty: yes for a table created now, as it is for one that exists
 * @param source         which producer writes the table's files ({@link SourceDefinition.Dms} unless it says)
 */
public record TableDefinition(
        String schema,
        String table,
        List<String> primaryKey,
        List<ColumnDefinition> columns,
        Optional<String> sequenceColumn,
        Optional<BeforeImages> beforeImages,
        boolean ignoreUnknownColumns,
        Optional<Boolean> deletionVectors,
        SourceDefinition source) {

    /** Prefix of the internal fields holding before-image key values: {@code __before_<key>}. */
    public static final String BEFORE_IMAGE_FIELD = "__before_";

    public TableDefinition(String schema, String table, List<String> primaryKey, List<ColumnDefinition> columns,
                           Optional<String> sequenceColumn) {
        this(schema, table, primaryKey, columns, sequenceColumn, Optional.empty(), false, Optional.empty(),
                SourceDefinition.Dms.INSTANCE);
    }

    public TableDefinition {
        primaryKey = List.copyOf(primaryKey);
        columns = List.copyOf(columns);
        java.util.Objects.requireNonNull(sequenceColumn, "sequenceColumn");
        java.util.Objects.requireNonNull(beforeImages, "beforeImages");
        java.util.Objects.requireNonNull(deletionVectors, "deletionVectors");
        java.util.Objects.requireNonNull(source, "source");
    }

    /** The type of the column a source that delivers at least once keeps each row's change sequence in. */
    public static final org.apache.spark.sql.types.DecimalType SEQUENCE_TYPE =
            org.apache.spark.sql.types.DataTypes.createDecimalType(38, 0);

    /** Whether a table created from this definition uses deletion vectors: unless the definition says no. */
    public boolean deletionVectorsWhenCreated() {
        return deletionVectors.orElse(true);
    }

    /** The prefix of the before-image columns, if the table has them. */
    public Optional<String> beforeImagePrefix() {
        return beforeImages.map(BeforeImages::prefix);
    }

    /** {@code schema.table}, the name used in reports and on the command line. */
    public String qualifiedName() {
        return schema + "." + table;
    }

    /** Where this table's Delta table lives under a warehouse root: {@code <root>/<schema>/<table>}. */
    public String pathUnder(String root) {
        return new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(root, schema), table).toString();
    }

    public Optional<ColumnDefinition> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Finds a column by exact name first, then ignoring case (headers from some sources change case). */
    public Optional<ColumnDefinition> columnIgnoringCase(String name) {
        return column(name).or(() -> columns.stream()
                .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                .findFirst());
    }

    public boolean isKey(String column) {
        return primaryKey.contains(column);
    }

    public List<ColumnDefinition> nonKeyColumns() {
        return columns.stream().filter(c -> !isKey(c.name())).toList();
    }

    /**
     * The Delta table's columns: DMS's timestamp column if the endpoint writes one, then the defined columns, then the
     * source's sequence column if it keeps one.
     */
    public List<String> storedColumns(Optional<String> timestampColumn) {
        List<String> stored = new java.util.ArrayList<>();
        timestampColumn.ifPresent(stored::add);
        columns.forEach(c -> stored.add(c.name()));
        source.sequenceColumn().ifPresent(stored::add);
        return stored;
    }

    /** {@link #storedColumns} with their types: DMS's timestamp column is a timestamp. */
    public org.apache.spark.sql.types.StructType storedSchema(Optional<String> timestampColumn) {
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
        if (timestampColumn.isPresent()) {
            schema = schema.add(timestampColumn.get(), org.apache.spark.sql.types.DataTypes.TimestampType);
        }
        for (ColumnDefinition column : columns) {
            schema = schema.add(column.name(), column.type());
        }
        if (source.sequenceColumn().isPresent()) {
            schema = schema.add(source.sequenceColumn().get(), SEQUENCE_TYPE);
        }
        return schema;
    }

    /** What a row of a DMS file carries besides the operation: the stored columns, then the before-image keys. */
    public List<String> readFields(Optional<String> timestampColumn) {
        List<String> fields = new java.util.ArrayList<>();
        timestampColumn.ifPresent(fields::add);
        columns.forEach(c -> fields.add(c.name()));
        fields.addAll(beforeImageFields());
        return fields;
    }

    /** Internal field names of the before-image key values, in file order; empty without before-images. */
    public List<String> beforeImageFields() {
        return beforeImages.map(images -> images.columns().stream().filter(this::isKey)
                .map(TableDefinition::beforeImageField).toList()).orElse(List.of());
    }

    /**
     * The fields the before-image columns take in a headerless file that has them, in order: the key columns'
     * as {@link #beforeImageField}, the others as fields read past ({@code ignoredPrefix} + column).
     */
    public List<String> beforeImageGroup(String ignoredPrefix) {
        return beforeImages.map(images -> images.columns().stream()
                .map(c -> isKey(c) ? beforeImageField(c) : ignoredPrefix + "before_" + c).toList()).orElse(List.of());
    }

    public static String beforeImageField(String key) {
        return BEFORE_IMAGE_FIELD + key;
    }

    /** The key column whose before-image {@code headerName} is, if it is one (prefix and name ignoring case). */
    public Optional<String> beforeImageOf(String headerName) {
        return beforeImagePrefix()
                .filter(prefix -> headerName.length() > prefix.length()
                        && headerName.substring(0, prefix.length()).equalsIgnoreCase(prefix))
                .flatMap(prefix -> columnIgnoringCase(headerName.substring(prefix.length())))
                .map(ColumnDefinition::name);
    }
}
