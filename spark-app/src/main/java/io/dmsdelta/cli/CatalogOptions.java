package io.dmsdelta.cli;

import io.dmsdelta.catalog.CatalogNames;
import io.dmsdelta.catalog.CatalogRegistration;
import io.dmsdelta.catalog.GlueRegistry;
import io.dmsdelta.catalog.S3Location;
import io.dmsdelta.catalog.SparkSessionRegistry;
import io.dmsdelta.catalog.TableRegistry;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.config.TableDefinition;
import io.dmsdelta.report.Progress;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/** Where {@code run} registers its tables so they can be queried by name ({@code --catalog-database}). */
public final class CatalogOptions {

    /** The catalogs a run can register its tables in. */
    public enum Catalog {
        /** Spark's session catalog: in-memory locally, the cluster's metastore where it has one. */
        SPARK,
        /** The AWS Glue Data Catalog through the Glue API, in the form Athena reads natively. */
        GLUE
    }

    @Option(names = "--catalog-database", paramLabel = "<database>",
            description = "Register every table in this catalog database after its sync, as <database>.<schema>_<table>"
                    + " (lowercased) pointing at its Delta table: created after a full load, updated when columns are"
                    + " added, and registered when it exists but is not yet. Lowercase letters, digits and"
                    + " underscores. A registration that fails leaves the table's data committed; the exit code is"
                    + " then 5. Default: no registration.")
    String database;

    @Option(names = "--catalog", paramLabel = "<spark|glue>",
            description = "With --catalog-database: spark (default) registers in Spark's session catalog (CREATE TABLE"
                    + " ... USING delta LOCATION, queryable by name in this Spark application or the cluster's"
                    + " metastore); glue registers in the AWS Glue Data Catalog through the Glue API, in the form"
                    + " Athena reads Delta tables natively (needs an s3:// --target and an existing Glue database).")
    Catalog catalog;

    /**
     * The registration step of the run, when {@code --catalog-database} is given.
     *
     * @param tables     the tables the run syncs: their catalog names must be usable and distinct
     * @param targetRoot the qualified warehouse root
     * @throws ConfigException for a database name or table names a catalog does not take, or a catalog that cannot
     *                         hold the tables (Glue with a target outside S3)
     */
    Optional<CatalogRegistration> registration(SparkSession spark, List<TableDefinition> tables, String targetRoot,
                                               Progress progress) {
        if (database == null) {
            if (catalog != null) {
                throw new ConfigException("--catalog says which catalog --catalog-database registers the tables in;"
                        + " give --catalog-database <database> too, or leave --catalog out.");
            }
            return Optional.empty();
        }
        CatalogNames.database(database);
        CatalogNames.requireUsable(tables);
        return Optional.of(new CatalogRegistration(registry(spark, targetRoot, progress), database, progress));
    }

    private TableRegistry registry(SparkSession spark, String targetRoot, Progress progress) {
        if (catalog != Catalog.GLUE) {
            return new SparkSessionRegistry(spark);
        }
        try {
            S3Location.of(targetRoot);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        try {
            return GlueRegistry.create(line -> progress.table("catalog", line));
        } catch (NoClassDefFoundError e) {
            throw new ConfigException("--catalog glue needs the AWS SDK for Java 2's Glue client, which is not on the"
                    + " classpath (" + e.getMessage() + "). AWS Glue 5.1 and EMR 7 have it; elsewhere add"
                    + " software.amazon.awssdk:glue and software.amazon.awssdk:url-connection-client (2.29.52 or"
                    + " later) to the job, e.g. with --packages (docs/spark-submit.md).");
        }
    }
}
