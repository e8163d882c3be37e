package io.dmsdelta.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An S3-compatible server on 127.0.0.1 for the test JVM: Adobe S3Mock's runnable jar (copied to
 * {@code target/s3mock} by the build), started once and stopped when the JVM exits. The port is chosen
 * free just before starting; if another process takes it meanwhile, the start is retried on another port.
 */
public final class S3MockServer {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-that-must-not-be-logged";
    private static final int ATTEMPTS = 5;
    private static final long START_TIMEOUT_MS = 90_000;

    private static S3MockServer shared;

    private final Process process;
    private final int port;
    private final Path log;

    private S3MockServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static synchronized S3MockServer get() {
        if (shared == null) {
            shared = start(freePort());
            S3MockServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroy));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    public void stop() {
        process.destroy();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client that puts and lists objects the way any AWS SDK v2 user would, path-style. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Creates the bucket and uploads every file under {@code folder} with keys {@code prefix/<relative path>}. */
    public void upload(S3Client s3, String bucket, String prefix, Path folder, String... names) {
        try (var files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                if (names.length == 0 || List.of(names).contains(file.getFileName().toString())) {
                    String key = prefix + "/" + folder.relativize(file).toString().replace('\\', '/');
                    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts a server of its own, trying {@code wantedPort} first and then free ports.
     *
     * @throws IllegalStateException naming each port tried and why it failed, when none worked
     */
    public static S3MockServer start(int wantedPort) {
        Path jar = RepoRoot.PATH.resolve("spark-app/target/s3mock/s3mock-exec.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the Maven build copies it (mvn generate-test-resources)");
        }
        List<String> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            int port = attempt == 1 ? wantedPort : freePort();
            try {
                Path root = Files.createTempDirectory("s3mock"); // S3Mock keeps its data: a fresh root per start
                Path log = Files.createTempFile("s3mock", ".log");
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m", "-jar", jar.toString()));
                // Plain HTTP on the main connector, bound to 127.0.0.1; the extra connector takes any free port.
                command.addAll(List.of("--server.ssl.enabled=false", "--server.address=127.0.0.1",
                        "--server.port=" + port, "--http.port=0", "--com.adobe.testing.s3mock.store.root=" + root));
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                S3MockServer server = new S3MockServer(process, port, log);
                if (server.awaitReady()) {
                    return server;
                }
                process.destroyForcibly();
                failures.add("port " + port + ": " + tail(log));
            } catch (IOException e) {
                failures.add("port " + port + ": " + e);
            }
        }
        throw new IllegalStateException("S3Mock did not start in " + ATTEMPTS + " attempts: " + failures);
    }

    /** Ready when it logged its start and answers; a port taken by another process ends it with exit code 1. */
    private boolean awaitReady() {
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline && process.isAlive()) {
            try {
                if (Files.readString(log).contains("Started S3MockApplication")) {
                    HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                    connection.setConnectTimeout(500);
                    connection.setReadTimeout(2000);
                    if (connection.getResponseCode() > 0 && process.isAlive()) {
                        return true;
                    }
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
