package io.dmsdelta.catalog;

import io.dmsdelta.testing.MotoServer;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.SerDeInfo;
import software.amazon.awssdk.services.glue.model.StorageDescriptor;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.glue.model.TableVersion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Glue Data Catalog registration against moto's Glue, an implementation written by others, beside the stub of
 * {@link GlueRegistryTest}: what the registration did, then the entry moto holds, read back with GetTable and
 * GetTableVersions (a version per CreateTable and UpdateTable). Each test has a database of its own.
 */
class GlueRegistryMotoTest {

    private static final String NAME = "ahmad_schema_persons";
    private static final String S3 = "s3://lake/warehouse/ahmad_schema/Persons";
    private static final String DESCRIPTION = "dms-delta: the Delta table of DMS table ahmad_schema.Persons";
    private static final Map<String, String> DELTA = Map.of("EXTERNAL", "TRUE", "table_type", "DELTA",
            "spark.sql.sources.provider", "delta");

    private static final StructType SCHEMA = new StructType()
            .add("PersonId", DataTypes.IntegerType).add("FullName", DataTypes.StringType)
            .add("City", DataTypes.StringType);
    /** The same table after a schema change: two columns more. */
    private static final StructType WIDER = SCHEMA.add("updated_at", DataTypes.TimestampType)
            .add("balance", DataTypes.createDecimalType(12, 2));
    private static final List<Column> COLUMNS = List.of(column("personid", "int"), column("fullname", "string"),
            column("city", "string"));
    private static final List<Column> WIDER_COLUMNS = List.of(column("personid", "int"), column("fullname", "string"),
            column("city", "string"), column("updated_at", "timestamp"), column("balance", "decimal(12,2)"));

    private static GlueClient glue;

    private final String database = "dms_delta_" + UUID.randomUUID().toString().replace("-", "");
    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void startMoto() {
        // As GlueRegistry.client() builds it, pointed at moto: no SDK retries.
        glue = MotoServer.get().client(GlueClient.builder().httpClient(MotoServer.http().build())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())));
    }

    @AfterAll
    static void closeClient() {
        glue.close();
    }

    @Test
    void aTableNotRegisteredYetIsCreatedInAthenasNativeDeltaFormAndThenLeftAsItIs() {
        createDatabase();
        GlueRegistry registry = new GlueRegistry(glue, log::add);

        assertEquals(new Registration.Created(), registry.register(entry(SCHEMA)));
        // What moto gives back is what dms-delta would write: nothing to update.
        assertEquals(new Registration.Unchanged(), new GlueRegistry(glue, log::add).register(entry(SCHEMA)));

        Table table = table();
        assertEquals(database, table.databaseName());
        assertEquals(NAME, table.name());
        assertEquals(DESCRIPTION, table.description());
        assertEquals("EXTERNAL_TABLE", table.tableType());
        assertEquals(DELTA, table.parameters());
        assertEquals(List.of(), table.partitionKeys());
        assertEquals(storage(COLUMNS), table.storageDescriptor());
        assertEquals(List.of("1"), versions().stream().map(TableVersion::versionId).toList());
        assertEquals(List.of(), log);
    }

    @Test
    void aSchemaChangeUpdatesTheColumnsAndKeepsParametersOthersSet() {
        createDatabase();
        assertEquals(new Registration.Created(), new GlueRegistry(glue, log::add).register(entry(SCHEMA)));
        Map<String, String> withOwner = new HashMap<>(DELTA);
        withOwner.put("owner_team", "crm");
        glue.updateTable(r -> r.databaseName(database).tableInput(input(table()).toBuilder().parameters(withOwner)
                .build()));

        Registration registration = new GlueRegistry(glue, log::add).register(entry(WIDER));

        assertEquals(new Registration.Updated("added column(s) updated_at timestamp, balance decimal(12,2)"),
                registration);
        Table table = table();
        assertEquals(storage(WIDER_COLUMNS), table.storageDescriptor());
        assertEquals(withOwner, table.parameters());
        assertEquals(DESCRIPTION, table.description());
        assertEquals("EXTERNAL_TABLE", table.tableType());
        assertEquals(List.of(), table.partitionKeys());
        // Created, the other team's parameter, the new columns: one UpdateTable by the registration.
        List<TableVersion> versions = versions();
        assertEquals(List.of("1", "2", "3"), versions.stream().map(TableVersion::versionId).toList());
        assertEquals(storage(COLUMNS), versions.get(0).table().storageDescriptor());
        assertEquals(new Registration.Unchanged(), new GlueRegistry(glue, log::add).register(entry(WIDER)));
        assertEquals(3, versions().size());
        assertEquals(List.of(), log);
    }

    @Test
    void aMissingDatabaseIsNotCreated() {
        Registration registration = new GlueRegistry(glue, log::add).register(entry(SCHEMA));

        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registration);
        assertTrue(failed.reason().startsWith("the Glue database '" + database + "' does not exist in this account's"
                + " Data Catalog in this region; dms-delta does not create databases."), failed.reason());
        assertThrows(EntityNotFoundException.class, () -> glue.getDatabase(r -> r.name(database)));
    }

    @Test
    void anEntryOfThatNameElsewhereIsNotTakenOver() {
        createDatabase();
        TableInput parquet = TableInput.builder().name(NAME).tableType("EXTERNAL_TABLE")
                .parameters(Map.of("classification", "parquet"))
                .storageDescriptor(StorageDescriptor.builder().columns(COLUMNS).location("s3://other-team/persons")
                        .build())
                .build();
        glue.createTable(r -> r.databaseName(database).tableInput(parquet));

        Registration registration = new GlueRegistry(glue, log::add).register(entry(SCHEMA));

        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registration);
        assertTrue(failed.reason().startsWith(database + "." + NAME + " already exists in the Glue Data Catalog as a"
                + " table that is not a Delta table at s3://other-team/persons, not at " + S3), failed.reason());
        assertEquals(List.of("1"), versions().stream().map(TableVersion::versionId).toList());
        assertEquals(parquet, input(table()));
    }

    /** The entry as dms-delta makes it: s3a:// as S3A names the table. */
    private CatalogEntry entry(StructType schema) {
        return new CatalogEntry(database, NAME, "s3a://lake/warehouse/ahmad_schema/Persons", "ahmad_schema.Persons",
                schema);
    }

    private void createDatabase() {
        glue.createDatabase(r -> r.databaseInput(d -> d.name(database)));
    }

    private Table table() {
        return glue.getTable(r -> r.databaseName(database).name(NAME)).table();
    }

    /** Oldest first. */
    private List<TableVersion> versions() {
        return glue.getTableVersionsPaginator(r -> r.databaseName(database).tableName(NAME)).stream()
                .flatMap(page -> page.tableVersions().stream())
                .sorted(Comparator.comparingInt(v -> Integer.parseInt(v.versionId()))).toList();
    }

    /** The TableInput that would write the table as it is. */
    private static TableInput input(Table table) {
        return TableInput.builder().name(table.name()).description(table.description()).tableType(table.tableType())
                .parameters(table.parameters()).partitionKeys(table.partitionKeys())
                .storageDescriptor(table.storageDescriptor()).build();
    }

    /** The storage descriptor dms-delta writes: columns, s3:// location, and the location again for Spark. */
    private static StorageDescriptor storage(List<Column> columns) {
        return StorageDescriptor.builder().columns(columns).location(S3)
                .serdeInfo(SerDeInfo.builder().parameters(Map.of("serialization.format", "1", "path", S3)).build())
                .build();
    }

    private static Column column(String name, String type) {
        return Column.builder().name(name).type(type).build();
    }
}
