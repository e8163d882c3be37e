package io.dmsdelta.trigger.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.firehose.FirehoseClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing in for the Firehose endpoint (AWS JSON 1.1): records every request and answers
 * PutRecord as Firehose does ({@code {"RecordId": "record-<n>", "Encrypted": false}}), or with a service error for
 * the next requests when told to fail.
 */
public final class FirehoseStub implements AutoCloseable {

    /** One request as received: its {@code X-Amz-Target} and body. */
    public record Request(String target, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int failures;

    private FirehoseStub(HttpServer server) {
        this.server = server;
    }

    public static FirehoseStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FirehoseStub stub = new FirehoseStub(server);
        server.createContext("/", stub::answer);
        server.start();
        return stub;
    }

    /** The next {@code count} requests are answered with a ServiceUnavailableException (HTTP 503). */
    public void failNext(int count) {
        failures = count;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** A client as the function builds it, sending to this stub with fake credentials. */
    public FirehoseClient client() {
        return LocalEndpoint.at(FirehoseClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()),
                URI.create("http://127.0.0.1:" + server.getAddress().getPort())).build();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Request(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body));
        int status = 200;
        String answer = "{\"RecordId\":\"record-" + requests.size() + "\",\"Encrypted\":false}";
        synchronized (this) {
            if (failures > 0) {
                failures--;
                status = 503;
                answer = "{\"__type\":\"ServiceUnavailableException\",\"message\":\"slow down\"}";
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ServiceUnavailableException");
            }
        }
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
