package io.dmsdelta.catalog;

import io.dmsdelta.config.ColumnDefinition;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.CatalogReport;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.Reason;
import io.dmsdelta.report.TableReport;
import io.dmsdelta.report.TableStatus;
import io.dmsdelta.testing.TestSpark;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The step after each table's sync: what it registers, when it calls the catalog again, what the report says. */
class CatalogRegistrationTest {

    @TempDir
    Path dir;

    private final SparkSession spark = TestSpark.get();
    private final TableDefinition table = new TableDefinition("s", "T", List.of("id"),
            List.of(new ColumnDefinition("id", DataTypes.IntegerType)), Optional.empty());

    /** A catalog that records what it is asked to register and answers as scripted (Unchanged once the script ends). */
    private static final class RecordingRegistry implements TableRegistry {
        final List<CatalogEntry> registered = new ArrayList<>();
        final Deque<Registration> answers = new ArrayDeque<>();

        @Override
        public synchronized Registration register(CatalogEntry entry) {
            registered.add(entry);
            return answers.isEmpty() ? new Registration.Unchanged() : answers.poll();
        }

        @Override
        public String describe() {
            return "the test's catalog";
        }
    }

    private final RecordingRegistry registry = new RecordingRegistry();
    private final CatalogRegistration registration = new CatalogRegistration(registry, "lake",
            new Progress(new PrintStream(new ByteArrayOutputStream())));

    private static TableReport applied(long deltaVersion) {
        return new TableReport("s.T", TableStatus.APPLIED, null, 1, 2, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 5,
                null, null, null, deltaVersion, 10, List.of());
    }

    @Test
    void aTableIsRegisteredWithItsColumnsAndLookedUpOnceWhileNothingChanges() {
        String path = dir.resolve("s/T").toUri().toString();
        spark.sql("SELECT 1 AS id").write().format("delta").save(path);
        registry.answers.add(new Registration.Created());

        TableReport first = registration.after(spark, table, path, applied(0));
        TableReport second = registration.after(spark, table, path, applied(0));

        assertEquals(new CatalogReport("lake.s_t", CatalogReport.Status.CREATED, null), first.catalog());
        assertEquals(new CatalogReport("lake.s_t", CatalogReport.Status.UNCHANGED, null), second.catalog());
        assertEquals(List.of(new CatalogEntry("lake", "s_t", path, "s.T",
                new org.apache.spark.sql.types.StructType().add("id", DataTypes.IntegerType))), registry.registered);
        assertEquals(applied(0).withCatalog(first.catalog()), first, "the rest of the report is as the sync made it");
    }

    @Test
    void aColumnAddedToTheTableRegistersItAgainWithTheNewColumns() {
        String path = dir.resolve("s/T").toUri().toString();
        spark.sql("SELECT 1 AS id").write().format("delta").save(path);
        registration.after(spark, table, path, applied(0));
        spark.sql("SELECT 2 AS id, 'x' AS email").write().format("delta").mode("append").option("mergeSchema", "true")
                .save(path);
        registry.answers.add(new Registration.Updated("added column(s) email string"));

        TableReport report = registration.after(spark, table, path, applied(1));

        assertEquals(new CatalogReport("lake.s_t", CatalogReport.Status.UPDATED, "added column(s) email string"),
                report.catalog());
        assertEquals(2, registry.registered.size());
        assertEquals(List.of("id", "email"), List.of(registry.registered.get(1).schema().fieldNames()));
    }

    @Test
    void aFailedRegistrationIsReportedAndTriedAgainNextTime() {
        String path = dir.resolve("s/T").toUri().toString();
        spark.sql("SELECT 1 AS id").write().format("delta").save(path);
        registry.answers.add(new Registration.Failed("Glue refused CreateTable"));

        TableReport failed = registration.after(spark, table, path, applied(0));
        TableReport retried = registration.after(spark, table, path, applied(0));

        assertEquals(new CatalogReport("lake.s_t", CatalogReport.Status.FAILED, "Glue refused CreateTable"),
                failed.catalog());
        assertEquals(TableStatus.APPLIED, failed.status());
        assertEquals(new CatalogReport("lake.s_t", CatalogReport.Status.UNCHANGED, null), retried.catalog());
        assertEquals(2, registry.registered.size());
    }

    @Test
    void aTableWithNoDeltaTableIsNotRegistered() {
        TableReport skipped = TableReport.without("s.T", TableStatus.SKIPPED, Reason.NO_SOURCE_FOLDER, "no folder");

        assertEquals(skipped, registration.after(spark, table, dir.resolve("none").toUri().toString(), skipped));
        assertNull(skipped.catalog());
        assertEquals(List.of(), registry.registered);
    }
}
