package io.dmsdelta.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A local HTTP server standing in for the Glue Data Catalog's endpoint (AWS JSON 1.1 protocol), in the manner of
 * lambda-trigger's {@code GlueStub}: it records every request and answers GetDatabase, GetTable, CreateTable and
 * UpdateTable as Glue does, in Glue's JSON shapes, from the databases and tables it holds:
 * <ul>
 *   <li>GetDatabase and GetTable answer {@code EntityNotFoundException} for what it does not hold;</li>
 *   <li>CreateTable stores the request's {@code TableInput} (with its {@code DatabaseName}) as the table, or answers
 *       {@code AlreadyExistsException}; UpdateTable replaces it, or answers {@code EntityNotFoundException};</li>
 *   <li>errors scripted with {@link #failNext} come first, per operation, as Glue sends them (HTTP status,
 *       {@code x-amzn-ErrorType}, {@code {"__type": ..., "message": ...}}).</li>
 * </ul>
 */
public final class GlueCatalogStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    // 2024-06-12T10:31:26Z, as lambda-trigger's stub.
    private static final double EPOCH_SECONDS = 1_718_188_286.125;

    /** The Glue operations the catalog registration calls, by their {@code X-Amz-Target}. */
    public enum Operation {
        GET_DATABASE("AWSGlue.GetDatabase"),
        GET_TABLE("AWSGlue.GetTable"),
        CREATE_TABLE("AWSGlue.CreateTable"),
        UPDATE_TABLE("AWSGlue.UpdateTable");

        private final String target;

        Operation(String target) {
            this.target = target;
        }

        static Optional<Operation> of(String target) {
            return Arrays.stream(values()).filter(o -> o.target.equals(target)).findFirst();
        }
    }

    /** One request as received: its operation and its JSON body. */
    public record Request(Operation operation, JsonNode body) {
    }

    private record Response(int status, String errorType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<Operation, Deque<Response>> script = new EnumMap<>(Operation.class);
    private final Set<String> databases = new HashSet<>();
    private final Map<String, ObjectNode> tables = new LinkedHashMap<>();
    private ObjectNode createdMeanwhile;

    private GlueCatalogStub(HttpServer server) {
        this.server = server;
        for (Operation operation : Operation.values()) {
            script.put(operation, new ArrayDeque<>());
        }
    }

    public static GlueCatalogStub start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            GlueCatalogStub stub = new GlueCatalogStub(server);
            server.createContext("/", stub::answer);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized GlueCatalogStub withDatabase(String name) {
        databases.add(name);
        return this;
    }

    /** A table the catalog holds, given as the TableInput JSON that would have created it. */
    public synchronized GlueCatalogStub withTable(String database, String tableInputJson) {
        databases.add(database);
        ObjectNode table = parse(tableInputJson);
        tables.put(database + "." + table.path("Name").asText(), withDatabaseName(table, database));
        return this;
    }

    /**
     * The next CreateTable finds this table created meanwhile, as by another writer: the stub stores it and answers
     * {@code AlreadyExistsException}.
     */
    public synchronized GlueCatalogStub tableCreatedMeanwhile(String database, String tableInputJson) {
        createdMeanwhile = withDatabaseName(parse(tableInputJson), database);
        return this;
    }

    /** Answers the next {@code times} requests of the operation with Glue's JSON error of that type. */
    public synchronized GlueCatalogStub failNext(Operation operation, int times, int status, String errorType) {
        for (int i = 0; i < times; i++) {
            script.get(operation).add(new Response(status, errorType,
                    "{\"__type\":\"" + errorType + "\",\"message\":\"stubbed " + errorType + "\"}"));
        }
        return this;
    }

    /** Every request received so far, in order. */
    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The operations of the requests received so far, in order. */
    public synchronized List<Operation> operations() {
        return requests.stream().map(Request::operation).toList();
    }

    /** The table as the stub holds it now (Glue's {@code Table} shape, less its timestamps). */
    public synchronized Optional<JsonNode> table(String database, String name) {
        return Optional.ofNullable(tables.get(database + "." + name)).map(JsonNode::deepCopy);
    }

    /** A client sending to this stub with fake credentials, retrying nothing by itself, as the app builds it. */
    public GlueClient client() {
        return GlueClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        Response response = respond(Operation.of(target).orElseThrow(() ->
                new IllegalStateException("not a Glue operation the stub knows: " + target)), parse(body));
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request");
        if (response.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", response.errorType());
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Response respond(Operation operation, ObjectNode body) {
        requests.add(new Request(operation, body));
        Response scripted = script.get(operation).poll();
        if (scripted != null) {
            return scripted;
        }
        String database = body.path(operation == Operation.GET_DATABASE ? "Name" : "DatabaseName").asText();
        if (!databases.contains(database)) {
            return notFound("Database " + database + " not found.");
        }
        switch (operation) {
            case GET_DATABASE:
                return ok("{\"Database\":{\"Name\":" + quote(database) + ",\"CatalogId\":\"123456789012\",\"CreateTime\":"
                        + EPOCH_SECONDS + "}}");
            case GET_TABLE: {
                ObjectNode table = tables.get(database + "." + body.path("Name").asText());
                if (table == null) {
                    return notFound("Table " + body.path("Name").asText() + " not found.");
                }
                ObjectNode answer = table.deepCopy();
                answer.put("CreateTime", EPOCH_SECONDS).put("UpdateTime", EPOCH_SECONDS).put("CatalogId", "123456789012");
                return ok("{\"Table\":" + answer + "}");
            }
            case CREATE_TABLE: {
                ObjectNode input = withDatabaseName((ObjectNode) body.path("TableInput"), database);
                String key = database + "." + input.path("Name").asText();
                if (createdMeanwhile != null) {
                    tables.put(database + "." + createdMeanwhile.path("Name").asText(), createdMeanwhile);
                    createdMeanwhile = null;
                }
                if (tables.containsKey(key)) {
                    return error(400, "AlreadyExistsException", "Table already exists.");
                }
                tables.put(key, input);
                return ok("{}");
            }
            default: {
                ObjectNode input = withDatabaseName((ObjectNode) body.path("TableInput"), database);
                String key = database + "." + input.path("Name").asText();
                if (!tables.containsKey(key)) {
                    return notFound("Table " + input.path("Name").asText() + " not found.");
                }
                tables.put(key, input);
                return ok("{}");
            }
        }
    }

    private static ObjectNode withDatabaseName(ObjectNode table, String database) {
        ObjectNode copy = table.deepCopy();
        copy.put("DatabaseName", database);
        return copy;
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json.isEmpty() ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String quote(String text) {
        return JSON.valueToTree(text).toString();
    }

    private static Response ok(String body) {
        return new Response(200, null, body);
    }

    private static Response notFound(String message) {
        return error(400, "EntityNotFoundException", message);
    }

    private static Response error(int status, String type, String message) {
        return new Response(status, type, "{\"__type\":\"" + type + "\",\"message\":" + quote(message) + "}");
    }
}
