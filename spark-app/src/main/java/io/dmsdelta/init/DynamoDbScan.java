package io.dmsdelta.init;

import io.dmsdelta.catalog.UrlConnectionClient;
import io.dmsdelta.config.ConfigException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Samples a DynamoDB table through its API: DescribeTable's key schema (partition key, then sort key, typed by its
 * AttributeDefinitions), then Scan's first items, at most the sample size. Credentials are the AWS SDK's default
 * chain; every failure is a {@link ConfigException} that says what to check.
 */
public final class DynamoDbScan {

    /** Scan's page size: a page is at most 1 MB whatever the limit. */
    private static final int PAGE = 1_000;

    private DynamoDbScan() {
    }

    /**
     * @param region   the table's region; empty for the SDK's default ({@code AWS_REGION}, the profile, ...)
     * @param endpoint another endpoint than the region's (a local stand-in, a private endpoint)
     * @param size     how many items to read at most
     */
    public static DynamoDbSample sample(String table, Optional<String> region, Optional<URI> endpoint, int size) {
        try (DynamoDbClient client = client(region, endpoint)) {
            String where = "DynamoDB table " + table + " in " + client.serviceClientConfiguration().region()
                    + endpoint.map(e -> " at " + e).orElse("");
            TableDescription description = describe(client, table, where);
            List<KeySchemaElement> keySchema = new ArrayList<>(description.keySchema());
            keySchema.sort(Comparator.comparing(k -> k.keyType() == KeyType.HASH ? 0 : 1));
            ItemSample sample = new ItemSample(keySchema.stream().map(KeySchemaElement::attributeName).toList());
            for (AttributeDefinition attribute : description.attributeDefinitions()) {
                if (sample.key().contains(attribute.attributeName())) {
                    sample.declare(attribute.attributeName(), AttributeDescriptor.valueOf(attribute.attributeTypeAsString()));
                }
            }
            scan(client, table, size, sample, where);
            return new DynamoDbSample(table, sample, Optional.empty(), true, where, "columns and types from the key schema"
                    + " (DescribeTable) and a sample of " + sample.items() + (sample.items() == 1 ? " item" : " items")
                    + " (Scan, at most " + size + ": --sample-size).");
        }
    }

    private static DynamoDbClient client(Optional<String> region, Optional<URI> endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder();
        if (UrlConnectionClient.available()) {
            UrlConnectionClient.use(builder);
        }
        region.ifPresent(r -> builder.region(Region.of(r)));
        endpoint.ifPresent(builder::endpointOverride);
        try {
            return builder.build();
        } catch (SdkClientException e) {
            throw new ConfigException("the DynamoDB client could not be set up: " + sentence(e.getMessage())
                    + " Give the table's region with --region (or AWS_REGION).", e);
        }
    }

    private static TableDescription describe(DynamoDbClient client, String table, String where) {
        try {
            return client.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            throw new ConfigException(where + " does not exist: check its name (DynamoDB names are case-sensitive),"
                    + " --region and the account of the credentials.", e);
        } catch (DynamoDbException e) {
            throw refused("DescribeTable", where, e);
        } catch (SdkClientException e) {
            throw unreachable(where, e);
        }
    }

    private static void scan(DynamoDbClient client, String table, int size, ItemSample sample, String where) {
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                ScanResponse page = client.scan(r -> r.tableName(table).limit(Math.min(PAGE, size - sample.items()))
                        .exclusiveStartKey(from));
                for (Map<String, AttributeValue> item : page.items()) {
                    sample.add(values(item, where));
                }
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && sample.items() < size);
        } catch (DynamoDbException e) {
            throw refused("Scan", where, e);
        } catch (SdkClientException e) {
            throw unreachable(where, e);
        }
    }

    private static Map<String, SampledValue> values(Map<String, AttributeValue> item, String where) {
        Map<String, SampledValue> values = new LinkedHashMap<>();
        item.forEach((name, value) -> values.put(name, value(value, name, where)));
        return values;
    }

    static SampledValue value(AttributeValue value, String attribute, String where) {
        return switch (value.type()) {
            case S -> SampledValue.of(AttributeDescriptor.S);
            case N -> new SampledValue(AttributeDescriptor.N, List.of(value.n()));
            case B -> SampledValue.of(AttributeDescriptor.B);
            case BOOL -> SampledValue.of(AttributeDescriptor.BOOL);
            case NUL -> SampledValue.of(AttributeDescriptor.NULL);
            case M -> SampledValue.of(AttributeDescriptor.M);
            case L -> SampledValue.of(AttributeDescriptor.L);
            case SS -> SampledValue.of(AttributeDescriptor.SS);
            case NS -> new SampledValue(AttributeDescriptor.NS, value.ns());
            case BS -> SampledValue.of(AttributeDescriptor.BS);
            case UNKNOWN_TO_SDK_VERSION -> throw new ConfigException(where + ": attribute " + attribute + " has a value"
                    + " of a type this AWS SDK does not know; use a newer SDK.");
        };
    }

    private static ConfigException refused(String operation, String where, DynamoDbException e) {
        return new ConfigException("DynamoDB refused " + operation + " of " + where + ": "
                + e.awsErrorDetails().errorMessage() + " (" + e.awsErrorDetails().errorCode() + "). init needs"
                + " dynamodb:DescribeTable and dynamodb:Scan on the table.", e);
    }

    private static ConfigException unreachable(String where, SdkClientException e) {
        return new ConfigException("cannot read " + where + ": " + sentence(e.getMessage()) + " Check --region,"
                + " --dynamodb-endpoint and the AWS credentials (the SDK's default chain: AWS_PROFILE,"
                + " AWS_ACCESS_KEY_ID, a role).", e);
    }

    /** The SDK's messages end with a period or not. */
    private static String sentence(String message) {
        return message.endsWith(".") ? message : message + ".";
    }
}
