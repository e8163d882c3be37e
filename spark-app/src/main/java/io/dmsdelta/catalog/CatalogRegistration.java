package io.dmsdelta.catalog;

import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.delta.DeltaTableHandle;
import io.dmsdelta.report.CatalogReport;
import io.dmsdelta.report.Failures;
import io.dmsdelta.report.Progress;
import io.dmsdelta.report.TableReport;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * A run's step after each table's sync ({@code run --catalog-database}): registers the table under its
 * {@link CatalogNames} name, pointing at its Delta table, with its columns as the Delta log has them now. That covers
 * a table just created (full load or reload), one whose schema changed (columns added) and one that exists but is not
 * registered yet (the first run with {@code --catalog-database}, an entry someone deleted).
 *
 * <p>Each table is looked up in the catalog once per process: after that, a pass of {@code run --watch} registers it
 * again only when its location or columns differ from what was registered, so a long watch does not call the catalog
 * for every table on every pass.
 *
 * <p>A registration never changes the table's outcome: its data commits stand whatever the catalog answers. What
 * happened goes into the table's report ({@link CatalogReport}); a failure there makes the run's exit code 5 (see
 * {@code ExitCodes.CATALOG_FAILED}), and the next run tries again. Thread-safe.
 */
public final class CatalogRegistration {

    private final TableRegistry registry;
    private final String database;
    private final Progress progress;
    private final Map<String, CatalogEntry> registered = new ConcurrentHashMap<>();

    /**
     * @param registry the catalog
     * @param database the catalog database, a usable {@link CatalogNames#database} name
     */
    public CatalogRegistration(TableRegistry registry, String database, Progress progress) {
        this.registry = requireNonNull(registry, "registry");
        this.database = CatalogNames.database(database);
        this.progress = requireNonNull(progress, "progress");
    }

    /**
     * The table's report with what happened to its catalog entry; the report as it was when there is no Delta table
     * (yet) to register.
     *
     * @param session   the table's session
     * @param tablePath the Delta table's URI
     */
    public TableReport after(SparkSession session, TableDefinition table, String tablePath, TableReport report) {
        if (report.deltaVersion() < 0) {
            return report;
        }
        String name = CatalogNames.tableName(table);
        String qualified = database + "." + name;
        try {
            StructType schema = DeltaTableHandle.open(session, tablePath).schema();
            CatalogEntry entry = new CatalogEntry(database, name, tablePath, table.qualifiedName(), schema);
            if (entry.equals(registered.get(name))) {
                return report.withCatalog(new CatalogReport(qualified, CatalogReport.Status.UNCHANGED, null));
            }
            Registration registration = registry.register(entry);
            if (registration instanceof Registration.Failed) {
                registered.remove(name);
            } else {
                registered.put(name, entry);
            }
            return report.withCatalog(reportOf(table, qualified, registration));
        } catch (Exception e) { // Delta's log read throws Scala's undeclared checked exceptions
            registered.remove(name);
            return report.withCatalog(reportOf(table, qualified, new Registration.Failed("the Delta table's schema"
                    + " could not be read to register it: " + Failures.rootCause(e))));
        }
    }

    private CatalogReport reportOf(TableDefinition table, String qualified, Registration registration) {
        if (registration instanceof Registration.Created) {
            progress.table(table.qualifiedName(), "registered as " + qualified + " in " + registry.describe());
            return new CatalogReport(qualified, CatalogReport.Status.CREATED, null);
        }
        if (registration instanceof Registration.Updated updated) {
            progress.table(table.qualifiedName(), "updated " + qualified + " in " + registry.describe() + ": "
                    + updated.change());
            return new CatalogReport(qualified, CatalogReport.Status.UPDATED, updated.change());
        }
        if (registration instanceof Registration.Failed failed) {
            progress.table(table.qualifiedName(), "catalog registration FAILED: " + failed.reason());
            return new CatalogReport(qualified, CatalogReport.Status.FAILED, failed.reason());
        }
        return new CatalogReport(qualified, CatalogReport.Status.UNCHANGED, null);
    }
}
