package io.dmsdelta.cli;

import io.dmsdelta.config.DynamoDbSource;
import io.dmsdelta.config.ConfigException;
import io.dmsdelta.init.DynamoDbCatalog;
import io.dmsdelta.init.DynamoDbRecordSample;
import io.dmsdelta.init.DynamoDbSample;
import io.dmsdelta.init.DynamoDbScan;
import io.dmsdelta.init.DynamoDbTarget;
import io.dmsdelta.init.TableName;
import io.dmsdelta.report.Progress;
import io.dmsdelta.spark.Storage;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * init's options for a DynamoDB table ({@code --from-dynamodb}, {@code --from-dynamodb-records}): the definition's
 * name, the sample, the source's settings, and how the table is reached.
 */
final class DynamoDbInitOptions {

    static final String DEFAULT_SCHEMA = "dynamodb";
    static final int DEFAULT_SAMPLE_SIZE = 1_000;

    @Option(names = "--schema", paramLabel = "<name>",
            description = "With --from-dynamodb(-records): the definition's schema (default: " + DEFAULT_SCHEMA + "). Its"
                    + " table is the DynamoDB table's name lower-cased, each character but a-z, 0-9 and _ made _.")
    String schema;

    @Option(names = "--sample-size", paramLabel = "<n>",
            description = "With --from-dynamodb(-records): how many items (Scan) or records to read at most (default: "
                    + DEFAULT_SAMPLE_SIZE + ").")
    Integer sampleSize;

    @Option(names = "--dynamodb-shape", paramLabel = "<stream|kinesis|export>",
            description = "With --from-dynamodb(-records): how the table's changes are landed: DynamoDB Streams records"
                    + " (stream, the default for --from-dynamodb), Kinesis Data Streams records (kinesis) or incremental"
                    + " export lines (export); --from-dynamodb-records takes the records' own.")
    String shape;

    @Option(names = "--dynamodb-folder", paramLabel = "<folder>",
            description = "With --from-dynamodb(-records): the folder under a run's --source that the changes land in"
                    + " (default: dynamodb/<TableName>).")
    String folder;

    @Option(names = "--no-rest-column",
            description = "With --from-dynamodb(-records): no " + DynamoDbTarget.DEFAULT_REST_COLUMN + " column, which"
                    + " otherwise holds the attributes without a column of their own as JSON text; they are then ignored.")
    boolean noRestColumn;

    @Option(names = "--dynamodb-table", paramLabel = "<TableName>",
            description = "With --from-dynamodb-records: the table the records are of, when they do not name it"
                    + " (incremental export lines do not).")
    String recordsTable;

    @Option(names = "--region", paramLabel = "<region>",
            description = "With --from-dynamodb: the table's AWS region (default: the AWS SDK's, e.g. AWS_REGION).")
    String region;

    @Option(names = "--dynamodb-endpoint", paramLabel = "<url>",
            description = "With --from-dynamodb: the DynamoDB endpoint, for a private endpoint or a local stand-in"
                    + " (default: the region's).")
    String endpoint;

    /**
     * Checks the options before anything is read: each must fit the source and have a value it takes.
     *
     * @param fromTable   {@code --from-dynamodb} is the source
     * @param fromRecords {@code --from-dynamodb-records} is the source
     */
    void check(String sourceOption, boolean fromTable, boolean fromRecords) {
        if (!fromTable && !fromRecords) {
            requireUnused(sourceOption);
            return;
        }
        if (fromRecords && (region != null || endpoint != null)) {
            throw new ConfigException("--region and --dynamodb-endpoint are for --from-dynamodb;"
                    + " --from-dynamodb-records reads files.");
        }
        if (fromTable && recordsTable != null) {
            throw new ConfigException("--dynamodb-table is for --from-dynamodb-records; --from-dynamodb names the table.");
        }
        if (sampleSize() < 1) {
            throw new ConfigException("--sample-size is " + sampleSize() + "; give how many items to read, at least 1.");
        }
        if (folder != null && folder.isBlank()) {
            throw new ConfigException("--dynamodb-folder is empty; give the folder the table's changes land in.");
        }
        shape(); // their values refused now, before anything is read
        endpoint();
    }

