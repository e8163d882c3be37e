package io.dmsdelta.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * moto in server mode on 127.0.0.1: an implementation of AWS APIs written by others (DynamoDB, DynamoDB Streams,
 * Glue, ...) for the APIs that have no local server of their own. {@code .ci/run} installs it from PyPI when
 * {@code python3 -c "import moto.server"} fails. One server per test JVM, stopped when the JVM exits; tests keep
 * apart by the names of what they create.
 */
public final class MotoServer {

    public static final String ACCESS_KEY = "testing";
    public static final String SECRET_KEY = "testing";
    public static final Region REGION = Region.US_EAST_1;
    private static final int ATTEMPTS = 5;
    private static final long START_TIMEOUT_MS = 60_000;

    private static MotoServer shared;

    private final Process process;
    private final int port;

    private MotoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static synchronized MotoServer get() {
        if (shared == null) {
            shared = start();
            Process process = shared.process;
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        }
        return shared;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Points an SDK v2 client builder at the server, with its test credentials. */
    public <B extends AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(URI.create(endpoint())).region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .build();
    }

    /** The HTTP client the tests' SDK clients use (the SDK's default one is not on the test classpath). */
    public static UrlConnectionHttpClient.Builder http() {
        return UrlConnectionHttpClient.builder();
    }

    private static MotoServer start() {
        String python = System.getenv().getOrDefault("DMSDELTA_PYTHON", "python3");
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = LocalServer.freePort();
            try {
                Path log = Files.createTempFile("moto", ".log");
                Process process = new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p",
                        String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                MotoServer server = new MotoServer(process, port);
                if (server.awaitReady()) {
                    return server;
                }
                process.destroyForcibly();
                failures.add("port " + port + ": " + String.join(" | ", tail(log)));
            } catch (IOException e) {
                failures.add("port " + port + ": " + e);
            }
        }
        throw new IllegalStateException("moto's server did not start (" + python + " -m moto.server; install it with"
                + " pip install 'moto[server]', as .ci/run does): " + failures);
    }

    /** Ready when its dashboard path answers. */
    private boolean awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/moto-api/data.json")
                        .toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(5000);
                if (connection.getResponseCode() == 200) {
                    return true;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static List<String> tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.subList(Math.max(0, lines.size() - 5), lines.size());
        } catch (IOException e) {
            return List.of("(no log)");
        }
    }
}
