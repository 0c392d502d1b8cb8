package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Huawei Cloud DLI on loopback, a real HTTP server: it holds jobs per project, answers the
 * job-detail GET and the batch-run POST as DLI does (checking and starting each job atomically), checks each
 * request's authentication, and can be told to be slow or to answer a few calls with faults.
 */
public final class FakeDli implements AutoCloseable {

    /** A request as it arrived. */
    public record Received(String method, String rawPath, Map<String, List<String>> headers, byte[] body,
                           long atNanos) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    /** An answer to give instead of the normal one. */
    public record Fault(int status, Map<String, String> headers, String body, Duration delay, boolean drops) {
        public static Fault status(int status, String jsonBody) {
            return new Fault(status, Map.of("Content-Type", "application/json"), jsonBody, Duration.ZERO, false);
        }

        public static Fault dropConnection() {
            return new Fault(0, Map.of(), "", Duration.ZERO, true);
        }

        public Fault withHeader(String name, String value) {
            Map<String, String> more = new HashMap<>(headers);
            more.put(name, value);
            return new Fault(status, more, body, delay, drops);
        }

        public Fault after(Duration wait) {
            return new Fault(status, headers, body, wait, drops);
        }
    }

    public enum Route { DETAIL, RUN, STOP, SAVEPOINT, EXECUTE_GRAPH, METRICS, GEN_GRAPH }

