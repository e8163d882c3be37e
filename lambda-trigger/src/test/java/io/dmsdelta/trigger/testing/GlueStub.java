package io.dmsdelta.trigger.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dmsdelta.trigger.glue.GlueClients;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for the Glue endpoint (AWS JSON 1.1 protocol). It records every request and
 * answers with the scripted responses in order, then with success ({@code {"JobRunId":"jr_<n>"}}).
 */
public final class GlueStub implements AutoCloseable {

    /** One request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header, case-insensitively; null if absent. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private record Response(int status, String errorType, String body) {
    }

    private static final String JSON = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Response> script = new ConcurrentLinkedDeque<>();

    private GlueStub(HttpServer server) {
        this.server = server;
    }

    public static GlueStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        GlueStub stub = new GlueStub(server);
        server.createContext("/", stub::answer);
        server.start();
        return stub;
    }

    /** Answers the next {@code times} requests with Glue's JSON error of that type, as Glue sends it. */
    public GlueStub failNext(int times, int status, String errorType) {
        for (int i = 0; i < times; i++) {
            script.add(new Response(status, errorType,
                    "{\"__type\":\"" + errorType + "\",\"message\":\"stubbed " + errorType + "\"}"));
        }
        return this;
    }

    /** Every request received so far, in order. */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client as the function builds it (see {@link GlueClients}), sending to this stub with fake credentials. */
    public GlueClient client() {
        return GlueClients.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        Response response = script.poll();
        if (response == null) {
            response = new Response(200, null, "{\"JobRunId\":\"jr_" + requests.size() + "\"}");
        }
        exchange.getResponseHeaders().add("Content-Type", JSON);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request-" + requests.size());
        if (response.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", response.errorType());
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
