package io.dmsdelta.pipeline;

import io.dmsdelta.report.CatalogReport;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.Pipeline;
import io.dmsdelta.testing.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --catalog-database} with Spark's session catalog, end to end: the table is queryable by name with Spark
 * SQL in the same session, a column added later is visible by name, a table loaded before is registered by the next
 * run, and a registration that fails keeps the data and says so (exit code 5).
 */
class QueryByNameTest {

    @TempDir
    Path dir;

    private static final String PERSONS = """
            {"tables": [{"schema": "ahmad_schema", "table": "Persons", "primaryKey": ["PersonId"],
              "columns": [{"name": "PersonId", "type": "int"}, {"name": "FullName", "type": "string"},
                          {"name": "City", "type": "string"}%s]}]}""";

    private static List<String> query(String sql) {
        return Pipeline.Tables.rows(TestSpark.get().sql(sql));
    }

    @Test
    void aLoadedTableIsQueryableByNameAndAnAddedColumnToo() {
        Pipeline p = new Pipeline(dir).withTables(PERSONS.formatted("")).copySample("ahmad_schema/Persons");

        Pipeline.Result loaded = p.run("--catalog-database", "by_name");

        assertEquals(0, loaded.exitCode(), loaded.all());
        TableReport persons = loaded.table("ahmad_schema.Persons");
        assertEquals(TableStatus.APPLIED, persons.status());
        assertEquals(new CatalogReport("by_name.ahmad_schema_persons", CatalogReport.Status.CREATED, null),
                persons.catalog());
        assertEquals(p.rows("ahmad_schema", "Persons"), query("SELECT * FROM by_name.ahmad_schema_persons"));
        assertEquals(List.of("Chandler Bing|Portland"),
                query("SELECT FullName, City FROM by_name.ahmad_schema_persons WHERE PersonId = 132"));
        assertEquals(p.version("ahmad_schema", "Persons"), persons.deltaVersion(), "registering made no commit");

        // The source gains a column; DMS writes it from the next file on.
        p.withTables(PERSONS.formatted(", {\"name\": \"email\", \"type\": \"string\", \"addedLater\": true}"));
        p.file("ahmad_schema/Persons/20240612-110000000.csv", "I,133,Ross Geller,Boston,ross@example.org");
        Pipeline.Result evolved = p.run("--catalog-database", "by_name");

        assertEquals(0, evolved.exitCode(), evolved.all());
        TableReport after = evolved.assertWarning("ahmad_schema.Persons", "added column(s) email string");
        // Delta's session-catalog entry holds the location only (the log is the schema): nothing to rewrite.
        assertEquals(new CatalogReport("by_name.ahmad_schema_persons", CatalogReport.Status.UNCHANGED, null),
                after.catalog());
        assertEquals(List.of("Ross Geller|ross@example.org"),
                query("SELECT FullName, email FROM by_name.ahmad_schema_persons WHERE PersonId = 133"));
        assertEquals(List.of("null"), query("SELECT email FROM by_name.ahmad_schema_persons WHERE PersonId = 1"));
    }

    @Test
    void aTableLoadedWithoutACatalogIsRegisteredByTheNextRunThatHasOne() {
        Pipeline p = new Pipeline(dir).withTables(PERSONS.formatted("")).copySample("ahmad_schema/Persons");
        assertEquals(0, p.run().exitCode());

        Pipeline.Result registered = p.run("--catalog-database", "registered_later");

        assertEquals(0, registered.exitCode(), registered.all());
        TableReport persons = registered.table("ahmad_schema.Persons");
        assertEquals(TableStatus.UP_TO_DATE, persons.status());
        assertEquals(CatalogReport.Status.CREATED, persons.catalog().status());
        assertEquals(p.rows("ahmad_schema", "Persons"), query("SELECT * FROM registered_later.ahmad_schema_persons"));

        Pipeline.Result again = p.run("--catalog-database", "registered_later");
        assertEquals(CatalogReport.Status.UNCHANGED, again.table("ahmad_schema.Persons").catalog().status());
    }

    @Test
    void aNameTakenByAnotherTableFailsTheRegistrationButNotTheData() {
        Pipeline p = new Pipeline(dir).withTables(PERSONS.formatted("")).copySample("ahmad_schema/Persons");
        String other = dir.resolve("other").toUri().toString();
        TestSpark.get().sql("CREATE DATABASE IF NOT EXISTS taken");
        TestSpark.get().sql("CREATE TABLE taken.ahmad_schema_persons (x int) USING parquet LOCATION '" + other + "'");

        Pipeline.Result result = p.run("--catalog-database", "taken");

        assertEquals(5, result.exitCode(), result.all());
        TableReport persons = result.table("ahmad_schema.Persons");
        assertEquals(TableStatus.APPLIED, persons.status());
        assertEquals(22, p.rows("ahmad_schema", "Persons").size(), "loaded and changed: the data commits stand");
        assertEquals(CatalogReport.Status.FAILED, persons.catalog().status());
        assertTrue(persons.catalog().message().startsWith("taken.ahmad_schema_persons already exists in Spark's"
                + " session catalog as a parquet table at " + new org.apache.hadoop.fs.Path(other) + ", not as the Delta"
                + " table at "), persons.catalog().message());
        assertTrue(result.report().succeeded(), "the data of every table was applied");

        TestSpark.get().sql("DROP TABLE taken.ahmad_schema_persons");
        Pipeline.Result next = p.run("--catalog-database", "taken");
        assertEquals(0, next.exitCode(), next.all());
        assertEquals(CatalogReport.Status.CREATED, next.table("ahmad_schema.Persons").catalog().status());
    }

    @Test
    void namesACatalogCannotTakeAreRefusedBeforeAnythingIsWritten() {
        Pipeline p = new Pipeline(dir).copySample("ahmad_schema/Persons");
        p.withTables("""
                {"tables": [
                  {"schema": "a_b", "table": "c", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]},
                  {"schema": "a", "table": "b_c", "primaryKey": ["id"], "columns": [{"name": "id", "type": "int"}]}]}""");
        assertTrue(p.run("--catalog-database", "lake").usageError().contains("Tables a_b.c and a.b_c would both be"
                + " registered in the catalog as 'a_b_c'"));

        p.withTables(PERSONS.formatted(""));
        assertTrue(p.run("--catalog-database", "My-Lake").usageError().contains("--catalog-database is 'My-Lake'"));
        assertTrue(p.run("--catalog-database", "lake", "--catalog", "glue").usageError().contains("--catalog glue"
                + " registers tables for Athena and Glue jobs, which read them from S3, but the table is at file:"));
        assertTrue(p.run("--catalog", "spark").usageError().contains("give --catalog-database <database> too"));

        assertFalse(Files.exists(p.target), "nothing was written");
    }
}
