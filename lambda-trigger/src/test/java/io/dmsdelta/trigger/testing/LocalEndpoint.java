package io.dmsdelta.trigger.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;

import java.net.URI;

/** An AWS SDK client builder pointed at a stand-in on this machine, with fake credentials. */
public final class LocalEndpoint {

    private LocalEndpoint() {
    }

    public static <B extends AwsClientBuilder<B, ?>> B at(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")));
    }
}
