package io.dmsdelta.catalog;

import io.dmsdelta.config.ConfigException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.GlueClientBuilder;
import software.amazon.awssdk.services.glue.model.AlreadyExistsException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * The AWS Glue Data Catalog, through the Glue API (so the entries are in the form Athena reads natively, see
 * {@link GlueTableInputs}, whatever Spark's own catalog is). Per table: {@code GetTable}, then {@code CreateTable}
 * when there is no entry, {@code UpdateTable} when the entry differs from what dms-delta would write (a schema change,
 * typically), nothing when it is already right. The database is looked up once ({@code GetDatabase}) and never
 * created: it must exist (the CloudFormation stack creates it), so that a mistyped {@code --catalog-database} fails
 * instead of quietly making a new database, and the job's role needs no {@code glue:CreateDatabase}.
 *
 * <p>Every call is retried as {@link GlueCalls} says. A {@code CreateTable} that finds the entry created meanwhile
 * (another writer) looks again and goes on from what it finds. Thread-safe.
 */
public final class GlueRegistry implements TableRegistry {

    /** Attempts per Glue call, and the wait before the second: 1, 2 and 4 s between four attempts. */
    static final int ATTEMPTS = 4;
    static final long RETRY_BASE_MILLIS = 1000;

    private final GlueClient glue;
    private final GlueCalls calls;
    private final Set<String> databasesFound = ConcurrentHashMap.newKeySet();

    /**
     * @param glue a client that does not retry by itself ({@link #client()})
     * @param log  receives a line for each retried call
     */
    public GlueRegistry(GlueClient glue, Consumer<String> log) {
        this(glue, new GlueCalls(ATTEMPTS, RETRY_BASE_MILLIS, log));
    }

    GlueRegistry(GlueClient glue, GlueCalls calls) {
        this.glue = requireNonNull(glue, "glue");
        this.calls = requireNonNull(calls, "calls");
    }

    /**
     * A Glue client without SDK retries ({@link GlueCalls} owns them), with the region and credentials of the SDK's
     * default chains (on Glue and EMR: the job's region and role; elsewhere {@code AWS_REGION}, a profile, ...). It
     * uses the JDK's URL-connection HTTP client when that is on the classpath, else the SDK's default one.
     */
    public static GlueClient client() {
        GlueClientBuilder builder = GlueClient.builder()
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
        if (UrlConnectionClient.available()) {
            UrlConnectionClient.use(builder);
        }
        return builder.build();
    }

    /**
     * A registry with {@link #client()}.
     *
     * @throws ConfigException when the client cannot be set up (no region, say)
     */
    public static TableRegistry create(Consumer<String> log) {
        try {
            return new GlueRegistry(client(), log);
        } catch (SdkClientException e) {
            throw new ConfigException("--catalog glue: the Glue client could not be set up: " + e.getMessage()
                    + " Give it a region and credentials as any AWS SDK client takes them (docs/configuration.md,"
                    + " \"S3 and AWS credentials\").", e);
        }
    }

    @Override
    public String describe() {
        return "the Glue Data Catalog";
    }

    @Override
    public Registration register(CatalogEntry entry) {
        String target = entry.qualifiedName();
        try {
            String location = S3Location.of(entry.location());
            requireDatabase(entry.database());
            TableInput wanted = GlueTableInputs.of(entry, location);
            Optional<Table> existing = getTable(entry);
            if (existing.isEmpty()) {
                try {
                    calls.call("CreateTable", target, () -> glue.createTable(r -> r.databaseName(entry.database())
                            .tableInput(wanted)));
                    return new Registration.Created();
                } catch (GlueCalls.Failed e) {
                    if (!(e.sdkCause() instanceof AlreadyExistsException)) {
                        throw e;
                    }
                    existing = getTable(entry); // created meanwhile by another writer: go on from what it wrote
                    if (existing.isEmpty()) {
                        throw e;
                    }
                }
            }
            return reconcile(entry, location, existing.get());
        } catch (GlueCalls.Failed | Refused | IllegalArgumentException e) {
            return new Registration.Failed(e.getMessage());
        }
    }

    /** Glue answered, but with something dms-delta cannot register into; the message is complete. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private Registration reconcile(CatalogEntry entry, String location, Table existing) throws GlueCalls.Failed {
        String existingLocation = GlueTableInputs.location(existing);
        if (!GlueTableInputs.isDelta(existing) || !location.equals(existingLocation)) {
            return new Registration.Failed(entry.qualifiedName() + " already exists in " + describe() + " as "
                    + (GlueTableInputs.isDelta(existing) ? "a Delta table" : "a table that is not a Delta table")
                    + " at " + existingLocation + ", not at " + location + "; dms-delta does not take over an entry that"
                    + " points elsewhere. Delete that entry (aws glue delete-table --database-name " + entry.database()
                    + " --name " + entry.name() + "; the data stays) or register under another --catalog-database.");
        }
        TableInput wanted = GlueTableInputs.over(existing, entry, location);
        List<String> changes = GlueTableInputs.differences(existing, wanted);
        if (changes.isEmpty()) {
            return new Registration.Unchanged();
        }
        calls.call("UpdateTable", entry.qualifiedName(), () -> glue.updateTable(r -> r.databaseName(entry.database())
                .tableInput(wanted)));
        return new Registration.Updated(String.join("; ", changes));
    }

    private Optional<Table> getTable(CatalogEntry entry) throws GlueCalls.Failed {
        return calls.call("GetTable", entry.qualifiedName(), () -> {
            try {
                return Optional.of(glue.getTable(r -> r.databaseName(entry.database()).name(entry.name())).table());
            } catch (EntityNotFoundException e) {
                return Optional.<Table>empty();
            }
        });
    }

    /** Looks the database up once; later tables of the run only look up their table. */
    private void requireDatabase(String database) throws GlueCalls.Failed, Refused {
        if (databasesFound.contains(database)) {
            return;
        }
        boolean found = calls.call("GetDatabase", database, () -> {
            try {
                glue.getDatabase(r -> r.name(database));
                return true;
            } catch (EntityNotFoundException e) {
                return false;
            }
        });
        if (!found) {
            throw new Refused("the Glue database '" + database + "' does not exist in this account's"
                    + " Data Catalog in this region; dms-delta does not create databases. Create it (the CloudFormation"
                    + " stack does, CreateCatalogDatabase=true; or aws glue create-database --database-input"
                    + " Name=" + database + ") or name an existing one with --catalog-database.");
        }
        databasesFound.add(database);
    }
}