    static {
        // Like any production HTTP server, answer without Nagle's delay: the JDK's server writes headers and body
        // apart, and the second write would otherwise wait ~40 ms for the client's delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DETAIL = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/(\\d+)");
    private static final Pattern RUN = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/run");
    private static final Pattern STOP = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/stop");
    private static final Pattern EXECUTE_GRAPH = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/(\\d+)/execute-graph");
    private static final Pattern METRICS = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/metrics");
    private static final Pattern SAVEPOINT = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/(\\d+)/(savepoint|import-savepoint)");
    private static final Pattern GEN_GRAPH = Pattern.compile("/v3/([^/]+)/streaming/jobs/(\\d+)/gen-graph");
    static final String STOPPED = "The request for stopping DLI jobs is successfully delivered.";
    static final String SUBMITTED = "The request for submitting DLI jobs is successfully delivered.";

    private record Key(String project, long id) {
    }

    private static final class FakeJob {
        JobStatus status;
        boolean hasSavepoint;
        final String name;
        Long startTime;

        FakeJob(JobStatus status, boolean hasSavepoint, String name) {
            this.status = status;
            this.hasSavepoint = hasSavepoint;
            this.name = name;
        }
    }

    private final HttpServer server;
    private final ExecutorService threads;
    private final Map<Key, FakeJob> jobs = new ConcurrentHashMap<>();
    private final Map<Route, Queue<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final Map<Key, AtomicInteger> runsPerJob = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private volatile Predicate<Received> authenticated = request -> true;
    private volatile boolean booleanIsSuccess;

    private FakeDli(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        threads = Executors.newFixedThreadPool(256);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeDli start() {
        return new FakeDli(0);
    }

    /** On a given port, e.g. one where a DLI was not listening a moment ago. */
    public static FakeDli startOn(int port) {
        return new FakeDli(port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeDli withJob(ProjectId project, long id, JobStatus status, boolean hasSavepoint) {
        jobs.put(new Key(project.value(), id), new FakeJob(status, hasSavepoint, "job-" + id));
        return this;
    }

    /** Every answer comes this long after its request, as a far-away DLI's would. */
    public FakeDli answeringAfter(Duration delay) {
        this.latency = delay;
        return this;
    }

    /** Requests that fail {@code check} are answered 401, as DLI's gateway answers bad credentials. */
    public FakeDli requiring(Predicate<Received> check) {
        this.authenticated = check;
        return this;
    }

    /** Writes {@code is_success} as a JSON boolean, as some DLI versions did, instead of a string. */
    public FakeDli withBooleanIsSuccess() {
        this.booleanIsSuccess = true;
        return this;
    }

    /** The next calls of {@code route} get these answers, one each, before normal service resumes. */
    public FakeDli failNext(Route route, Fault... next) {
        faults.computeIfAbsent(route, r -> new ArrayDeque<>());
        synchronized (faults.get(route)) {
            faults.get(route).addAll(List.of(next));
        }
        return this;
    }

    public Optional<JobStatus> statusOf(ProjectId project, long id) {
        return Optional.ofNullable(jobs.get(new Key(project.value(), id))).map(j -> j.status);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public long calls(Route route) {
        return received().stream().filter(r -> route == routeOf(r)).count();
    }

    /** How often a batch run named this job and found it startable. */
    public int timesStarted(ProjectId project, long id) {
        return runsPerJob.getOrDefault(new Key(project.value(), id), new AtomicInteger()).get();
    }

    public int mostCallsInFlight() {
        return mostInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, System.nanoTime());
            received.add(request);
            sleep(latency);

            Route route = routeOf(request);
            if (route == null) {
                send(exchange, 404, error("DLI.0023", "No such API."));
                return;
            }
            Optional<Fault> fault = nextFault(route);
            if (fault.isPresent()) {
                sleep(fault.get().delay());
                if (fault.get().drops()) {
                    return; // closes the connection without an answer
                }
                fault.get().headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                sendRaw(exchange, fault.get().status(), fault.get().body().getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!authenticated.test(request)) {
                send(exchange, 401, error("APIGW.0301", "Incorrect IAM authentication information."));
                return;
            }
            Matcher path = switch (route) {
                case DETAIL -> DETAIL.matcher(request.rawPath());
                case RUN -> RUN.matcher(request.rawPath());
                case STOP -> STOP.matcher(request.rawPath());
                case SAVEPOINT -> SAVEPOINT.matcher(request.rawPath());
                case EXECUTE_GRAPH -> EXECUTE_GRAPH.matcher(request.rawPath());
                case METRICS -> METRICS.matcher(request.rawPath());
                case GEN_GRAPH -> GEN_GRAPH.matcher(request.rawPath());
            };
            path.matches();
            switch (route) {
                case DETAIL -> detail(exchange, path.group(1), Long.parseLong(path.group(2)));
                case RUN -> run(exchange, path.group(1), JSON.readTree(body));
                case STOP -> stop(exchange, path.group(1), JSON.readTree(body));
                case SAVEPOINT -> savepoint(exchange, path.group(1), Long.parseLong(path.group(2)), path.group(3),
                        JSON.readTree(body));
                case EXECUTE_GRAPH -> executeGraph(exchange, path.group(1), Long.parseLong(path.group(2)));
                case METRICS -> metrics(exchange, path.group(1), JSON.readTree(body));
                case GEN_GRAPH -> genGraph(exchange, path.group(1), Long.parseLong(path.group(2)), JSON.readTree(body));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Route routeOf(Received request) {
        String path = request.rawPath();
        if (request.method().equals("GET")) {
            return DETAIL.matcher(path).matches() ? Route.DETAIL
                    : EXECUTE_GRAPH.matcher(path).matches() ? Route.EXECUTE_GRAPH : null;
        }
        if (!request.method().equals("POST")) {
            return null;
        }
        return RUN.matcher(path).matches() ? Route.RUN : STOP.matcher(path).matches() ? Route.STOP
                : SAVEPOINT.matcher(path).matches() ? Route.SAVEPOINT
                : METRICS.matcher(path).matches() ? Route.METRICS
                : GEN_GRAPH.matcher(path).matches() ? Route.GEN_GRAPH : null;
    }

    private Optional<Fault> nextFault(Route route) {
        Queue<Fault> queue = faults.get(route);
        if (queue == null) {
            return Optional.empty();
        }
        synchronized (queue) {
            return Optional.ofNullable(queue.poll());
        }
    }

    private void detail(HttpExchange exchange, String project, long id) throws IOException {
        FakeJob job = jobs.get(new Key(project, id));
        if (job == null) {
            send(exchange, 400, error("DLI.0002", "The object does not exist."));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "");
        synchronized (job) {
            ObjectNode detail = answer.putObject("job_detail")
                    .put("job_id", id).put("name", job.name).put("job_type", "flink_opensource_sql_job")
                    .put("status", job.status.wireName()).put("create_time", 1_700_000_000_000L)
                    .put("update_time", 1_700_000_000_000L).put("queue_name", "fake-queue")
                    .put("project_id", project).put("has_savepoint", job.hasSavepoint)
                    .put("restart_times", 0).put("run_mode", "exclusive_cluster");
            if (job.startTime != null) {
                detail.put("start_time", job.startTime);
            }
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's execution graph of a job: its state as Flink names it, from the job's status. */
    private void executeGraph(HttpExchange exchange, String project, long id) throws IOException {
        FakeJob job = jobs.get(new Key(project, id));
        if (job == null) {
            send(exchange, 400, error("DLI.16001", "The job does not exist."));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "");
        synchronized (job) {
            answer.putObject("execute_graph").put("jid", String.format("%032x", id)).put("name", job.name)
                    .put("isStoppable", false)
                    .put("state", job.status == JobStatus.JOB_RUNNING ? "RUNNING" : "FINISHED")
                    .put("start-time", 1_700_000_000_000L).put("end-time", -1).put("duration", 1_000);
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /**
     * DLI's metrics of a batch (its {@code is_success} a boolean, as the SDK declares it): each job of the project
     * read 100 records per second of its id's worth; a job of none answers DLI.16001 for the batch.
     */
    private void metrics(HttpExchange exchange, String project, JsonNode body) throws IOException {
        ObjectNode answer = JSON.createObjectNode().put("is_success", true).put("message", "");
        ArrayNode list = answer.putObject("metrics").putArray("jobs");
        for (JsonNode idNode : body.path("job_ids")) {
            long id = idNode.asLong();
            if (!jobs.containsKey(new Key(project, id))) {
                send(exchange, 400, error("DLI.16001", "The job does not exist."));
                return;
            }
            ObjectNode metrics = list.addObject().put("job_id", id).putObject("metrics");
            metrics.putArray("sources").addObject().put("name", "Source: in").put("records", id * 10)
                    .put("corrupted_records", 0);
            metrics.putArray("sinks").addObject().put("name", "Sink: out").put("records", id * 10)
                    .put("corrupted_records", 0);
            metrics.put("total_read_rate", 100.0).put("total_write_rate", 100.0);
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private void run(HttpExchange exchange, String project, JsonNode body) throws IOException {
        boolean resume = body.path("resume_savepoint").asBoolean(false);
        ArrayNode answer = JSON.createArrayNode();
        for (JsonNode idNode : body.path("job_ids")) {
            long id = idNode.asLong();
            FakeJob job = jobs.get(new Key(project, id));
            String refusal;
            if (job == null) {
                refusal = "Job " + id + " does not exist.";
            } else {
                synchronized (job) {
                    if (!job.status.isStartable()) {
                        refusal = "The job status " + job.status.wireName() + " does not allow this operation.";
                    } else if (resume && !job.hasSavepoint) {
                        refusal = "No savepoint is available for job " + id + ".";
                    } else {
                        job.status = JobStatus.JOB_SUBMITTING;
                        job.startTime = System.currentTimeMillis();
                        runsPerJob.computeIfAbsent(new Key(project, id), k -> new AtomicInteger()).incrementAndGet();
                        refusal = null;
                    }
                }
            }
            ObjectNode outcome = answer.addObject();
            if (booleanIsSuccess) {
                outcome.put("is_success", refusal == null);
            } else {
                outcome.put("is_success", refusal == null ? "true" : "false");
            }
            outcome.put("message", refusal == null ? SUBMITTED : refusal);
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** As DLI: a running, starting or failing job is stopped (at once, here), with a savepoint when asked. */
    private void stop(HttpExchange exchange, String project, JsonNode body) throws IOException {
        boolean savepoint = body.path("trigger_savepoint").asBoolean(false);
        ArrayNode answer = JSON.createArrayNode();
        for (JsonNode idNode : body.path("job_ids")) {
            long id = idNode.asLong();
            FakeJob job = jobs.get(new Key(project, id));
            String refusal;
            if (job == null) {
                refusal = "Job " + id + " does not exist.";
            } else {
                synchronized (job) {
                    if (job.status != JobStatus.JOB_RUNNING && job.status != JobStatus.JOB_SUBMITTING
                            && job.status != JobStatus.JOB_RUNNING_EXCEPTION) {
                        refusal = "The job status " + job.status.wireName() + " does not allow this operation.";
                    } else {
                        job.status = JobStatus.JOB_CANCEL_SUCCESS;
                        job.hasSavepoint |= savepoint;
                        refusal = null;
                    }
                }
            }
            answer.addObject().put("is_success", refusal == null ? "true" : "false")
                    .put("message", refusal == null ? STOPPED : refusal);
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** Trigger (running jobs) and import (jobs not running) of savepoints; a job that does not exist is DLI.16001. */
    private void savepoint(HttpExchange exchange, String project, long id, String operation, JsonNode body)
            throws IOException {
        FakeJob job = jobs.get(new Key(project, id));
        if (job == null) {
            send(exchange, 400, error("DLI.16001", "The job does not exist."));
            return;
        }
        synchronized (job) {
            boolean running = job.status == JobStatus.JOB_RUNNING;
            if (operation.equals("savepoint") ? !running : running) {
                send(exchange, 400, error("DLI.16003", "The job status " + job.status.wireName()
                        + " does not allow this operation."));
                return;
            }
            if (operation.equals("import-savepoint")) {
                job.hasSavepoint = true;
            }
        }
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("is_success", "true")
                .put("message", "")));
    }

    /**
     * DLI's check of a job's SQL: a job that does not exist is DLI.16001; otherwise a graph (this fake plans nothing:
     * it names the graph type asked for), {@code is_success} a JSON boolean as DLI's SDK reads it.
     */
    private void genGraph(HttpExchange exchange, String project, long id, JsonNode body) throws IOException {
        if (!jobs.containsKey(new Key(project, id))) {
            send(exchange, 400, error("DLI.16001", "The job does not exist."));
            return;
        }
        String graph = JSON.createObjectNode().put("graph_type", body.path("graph_type").asText("simple_graph"))
                .toString();
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("is_success", true)
                .put("message", "").put("error_code", "").put("stream_graph", graph)));
    }

    private static byte[] error(String code, String message) {
        return ("{\"error_code\":\"" + code + "\",\"error_msg\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, byte[] json) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        sendRaw(exchange, status, json);
    }

    private static void sendRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static void sleep(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
