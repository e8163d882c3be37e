package io.dmsdelta.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dmsdelta.testing.GlueCatalogStub;
import io.dmsdelta.testing.GlueCatalogStub.Operation;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glue.GlueClient;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Glue Data Catalog registration against a local Glue stub: the exact requests for a table that is not
 * registered, one whose columns changed and one already right, and which errors are retried.
 */
class GlueRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DB = "dms_delta";
    private static final String NAME = "ahmad_schema_persons";
    private static final String S3 = "s3://lake/warehouse/ahmad_schema/Persons";

    /** The Delta table's columns: the DMS columns as the definition names them. */
    private static final StructType SCHEMA = new StructType()
            .add("PersonId", DataTypes.IntegerType).add("FullName", DataTypes.StringType)
            .add("City", DataTypes.StringType).add("updated_at", DataTypes.TimestampType)
            .add("balance", DataTypes.createDecimalType(12, 2));

    /** As dms-delta writes it: s3a:// as S3A names the table. */
    private static final CatalogEntry ENTRY = new CatalogEntry(DB, NAME, "s3a://lake/warehouse/ahmad_schema/Persons",
            "ahmad_schema.Persons", SCHEMA);

    /** Exactly the TableInput of the entry: Athena's native Delta form, readable by Glue Spark jobs. */
    private static final String TABLE_INPUT = """
            {"Name": "ahmad_schema_persons",
             "Description": "dms-delta: the Delta table of DMS table ahmad_schema.Persons",
             "TableType": "EXTERNAL_TABLE",
             "Parameters": {"EXTERNAL": "TRUE", "table_type": "DELTA", "spark.sql.sources.provider": "delta"},
             "PartitionKeys": [],
             "StorageDescriptor": {
               "Columns": [{"Name": "personid", "Type": "int"}, {"Name": "fullname", "Type": "string"},
                           {"Name": "city", "Type": "string"}, {"Name": "updated_at", "Type": "timestamp"},
                           {"Name": "balance", "Type": "decimal(12,2)"}],
               "Location": "s3://lake/warehouse/ahmad_schema/Persons",
               "SerdeInfo": {"Parameters": {"serialization.format": "1",
                                            "path": "s3://lake/warehouse/ahmad_schema/Persons"}}}}""";

    private final GlueCatalogStub glue = GlueCatalogStub.start();
    private final GlueClient client = glue.client();
    private final List<String> log = new ArrayList<>();
    private final GlueRegistry registry = new GlueRegistry(client, new GlueCalls(4, 1, log::add));

    @AfterEach
    void stop() {
        client.close();
        glue.close();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode getTable() {
        return json("{\"DatabaseName\": \"dms_delta\", \"Name\": \"ahmad_schema_persons\"}");
    }

    private static JsonNode withTableInput(String tableInput) {
        return json("{\"DatabaseName\": \"dms_delta\", \"TableInput\": " + tableInput + "}");
    }

    @Test
    void aTableNotRegisteredYetIsCreatedWithExactlyAthenasNativeDeltaForm() {
        glue.withDatabase(DB);

        assertEquals(new Registration.Created(), registry.register(ENTRY));

        assertEquals(List.of(
                new GlueCatalogStub.Request(Operation.GET_DATABASE, json("{\"Name\": \"dms_delta\"}")),
                new GlueCatalogStub.Request(Operation.GET_TABLE, getTable()),
                new GlueCatalogStub.Request(Operation.CREATE_TABLE, withTableInput(TABLE_INPUT))), glue.requests());
        assertEquals(List.of(), log);
    }

    @Test
    void anEntryAlreadyRightIsLeftAsItIs() {
        glue.withTable(DB, TABLE_INPUT);

        assertEquals(new Registration.Unchanged(), registry.register(ENTRY));
        assertEquals(new Registration.Unchanged(), registry.register(ENTRY));

        // The database is looked up once per registry, the table on every call.
        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE, Operation.GET_TABLE), glue.operations());
    }

    @Test
    void aSchemaChangeUpdatesTheColumnsAndKeepsParametersOthersSet() {
        glue.withTable(DB, """
                {"Name": "ahmad_schema_persons",
                 "Description": "dms-delta: the Delta table of DMS table ahmad_schema.Persons",
                 "TableType": "EXTERNAL_TABLE",
                 "Parameters": {"EXTERNAL": "TRUE", "table_type": "DELTA", "spark.sql.sources.provider": "delta",
                                "owner_team": "crm"},
                 "PartitionKeys": [],
                 "StorageDescriptor": {
                   "Columns": [{"Name": "personid", "Type": "int"}, {"Name": "fullname", "Type": "string"},
                               {"Name": "city", "Type": "string"}],
                   "Location": "s3://lake/warehouse/ahmad_schema/Persons/",
                   "SerdeInfo": {"Parameters": {"serialization.format": "1",
                                                "path": "s3://lake/warehouse/ahmad_schema/Persons"}}}}""");

        assertEquals(new Registration.Updated("added column(s) updated_at timestamp, balance decimal(12,2)"),
                registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE, Operation.UPDATE_TABLE), glue.operations());
        assertEquals(withTableInput(TABLE_INPUT.replace("\"spark.sql.sources.provider\": \"delta\"}",
                "\"spark.sql.sources.provider\": \"delta\", \"owner_team\": \"crm\"}")), glue.requests().get(2).body());
        // Now right: the next run writes nothing.
        assertEquals(new Registration.Unchanged(), registry.register(ENTRY));
    }

    @Test
    void throttlingAndServerErrorsAreRetriedWithABackoff() {
        glue.withDatabase(DB)
                .failNext(Operation.GET_DATABASE, 1, 503, "ServiceUnavailableException")
                .failNext(Operation.GET_TABLE, 2, 400, "ThrottlingException")
                .failNext(Operation.CREATE_TABLE, 1, 500, "InternalServiceException");

        assertEquals(new Registration.Created(), registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_DATABASE, Operation.GET_TABLE, Operation.GET_TABLE,
                Operation.GET_TABLE, Operation.CREATE_TABLE, Operation.CREATE_TABLE), glue.operations());
        assertEquals(withTableInput(TABLE_INPUT), glue.requests().get(6).body());
        assertEquals(List.of(
                "Glue did not answer GetDatabase on dms_delta (attempt 1 of 4): ServiceUnavailableException: stubbed"
                        + " ServiceUnavailableException; retrying in 1 ms",
                "Glue did not answer GetTable on dms_delta.ahmad_schema_persons (attempt 1 of 4): ThrottlingException:"
                        + " stubbed ThrottlingException; retrying in 1 ms",
                "Glue did not answer GetTable on dms_delta.ahmad_schema_persons (attempt 2 of 4): ThrottlingException:"
                        + " stubbed ThrottlingException; retrying in 2 ms",
                "Glue did not answer CreateTable on dms_delta.ahmad_schema_persons (attempt 1 of 4):"
                        + " InternalServiceException: stubbed InternalServiceException; retrying in 1 ms"), log);
    }

    @Test
    void aCatalogThatKeepsThrottlingFailsTheRegistrationAfterTheAttempts() {
        glue.withDatabase(DB).failNext(Operation.GET_TABLE, 4, 400, "ThrottlingException");

        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registry.register(ENTRY));

        assertEquals("Glue did not answer GetTable on dms_delta.ahmad_schema_persons after 4 attempt(s), the last with"
                + " ThrottlingException: stubbed ThrottlingException; the next run tries again", failed.reason());
        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE, Operation.GET_TABLE, Operation.GET_TABLE,
                Operation.GET_TABLE), glue.operations());
    }

    @Test
    void accessDeniedIsNotRetriedAndSaysWhichPermission() {
        glue.withDatabase(DB).failNext(Operation.CREATE_TABLE, 1, 400, "AccessDeniedException");

        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE, Operation.CREATE_TABLE), glue.operations());
        assertTrue(failed.reason().startsWith("Glue refused CreateTable on dms_delta.ahmad_schema_persons:"
                + " AccessDeniedException: stubbed AccessDeniedException. Allow glue:CreateTable on the Data Catalog,"
                + " the database and its tables"), failed.reason());
    }

    @Test
    void aMissingDatabaseIsNotCreated() {
        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE), glue.operations());
        assertTrue(failed.reason().startsWith("the Glue database 'dms_delta' does not exist in this account's Data"
                + " Catalog in this region; dms-delta does not create databases."), failed.reason());
    }

    @Test
    void anEntryOfThatNameElsewhereIsNotTakenOver() {
        String elsewhere = TABLE_INPUT.replace(S3, "s3://other-team/orders");
        glue.withTable(DB, elsewhere);

        Registration.Failed failed = assertInstanceOf(Registration.Failed.class, registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE), glue.operations());
        assertEquals("dms_delta.ahmad_schema_persons already exists in the Glue Data Catalog as a Delta table at"
                + " s3://other-team/orders, not at " + S3 + "; dms-delta does not take over an entry that points"
                + " elsewhere. Delete that entry (aws glue delete-table --database-name dms_delta --name"
                + " ahmad_schema_persons; the data stays) or register under another --catalog-database.", failed.reason());
        assertEquals(json(elsewhere).path("StorageDescriptor"), glue.table(DB, NAME).orElseThrow().path("StorageDescriptor"));
    }

    @Test
    void anEntryAnotherWriterCreatedMeanwhileIsTakenAsFound() {
        glue.withDatabase(DB).tableCreatedMeanwhile(DB, TABLE_INPUT);

        assertEquals(new Registration.Unchanged(), registry.register(ENTRY));

        assertEquals(List.of(Operation.GET_DATABASE, Operation.GET_TABLE, Operation.CREATE_TABLE, Operation.GET_TABLE),
                glue.operations());
    }

    @Test
    void glueLocationsAreS3UrisAndOnlyS3() {
        assertEquals(S3, S3Location.of("s3a://lake/warehouse/ahmad_schema/Persons/"));
        assertEquals(S3, S3Location.of(S3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> S3Location.of("file:/tmp/warehouse/ahmad_schema/Persons"));
        assertTrue(e.getMessage().contains("give an s3:// (or s3a://) --target, or use --catalog spark"), e.getMessage());
    }
}