    private void requireUnused(String sourceOption) {
        List<String> given = new ArrayList<>();
        addIf(given, schema != null, "--schema");
        addIf(given, sampleSize != null, "--sample-size");
        addIf(given, shape != null, "--dynamodb-shape");
        addIf(given, folder != null, "--dynamodb-folder");
        addIf(given, noRestColumn, "--no-rest-column");
        addIf(given, recordsTable != null, "--dynamodb-table");
        addIf(given, region != null, "--region");
        addIf(given, endpoint != null, "--dynamodb-endpoint");
        if (!given.isEmpty()) {
            throw new ConfigException(String.join(", ", given) + (given.size() == 1 ? " is" : " are") + " for"
                    + " --from-dynamodb and --from-dynamodb-records; " + sourceOption + " reads no DynamoDB table.");
        }
    }

    /**
     * Reads the sample: through the DynamoDB API for {@code table}, else from the {@code records}.
     *
     * @param storage the storage the records are read with; empty with a table
     */
    DynamoDbSample sample(String table, String records, Optional<Storage> storage, Progress progress) {
        if (table == null) {
            progress.table("init", "sampling DynamoDB records in " + records);
            DynamoDbSample sample = DynamoDbRecordSample.sample(storage.orElseThrow(), records, sampleSize(),
                    Optional.ofNullable(recordsTable));
            shape().filter(given -> !sample.shape().equals(Optional.of(given))).ifPresent(given -> {
                throw new ConfigException("--dynamodb-shape is " + given.configName() + ", but the records of "
                        + records + " are " + sample.shape().orElseThrow().configName() + " records; leave it out.");
            });
            return sample;
        }
        progress.table("init", "sampling DynamoDB table " + table);
        try {
            return DynamoDbScan.sample(table, Optional.ofNullable(region), endpoint(), sampleSize());
        } catch (NoClassDefFoundError e) {
            throw new ConfigException("--from-dynamodb needs the AWS SDK for Java 2's DynamoDB client, which is not on"
                    + " the classpath (" + e.getMessage() + "). bin/dms-delta has it; elsewhere add"
                    + " software.amazon.awssdk:dynamodb and software.amazon.awssdk:url-connection-client (2.29.52 or"
                    + " later), e.g. with --packages.");
        }
    }

    /** The source the definition is written for. */
    DynamoDbTarget target(DynamoDbSample sample) {
        return new DynamoDbTarget(sample.dynamoTable(),
                folder == null ? DynamoDbTarget.defaultFolder(sample.dynamoTable()) : folder,
                shape().or(sample::shape).orElse(DynamoDbSource.Shape.STREAM), restColumn(), sample.keyOrderKnown());
    }

    DynamoDbCatalog catalog(DynamoDbSample sample) {
        return new DynamoDbCatalog(new TableName(schema == null ? DEFAULT_SCHEMA : schema,
                DynamoDbTarget.tableName(sample.dynamoTable())), sample, restColumn());
    }

    private int sampleSize() {
        return sampleSize == null ? DEFAULT_SAMPLE_SIZE : sampleSize;
    }

    private Optional<String> restColumn() {
        return noRestColumn ? Optional.empty() : Optional.of(DynamoDbTarget.DEFAULT_REST_COLUMN);
    }

    private Optional<DynamoDbSource.Shape> shape() {
        return Optional.ofNullable(shape).map(name -> DynamoDbSource.Shape.of(name).orElseThrow(() -> new ConfigException(
                "--dynamodb-shape is \"" + name + "\"; give stream, kinesis or export.")));
    }

    private Optional<URI> endpoint() {
        if (endpoint == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(endpoint);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "not an http:// or https:// URL with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new ConfigException("--dynamodb-endpoint " + endpoint + " is " + e.getReason()
                    + "; give one such as https://dynamodb.eu-west-1.amazonaws.com.");
        }
    }

    private static void addIf(List<String> given, boolean condition, String option) {
        if (condition) {
            given.add(option);
        }
    }
}
