package io.dmsdelta.catalog;

import io.dmsdelta.report.Failures;
import io.dmsdelta.spark.SqlNames;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.TableIdentifier;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.SessionCatalog;
import scala.Option;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Spark's session catalog (an in-memory one locally, a Hive metastore or Glue where the cluster configures one):
 * {@code CREATE DATABASE IF NOT EXISTS}, then {@code CREATE TABLE IF NOT EXISTS <db>.<name> USING delta LOCATION
 * '<path>'}, so that the table can be queried by name through Spark SQL in this application (and, with a shared
 * metastore, in others).
 *
 * <p>Delta keeps no columns in a session-catalog entry (its schema there is empty: the Delta log is the schema), so an
 * entry pointing at the right location is already right after a schema change too: an added column is visible by name
 * at once. Registering writes no Delta commit. Thread-safe: the session catalog is.
 */
public final class SparkSessionRegistry implements TableRegistry {

    private final SparkSession spark;
    private final Set<String> databasesMade = ConcurrentHashMap.newKeySet();

    /** @param spark the session whose catalog gets the entries (the per-table sessions share it) */
    public SparkSessionRegistry(SparkSession spark) {
        this.spark = requireNonNull(spark, "spark");
    }

    @Override
    public String describe() {
        return "Spark's session catalog";
    }

    @Override
    public Registration register(CatalogEntry entry) {
        try {
            SessionCatalog catalog = spark.sessionState().catalog();
            if (!databasesMade.contains(entry.database())) {
                spark.sql("CREATE DATABASE IF NOT EXISTS " + SqlNames.quote(entry.database()));
                databasesMade.add(entry.database());
            }
            TableIdentifier id = new TableIdentifier(entry.name(), Option.apply(entry.database()));
            if (!catalog.tableExists(id)) {
                spark.sql("CREATE TABLE IF NOT EXISTS " + SqlNames.quote(entry.database()) + "."
                        + SqlNames.quote(entry.name()) + " USING delta LOCATION " + literal(entry.location()));
                return new Registration.Created();
            }
            CatalogTable existing = catalog.getTableMetadata(id);
            String provider = existing.provider().isDefined() ? existing.provider().get() : "(none)";
            String location = existing.storage().locationUri().isDefined()
                    ? new Path(existing.location()).toString() : "(no location)";
            if (!"delta".equalsIgnoreCase(provider) || !location.equals(new Path(entry.location()).toString())) {
                return new Registration.Failed(entry.qualifiedName() + " already exists in " + describe() + " as a "
                        + provider + " table at " + location + ", not as the Delta table at " + entry.location()
                        + "; dms-delta does not take over a name that points elsewhere. Drop that entry (DROP TABLE"
                        + " leaves an external table's files) or register under another --catalog-database.");
            }
            return new Registration.Unchanged();
        } catch (Exception e) { // Spark's AnalysisException is a checked exception Scala does not declare
            return new Registration.Failed("Spark could not register " + entry.qualifiedName() + ": "
                    + Failures.rootCause(e));
        }
    }

    /** A SQL string literal: backslashes and quotes escaped, as Spark's parser reads them. */
    static String literal(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
