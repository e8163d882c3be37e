package io.dmsdelta.catalog;

import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The Glue Data Catalog entry of a dms-delta table, in the form Athena reads Delta Lake tables natively and Glue
 * Spark jobs read them through the catalog (docs/deploy-aws.md, "Catalog registration", gives AWS's documentation of
 * each part):
 * <ul>
 *   <li>{@code TableType} {@code EXTERNAL_TABLE} and the table parameters {@code EXTERNAL=TRUE},
 *       {@code table_type=DELTA} (what Athena's {@code CREATE EXTERNAL TABLE ... TBLPROPERTIES ('table_type' =
 *       'DELTA')} records: Athena reads the table natively, from its Delta log, with no manifest) and
 *       {@code spark.sql.sources.provider=delta} (what Spark, and so a Glue job, resolves to a Delta table);</li>
 *   <li>the location both in {@code StorageDescriptor.Location} (all Athena needs) and as the SerDe parameter
 *       {@code path} (where Spark looks for a data source table's location), as an {@code s3://} URI;</li>
 *   <li>the table's current columns ({@link HiveTypes}): Athena takes the schema from the Delta log, but Lake
 *       Formation, views and row or column filters need the catalog's columns to match it;</li>
 *   <li>{@code PartitionKeys} an empty list, which a table Athena queries needs when it has none.</li>
 * </ul>
 */
final class GlueTableInputs {

    /** The table parameters dms-delta sets; any other parameter of an existing entry is kept. */
    static final Map<String, String> PARAMETERS = parameters();

    static final String TABLE_TYPE = "EXTERNAL_TABLE";

    private GlueTableInputs() {
    }

    private static Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("EXTERNAL", "TRUE");
        parameters.put("table_type", "DELTA");
        parameters.put("spark.sql.sources.provider", "delta");
        return java.util.Collections.unmodifiableMap(parameters);
    }

    /** The entry as dms-delta writes it; {@code location} is the {@code s3://} form of the table's URI. */
    static TableInput of(CatalogEntry entry, String location) {
        return input(entry, location, PARAMETERS);
    }

    /** The entry as dms-delta writes it over an existing one: that entry's other parameters are kept. */
    static TableInput over(Table existing, CatalogEntry entry, String location) {
        Map<String, String> parameters = new LinkedHashMap<>(existing.parameters());
        parameters.putAll(PARAMETERS);
        return input(entry, location, parameters);
    }

    private static TableInput input(CatalogEntry entry, String location, Map<String, String> parameters) {
        List<Column> columns = HiveTypes.columns(entry.schema()).stream()
                .map(c -> Column.builder().name(c.name()).type(c.type()).build()).toList();
        return TableInput.builder()
                .name(entry.name())
                .description(description(entry))
                .tableType(TABLE_TYPE)
                .parameters(parameters)
                .partitionKeys(List.of())
                .storageDescriptor(StorageDescriptor.builder()
                        .columns(columns)
                        .location(location)
                        .serdeInfo(SerDeInfo.builder().parameters(serdeParameters(location)).build())
                        .build())
                .build();
    }

    static String description(CatalogEntry entry) {
        return "dms-delta: the Delta table of DMS table " + entry.source();
    }

    private static Map<String, String> serdeParameters(String location) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("serialization.format", "1");
        parameters.put("path", location);
        return parameters;
    }

    /** Whether the entry is a Delta table (by either of the parameters engines recognise one by). */
    static boolean isDelta(Table table) {
        return "DELTA".equalsIgnoreCase(table.parameters().get("table_type"))
                || "delta".equalsIgnoreCase(table.parameters().get("spark.sql.sources.provider"));
    }

    /** The entry's location, without a trailing slash; null when it has none. */
    static String location(Table table) {
        String location = table.storageDescriptor() == null ? null : table.storageDescriptor().location();
        return location == null ? null : withoutTrailingSlash(location);
    }

    static String withoutTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    /** What differs between an existing entry and what dms-delta would write, for the report; empty when nothing. */
    static List<String> differences(Table existing, TableInput wanted) {
        List<String> changes = new ArrayList<>();
        StorageDescriptor have = existing.storageDescriptor();
        StorageDescriptor want = wanted.storageDescriptor();
        List<Column> haveColumns = have == null ? List.of() : have.columns().stream()
                .map(c -> Column.builder().name(c.name()).type(c.type()).build()).toList();
        if (!haveColumns.equals(want.columns())) {
            changes.add(columnChange(haveColumns, want.columns()));
        }
        for (Map.Entry<String, String> parameter : PARAMETERS.entrySet()) {
            if (!parameter.getValue().equals(existing.parameters().get(parameter.getKey()))) {
                changes.add("table parameter " + parameter.getKey() + "=" + parameter.getValue());
            }
        }
        if (!TABLE_TYPE.equals(existing.tableType())) {
            changes.add("table type " + TABLE_TYPE);
        }
        Map<String, String> serde = have == null || have.serdeInfo() == null ? Map.of() : have.serdeInfo().parameters();
        if (!want.serdeInfo().parameters().equals(serde)) {
            changes.add("SerDe parameters " + want.serdeInfo().parameters());
        }
        if (!existing.partitionKeys().isEmpty()) {
            changes.add("no partition keys");
        }
        if (!Objects.equals(existing.description(), wanted.description())) {
            changes.add("description");
        }
        return changes;
    }

    private static String columnChange(List<Column> have, List<Column> want) {
        Map<String, String> before = have.stream().collect(Collectors.toMap(Column::name, Column::type, (a, b) -> a,
                LinkedHashMap::new));
        List<String> parts = new ArrayList<>();
        List<String> added = want.stream().filter(c -> !before.containsKey(c.name()))
                .map(c -> c.name() + " " + c.type()).toList();
        if (!added.isEmpty()) {
            parts.add("added column(s) " + String.join(", ", added));
        }
        List<String> retyped = want.stream().filter(c -> before.containsKey(c.name()) && !before.get(c.name()).equals(c.type()))
                .map(c -> c.name() + " " + before.get(c.name()) + " to " + c.type()).toList();
        if (!retyped.isEmpty()) {
            parts.add("changed column type(s) " + String.join(", ", retyped));
        }
        List<String> wanted = want.stream().map(Column::name).toList();
        List<String> removed = before.keySet().stream().filter(n -> !wanted.contains(n)).toList();
        if (!removed.isEmpty()) {
            parts.add("removed column(s) " + String.join(", ", removed));
        }
        return parts.isEmpty() ? "column order" : String.join("; ", parts);
    }
}
