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

    public enum Route { DETAIL, RUN, STOP, SAVEPOINT, EXECUTE_GRAPH, METRICS, GEN_GRAPH, TEMPLATES, TEMPLATE, EXPORT, IMPORT,
        LIST, CREATE, UPDATE, DELETE, BATCH_DELETE }

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
    private static final Pattern TEMPLATES = Pattern.compile("/v1\\.0/([^/]+)/streaming/job-templates");
    private static final Pattern TEMPLATE = Pattern.compile("/v1\\.0/([^/]+)/streaming/job-templates/(\\d+)");
    private static final Pattern EXPORT = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/export");
    private static final Pattern IMPORT = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/import");
    private static final Pattern LIST = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs");
    private static final Pattern CREATE = Pattern.compile("/v1\\.0/([^/]+)/streaming/(sql-jobs|flink-jobs)");
    private static final Pattern UPDATE = Pattern.compile("/v1\\.0/([^/]+)/streaming/(sql-jobs|flink-jobs)/(\\d+)");
    private static final Pattern BATCH_DELETE = Pattern.compile("/v1\\.0/([^/]+)/streaming/jobs/delete");
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
    private final Map<Key, ObjectNode> templates = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong templateIds = new java.util.concurrent.atomic.AtomicLong();
    /** The export files written, by project and OBS path, and the ids of the jobs each holds. */
    private final Map<String, List<Long>> exports = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong jobIds = new java.util.concurrent.atomic.AtomicLong(202_510);

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

    /** A template of the project, as a create would have left it; later creates take the ids after it. */
    public FakeDli withTemplate(ProjectId project, long id, String name, String sqlBody) {
        templates.put(new Key(project.value(), id), JSON.createObjectNode().put("template_id", id).put("name", name)
                .put("desc", "").put("create_time", 1_700_000_000_000L).put("update_time", 1_700_000_000_000L)
                .put("sql_body", sqlBody).put("job_type", "flink_opensource_sql_job"));
        templateIds.accumulateAndGet(id, Math::max);
        return this;
    }

    /** An export file in the project's OBS, as an export of these jobs would have written it. */
    public FakeDli withExport(ProjectId project, String zipFile, long... jobIds) {
        exports.put(project.value() + " " + zipFile, java.util.Arrays.stream(jobIds).boxed().toList());
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
                case TEMPLATES -> TEMPLATES.matcher(request.rawPath());
                case TEMPLATE -> TEMPLATE.matcher(request.rawPath());
                case EXPORT -> EXPORT.matcher(request.rawPath());
                case IMPORT -> IMPORT.matcher(request.rawPath());
                case LIST -> LIST.matcher(request.rawPath());
                case CREATE -> CREATE.matcher(request.rawPath());
                case UPDATE -> UPDATE.matcher(request.rawPath());
                case DELETE -> DETAIL.matcher(request.rawPath());
                case BATCH_DELETE -> BATCH_DELETE.matcher(request.rawPath());
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
                case TEMPLATES -> {
                    if (request.method().equals("GET")) {
                        listTemplates(exchange, path.group(1), exchange.getRequestURI().getQuery());
                    } else {
                        createTemplate(exchange, path.group(1), JSON.readTree(body));
                    }
                }
                case TEMPLATE -> changeTemplate(exchange, path.group(1), Long.parseLong(path.group(2)),
                        request.method(), body.length == 0 ? null : JSON.readTree(body));
                case EXPORT -> export(exchange, path.group(1), JSON.readTree(body));
                case IMPORT -> importJobs(exchange, path.group(1), JSON.readTree(body));
                case LIST -> list(exchange, path.group(1), exchange.getRequestURI().getQuery());
                case CREATE -> create(exchange, path.group(1), JSON.readTree(body));
                case UPDATE -> update(exchange, path.group(1), Long.parseLong(path.group(3)));
                case DELETE -> delete(exchange, path.group(1), Long.parseLong(path.group(2)));
                case BATCH_DELETE -> batchDelete(exchange, path.group(1), JSON.readTree(body));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static Route routeOf(Received request) {
        String path = request.rawPath();
        if (request.method().equals("GET")) {
            return DETAIL.matcher(path).matches() ? Route.DETAIL
                    : EXECUTE_GRAPH.matcher(path).matches() ? Route.EXECUTE_GRAPH
                    : TEMPLATES.matcher(path).matches() ? Route.TEMPLATES
                    : LIST.matcher(path).matches() ? Route.LIST : null;
        }
        if (request.method().equals("PUT")) {
            return TEMPLATE.matcher(path).matches() ? Route.TEMPLATE : UPDATE.matcher(path).matches() ? Route.UPDATE : null;
        }
        if (request.method().equals("DELETE")) {
            return TEMPLATE.matcher(path).matches() ? Route.TEMPLATE : DETAIL.matcher(path).matches() ? Route.DELETE : null;
        }
        if (!request.method().equals("POST")) {
            return null;
        }
        return RUN.matcher(path).matches() ? Route.RUN : STOP.matcher(path).matches() ? Route.STOP
                : SAVEPOINT.matcher(path).matches() ? Route.SAVEPOINT
                : METRICS.matcher(path).matches() ? Route.METRICS
                : GEN_GRAPH.matcher(path).matches() ? Route.GEN_GRAPH
                : TEMPLATES.matcher(path).matches() ? Route.TEMPLATES
                : EXPORT.matcher(path).matches() ? Route.EXPORT
                : IMPORT.matcher(path).matches() ? Route.IMPORT
                : BATCH_DELETE.matcher(path).matches() ? Route.BATCH_DELETE
                : CREATE.matcher(path).matches() ? Route.CREATE : null;
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

    /** DLI's template create: a name of 1 to 64 characters, {@code flink_sql_job} unless told; ids one after another. */
    private void createTemplate(HttpExchange exchange, String project, JsonNode body) throws IOException {
        String name = body.path("name").asText("");
        if (name.isEmpty() || name.length() > 64) {
            send(exchange, 400, error("DLI.0001", "The template name is invalid."));
            return;
        }
        long id = templateIds.incrementAndGet();
        long now = System.currentTimeMillis();
        ObjectNode template = JSON.createObjectNode().put("template_id", id).put("name", name)
                .put("desc", body.path("desc").asText("")).put("create_time", now).put("update_time", now)
                .put("sql_body", body.path("sql_body").asText("")).put("job_type", body.path("job_type").asText("flink_sql_job"));
        templates.put(new Key(project, id), template);
        ObjectNode answer = JSON.createObjectNode().put("is_success", true).put("message", "A template is created successfully.");
        answer.putObject("template").put("template_id", id).put("name", name).put("desc", template.path("desc").asText())
                .put("create_time", now).put("job_type", template.path("job_type").asText());
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's template list: the project's templates by creation time ({@code order}), one page, {@code name} contained. */
    private void listTemplates(HttpExchange exchange, String project, String query) throws IOException {
        Map<String, String> params = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        String name = params.getOrDefault("name", "");
        java.util.Comparator<ObjectNode> byCreation = java.util.Comparator.comparingLong(
                (ObjectNode t) -> t.path("create_time").asLong()).thenComparingLong(t -> t.path("template_id").asLong());
        List<ObjectNode> matching = templates.entrySet().stream().filter(e -> e.getKey().project().equals(project))
                .map(Map.Entry::getValue).filter(t -> t.path("name").asText().contains(name))
                .sorted("asc".equals(params.get("order")) ? byCreation : byCreation.reversed()).toList();
        int offset = Integer.parseInt(params.getOrDefault("offset", "0"));
        int limit = Integer.parseInt(params.getOrDefault("limit", "10"));
        ObjectNode answer = JSON.createObjectNode().put("is_success", true).put("message", "");
        ObjectNode list = answer.putObject("template_list").put("total_count", matching.size());
        ArrayNode page = list.putArray("templates");
        matching.stream().skip(offset).limit(limit).forEach(page::add);
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's template update (the fields the body sets) and delete; a template not of the project is DLI.16001. */
    private void changeTemplate(HttpExchange exchange, String project, long id, String method, JsonNode body)
            throws IOException {
        Key key = new Key(project, id);
        ObjectNode template = templates.get(key);
        if (template == null) {
            send(exchange, 400, error("DLI.16001", "The template does not exist."));
            return;
        }
        if (method.equals("DELETE")) {
            templates.remove(key);
            ObjectNode answer = JSON.createObjectNode().put("is_success", true).put("message", "The template is deleted successfully.");
            answer.putObject("template").put("template_id", id);
            send(exchange, 200, JSON.writeValueAsBytes(answer));
            return;
        }
        synchronized (template) {
            for (String field : List.of("name", "desc", "sql_body")) {
                if (body != null && body.hasNonNull(field)) {
                    template.put(field, body.get(field).asText());
                }
            }
            template.put("update_time", System.currentTimeMillis());
        }
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("is_success", true)
                .put("message", "The template is updated successfully.")));
    }

    /** DLI's export: one file for the jobs (all the project's unless selected), every selected job the project's. */
    private void export(HttpExchange exchange, String project, JsonNode body) throws IOException {
        List<Long> ids = new ArrayList<>();
        if (body.path("is_selected").asBoolean(false)) {
            for (JsonNode id : body.path("job_selected")) {
                if (!jobs.containsKey(new Key(project, id.asLong()))) {
                    send(exchange, 400, error("DLI.16001", "The job does not exist."));
                    return;
                }
                ids.add(id.asLong());
            }
        } else {
            jobs.keySet().stream().filter(k -> k.project().equals(project)).forEach(k -> ids.add(k.id()));
        }
        String file = body.path("obs_dir").asText("") + "/jobs_" + System.currentTimeMillis() + ".zip";
        exports.put(project + " " + file, List.copyOf(ids));
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "The job is exported successfully.");
        answer.putArray("zip_file").add(file);
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's import of an export file: a job of the same id is covered (kept, with {@code is_cover} false) or created. */
    private void importJobs(HttpExchange exchange, String project, JsonNode body) throws IOException {
        List<Long> ids = exports.get(project + " " + body.path("zip_file").asText(""));
        if (ids == null) {
            send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("is_success", "false")
                    .put("message", "The OBS path does not exist.")));
            return;
        }
        boolean cover = body.path("is_cover").asBoolean(false);
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "The job is imported successfully.");
        ArrayNode mapping = answer.putArray("job_mapping");
        for (long id : ids) {
            if (jobs.containsKey(new Key(project, id))) {
                mapping.addObject().put("old_job_id", id).put("new_job_id", cover ? id : -1)
                        .put("remark", cover ? "Job successfully updated." : "The job already exists.");
            } else {
                long created = id + 100_000;
                jobs.put(new Key(project, created), new FakeJob(JobStatus.JOB_INIT, false, "job-" + created));
                mapping.addObject().put("old_job_id", id).put("new_job_id", created).put("remark", "Job successfully created.");
            }
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's job create (SQL or jar): a name of the project's own, the job {@code job_init}, ids one after another. */
    private void create(HttpExchange exchange, String project, JsonNode body) throws IOException {
        String name = body.path("name").asText("");
        if (name.isEmpty() || name.length() > 57) {
            send(exchange, 400, error("DLI.0001", "The job name is invalid."));
            return;
        }
        synchronized (jobs) {
            if (jobs.entrySet().stream().anyMatch(e -> e.getKey().project().equals(project) && e.getValue().name.equals(name))) {
                send(exchange, 400, error("DLI.0006", "The job name already exists."));
                return;
            }
            long id = jobIds.incrementAndGet();
            jobs.put(new Key(project, id), new FakeJob(JobStatus.JOB_INIT, false, name));
            ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "A DLI job is created successfully.");
            answer.putObject("job").put("job_id", id).put("status_name", "job_init").put("status_desc", "");
            send(exchange, 200, JSON.writeValueAsBytes(answer));
        }
    }

    /** DLI's update of a job's definition (this fake keeps none of its fields but the name): the job must exist. */
    private void update(HttpExchange exchange, String project, long id) throws IOException {
        if (!jobs.containsKey(new Key(project, id))) {
            send(exchange, 400, error("DLI.16001", "The job does not exist."));
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "The job is updated successfully.");
        answer.putObject("job").put("update_time", System.currentTimeMillis());
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    /** DLI's job list: by {@code status} and {@code name}, newest first unless {@code order=asc}, one page. */
    private void list(HttpExchange exchange, String project, String query) throws IOException {
        Map<String, String> params = new HashMap<>();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String[] kv = pair.split("=", 2);
            params.put(java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        java.util.Comparator<Map.Entry<Key, FakeJob>> byId = java.util.Comparator.comparingLong(e -> e.getKey().id());
        List<Map.Entry<Key, FakeJob>> matching = jobs.entrySet().stream()
                .filter(e -> e.getKey().project().equals(project))
                .filter(e -> !params.containsKey("status") || e.getValue().status.wireName().equals(params.get("status")))
                .filter(e -> e.getValue().name.contains(params.getOrDefault("name", "")))
                .sorted("asc".equals(params.get("order")) ? byId : byId.reversed()).toList();
        boolean detail = "true".equals(params.get("show_detail"));
        ObjectNode answer = JSON.createObjectNode().put("is_success", "true").put("message", "");
        ObjectNode list = answer.putObject("job_list").put("total_count", matching.size());
        ArrayNode page = list.putArray("jobs");
        matching.stream().skip(Long.parseLong(params.getOrDefault("offset", "0")))
                .limit(Long.parseLong(params.getOrDefault("limit", "10"))).forEach(e -> {
                    ObjectNode job = page.addObject().put("job_id", e.getKey().id()).put("name", e.getValue().name)
                            .put("status", e.getValue().status.wireName()).put("job_type", "flink_opensource_sql_job")
                            .put("create_time", 1_700_000_000_000L);
                    if (detail) {
                        job.putObject("job_config").put("checkpoint_mode", "exactly_once");
                    }
                });
        send(exchange, 200, JSON.writeValueAsBytes(answer));
    }

    private void delete(HttpExchange exchange, String project, long id) throws IOException {
        if (jobs.remove(new Key(project, id)) == null) {
            send(exchange, 400, error("DLI.16001", "The job does not exist."));
            return;
        }
        send(exchange, 200, JSON.writeValueAsBytes(JSON.createObjectNode().put("is_success", "true")
                .put("message", "The job is successfully deleted.")));
    }

    private void batchDelete(HttpExchange exchange, String project, JsonNode body) throws IOException {
        ArrayNode answer = JSON.createArrayNode();
        for (JsonNode idNode : body.path("job_ids")) {
            boolean deleted = jobs.remove(new Key(project, idNode.asLong())) != null;
            answer.addObject().put("is_success", Boolean.toString(deleted))
                    .put("message", deleted ? "The job is successfully deleted." : "Job " + idNode.asLong() + " does not exist.");
        }
        send(exchange, 200, JSON.writeValueAsBytes(answer));
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
