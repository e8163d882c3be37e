package io.dmsdelta.trigger.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dmsdelta.trigger.glue.GlueClients;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.glue.GlueClient;

import java.io.IOException;
import java.io.OutputStream;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A local HTTP server standing in for the Glue endpoint (AWS JSON 1.1 protocol) of one job. It records every
 * request, and answers StartJobRun, GetJobRuns and GetJobRun as Glue does, in Glue's JSON shapes:
 * <ul>
 *   <li>the job's runs are a list, newest first, as GetJobRuns returns them; {@link #withRuns} sets it;</li>
 *   <li>StartJobRun adds a {@code WAITING} run {@code jr_<n>} (n counts the StartJobRun requests) with the request's
 *       arguments, newest, and answers {@code {"JobRunId":"jr_<n>"}};</li>
 *   <li>GetJobRuns answers pages of at most MaxResults (and at most {@link #pageSize}) runs, with a NextToken while
 *       more follow; {@link #listingLags} leaves the runs StartJobRun adds out of the listing, as just after a
 *       start;</li>
 *   <li>GetJobRun answers any run by id, or EntityNotFoundException.</li>
 * </ul>
 * Errors scripted with {@link #failNext} come first, per operation, as Glue sends them (HTTP status,
 * {@code x-amzn-ErrorType}, {@code {"__type": ..., "message": ...}}).
 */
public final class GlueStub implements AutoCloseable {

    /** The Glue operations the trigger calls, by their {@code X-Amz-Target}. */
    public enum Operation {
        START_JOB_RUN("AWSGlue.StartJobRun"),
        GET_JOB_RUNS("AWSGlue.GetJobRuns"),
        GET_JOB_RUN("AWSGlue.GetJobRun");

        private final String target;

        Operation(String target) {
            this.target = target;
        }

        public String target() {
            return target;
        }

        static Optional<Operation> of(String target) {
            return Arrays.stream(values()).filter(o -> o.target.equals(target)).findFirst();
        }
    }

    /** One request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {

        /** The first value of a header, case-insensitively; null if absent. */
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }

        /** The operation, from {@code X-Amz-Target}. */
        public Operation operation() {
            String target = header("X-Amz-Target");
            return Operation.of(target).orElseThrow(() -> new IllegalStateException("not a Glue operation the stub"
                    + " knows: " + target));
        }

        /** The body as JSON. */
        public JsonNode json() {
            return JsonNode.parser().parse(body);
        }
    }

    /**
     * A run of the job, as the stub describes it.
     *
     * @param id        the JobRunId
     * @param state     a JobRunState value: STARTING, RUNNING, STOPPING, STOPPED, SUCCEEDED, FAILED, TIMEOUT, ERROR,
     *                  WAITING, EXPIRED (or any other text, as a later Glue might send; empty for no JobRunState)
     * @param arguments the run's own arguments, as StartJobRun got them
     */
    public record Run(String id, String state, Map<String, String> arguments) {

        public Run {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            arguments = Map.copyOf(arguments);
        }

        /** A run started with {@code --source} only, as the trigger starts them. */
        public static Run of(String id, String state, String source) {
            return new Run(id, state, Map.of("--source", source));
        }
    }

    private record Response(int status, String errorType, String body) {
    }

    private static final String JSON = "application/x-amz-json-1.1";
    private static final Set<String> FINAL_STATES = Set.of("STOPPED", "SUCCEEDED", "FAILED", "TIMEOUT", "ERROR",
            "EXPIRED");
    // 2024-06-12T10:31:26Z, where the S3 fixtures' events happen.
    private static final long EPOCH_SECONDS = 1_718_188_286L;

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final Map<Operation, Deque<Response>> script = new EnumMap<>(Operation.class);
    private final List<Run> runs = new ArrayList<>();
    private final Set<String> unlisted = new HashSet<>();
    private int pageSize = 200;
    private boolean listingLags;
    private int starts;

    private GlueStub(HttpServer server) {
        this.server = server;
        for (Operation operation : Operation.values()) {
            script.put(operation, new ArrayDeque<>());
        }
    }

    public static GlueStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        GlueStub stub = new GlueStub(server);
        server.createContext("/", stub::answer);
        server.start();
        return stub;
    }

    /** The job's runs, newest first, in place of those it has. */
    public synchronized GlueStub withRuns(Run... newestFirst) {
        runs.clear();
        runs.addAll(List.of(newestFirst));
        return this;
    }

    /** Moves a run to another state, as Glue does when it starts or ends it. */
    public synchronized GlueStub setState(String runId, String state) {
        int i = runs.indexOf(runs.stream().filter(r -> r.id().equals(runId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId)));
        runs.set(i, new Run(runId, state, runs.get(i).arguments()));
        unlisted.remove(runId);
        return this;
    }

    /** At most this many runs per GetJobRuns page, whatever MaxResults asks for (Glue may return fewer). */
    public synchronized GlueStub pageSize(int runsPerPage) {
        this.pageSize = runsPerPage;
        return this;
    }

    /** From now on, runs that StartJobRun adds are not listed by GetJobRuns (GetJobRun knows them). */
    public synchronized GlueStub listingLags() {
        this.listingLags = true;
        return this;
    }

    /** Answers the next {@code times} requests of the operation with Glue's JSON error of that type. */
    public synchronized GlueStub failNext(Operation operation, int times, int status, String errorType) {
        for (int i = 0; i < times; i++) {
            script.get(operation).add(new Response(status, errorType,
                    "{\"__type\":\"" + errorType + "\",\"message\":\"stubbed " + errorType + "\"}"));
        }
        return this;
    }

    /** Every request received so far, in order. */
    public synchronized List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The operations of the requests received so far, in order. */
    public synchronized List<Operation> operations() {
        return requests.stream().map(Request::operation).toList();
    }

    /** The job's runs now, newest first, listed or not. */
    public synchronized List<Run> runs() {
        return List.copyOf(runs);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client as the function builds it (see {@link GlueClients}), sending to this stub with fake credentials. */
    public GlueClient client() {
        return LocalEndpoint.at(GlueClients.builder(), endpoint()).build();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()), body);
        Response response = respond(request);
        exchange.getResponseHeaders().add("Content-Type", JSON);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "stub-request-" + requests().size());
        if (response.errorType() != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", response.errorType());
        }
        byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private synchronized Response respond(Request request) {
        requests.add(request);
        Operation operation = request.operation();
        if (operation == Operation.START_JOB_RUN) {
            starts++;
        }
        Response scripted = script.get(operation).poll();
        if (scripted != null) {
            return scripted;
        }
        JsonNode json = request.json();
        return switch (operation) {
            case START_JOB_RUN -> startJobRun(json);
            case GET_JOB_RUNS -> getJobRuns(json);
            case GET_JOB_RUN -> getJobRun(json);
        };
    }

    private Response startJobRun(JsonNode json) {
        String id = "jr_" + starts;
        Map<String, String> arguments = new LinkedHashMap<>();
        json.field("Arguments").ifPresent(a -> a.asObject().forEach((k, v) -> arguments.put(k, v.asString())));
        runs.add(0, new Run(id, "WAITING", arguments));
        if (listingLags) {
            unlisted.add(id);
        }
        return ok("{\"JobRunId\":\"" + id + "\"}");
    }

    private Response getJobRuns(JsonNode json) {
        List<Run> listed = runs.stream().filter(r -> !unlisted.contains(r.id())).toList();
        int from = json.field("NextToken").map(t -> Integer.parseInt(t.asString().substring("page-".length())))
                .orElse(0);
        int max = json.field("MaxResults").map(m -> Integer.parseInt(m.asNumber())).orElse(100);
        int to = Math.min(listed.size(), from + Math.min(max, pageSize));
        String page = listed.subList(from, to).stream().map(this::runJson).collect(Collectors.joining(","));
        String next = to < listed.size() ? ",\"NextToken\":\"page-" + to + "\"" : "";
        return ok("{\"JobRuns\":[" + page + "]" + next + "}");
    }

    private Response getJobRun(JsonNode json) {
        String id = json.field("RunId").map(JsonNode::asString).orElse("");
        return runs.stream().filter(r -> r.id().equals(id)).findFirst()
                .map(r -> ok("{\"JobRun\":" + runJson(r) + "}"))
                .orElseGet(() -> new Response(400, "EntityNotFoundException", "{\"__type\":\"EntityNotFoundException\","
                        + "\"message\":\"Job run " + id + " not found\"}"));
    }

    /** A run as Glue describes it: timestamps in epoch seconds, CompletedOn only once it has ended. */
    private String runJson(Run run) {
        long startedOn = EPOCH_SECONDS + runs.size() - runs.indexOf(run);
        boolean ended = FINAL_STATES.contains(run.state());
        String arguments = run.arguments().entrySet().stream()
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue())).collect(Collectors.joining(","));
        return "{\"Id\":\"" + run.id() + "\",\"Attempt\":0,\"JobName\":\"dms-delta-apply\",\"JobMode\":\"SCRIPT\","
                + "\"JobRunQueuingEnabled\":true,\"StartedOn\":" + startedOn + ".125,\"LastModifiedOn\":"
                + (startedOn + 30) + ".5," + (ended ? "\"CompletedOn\":" + (startedOn + 60) + ".75," : "")
                + (run.state().isEmpty() ? "" : "\"JobRunState\":\"" + run.state() + "\",")
                + "\"Arguments\":{" + arguments + "},"
                + "\"PredecessorRuns\":[],\"AllocatedCapacity\":2,\"ExecutionTime\":" + (ended ? 58 : 0) + ","
                + "\"Timeout\":120,\"MaxCapacity\":2.0,\"WorkerType\":\"G.1X\",\"NumberOfWorkers\":2,"
                + "\"LogGroupName\":\"/aws-glue/jobs\",\"GlueVersion\":\"5.1\",\"ExecutionClass\":\"STANDARD\"}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Response ok(String body) {
        return new Response(200, null, body);
    }
}
