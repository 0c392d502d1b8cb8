package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.adapters.client.flink.peers.KafkaBroker;
import dev.dlirun.bootstrap.ScratchDirectory;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

/**
 * Resident memory with eight Kafka jobs running, next to eight datagen jobs, in rounds taking turns: the packaged jar
 * as the README starts it (its memory flags and class-data archive, jobs in H2, a fresh data directory each time) on
 * its default engine (a local Flink cluster in processes of its own), with the connectors' bundles next to it and
 * {@code --allow-hosts 127.0.0.1:*}, against a real Kafka broker ({@link KafkaBroker}, a process of its own). Each
 * process runs eight jobs of project {@code bench} from its jobs file, started in one batch run: either Kafka -> Kafka
 * (JSON, each job its own topics, fed 100 records/s each from the start of the run) or datagen (100 rows/s of the same
 * columns) -> blackhole. Once all eight say {@code job_running}, and {@link #SETTLE} more, the resident set
 * ({@code VmRSS} of {@code /proc/<pid>/status}) of the service's process and of every process it started, by role.
 * Prints the rows of a markdown table and a {@code rounds=} line.
 *
 * <p>Usage: {@code ConnectorMemoryBenchmark <jar> <class-data archive>}; the system property {@code dlirun.kafka.lib}
 * names the broker's jars; {@code -Dbench.kafkaMemoryRounds} rounds (2).
 */
public final class ConnectorMemoryBenchmark {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int ROUNDS = Integer.getInteger("bench.kafkaMemoryRounds", 2);
    private static final int JOBS = 8;
    private static final int RATE = 100;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final Duration SOON = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The roles of the processes, in the table's order. */
    private static final List<String> ROLES = List.of("service", "jobmanager", "taskmanager", "other", "all");

    private final Path jar;
    private final Path archive;
    private final KafkaBroker kafka;
    private final Path scratch;
    /** Variant, then role, then one figure (MiB) per round. */
    private final Map<String, Map<String, List<Long>>> results = new TreeMap<>();
    private final List<String> others = new ArrayList<>();

    private ConnectorMemoryBenchmark(Path jar, Path archive, KafkaBroker kafka, Path scratch) {
        this.jar = jar;
        this.archive = archive;
        this.kafka = kafka;
        this.scratch = scratch;
    }

    public static void main(String[] args) throws Exception {
        Path scratch = Files.createTempDirectory("bench-kafka-memory");
        // The local cluster's processes run as the jobs' user, who must pass through to the data directories inside.
        Files.setPosixFilePermissions(scratch, PosixFilePermissions.fromString("rwx--x--x"));
        try (KafkaBroker kafka = KafkaBroker.start(scratch.resolve("kafka"))) {
            ConnectorMemoryBenchmark benchmark = new ConnectorMemoryBenchmark(Path.of(args[0]), Path.of(args[1]),
                    kafka, scratch);
            for (int round = 0; round < ROUNDS; round++) {
                if (round % 2 == 0) {
                    benchmark.measure("kafka", round);
                    benchmark.measure("datagen", round);
                } else {
                    benchmark.measure("datagen", round);
                    benchmark.measure("kafka", round);
                }
            }
            benchmark.print();
        } finally {
            ScratchDirectory.delete(scratch);
        }
        System.exit(0);
    }

    private static final String COLUMNS = "id BIGINT, user_id STRING, amount INT, ts BIGINT";

    private String sql(String variant, String source, String sink) {
        if (variant.equals("datagen")) {
            return "CREATE TABLE events (" + COLUMNS + ") WITH ('connector' = 'datagen', 'rows-per-second' = '"
                    + RATE + "');\nCREATE TABLE sunk (" + COLUMNS + ") WITH ('connector' = 'blackhole');\n"
                    + "INSERT INTO sunk SELECT id, user_id, amount, ts FROM events";
        }
        String servers = kafka.bootstrapServers();
        return "CREATE TABLE events (" + COLUMNS + ") WITH ('connector' = 'kafka', 'topic' = '" + source + "', "
                + "'properties.bootstrap.servers' = '" + servers + "', 'properties.group.id' = '" + sink + "', "
                + "'scan.startup.mode' = 'earliest-offset', 'format' = 'json');\n"
                + "CREATE TABLE copied (" + COLUMNS + ") WITH ('connector' = 'kafka', 'topic' = '" + sink + "', "
                + "'properties.bootstrap.servers' = '" + servers + "', 'format' = 'json');\n"
                + "INSERT INTO copied SELECT id, user_id, amount, ts FROM events";
    }

    private void measure(String variant, int round) throws Exception {
        Path data = Files.createTempDirectory(scratch, "data");
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx--x--x"));
        List<String> sources = new ArrayList<>();
        ArrayNode jobs = JSON.createArrayNode();
        for (int id = 1; id <= JOBS; id++) {
            String source = "in-" + round + "-" + id;
            sources.add(source);
            if (variant.equals("kafka")) {
                kafka.createTopic(source, 1);
                kafka.createTopic("out-" + round + "-" + id, 1);
            }
            ObjectNode job = jobs.addObject();
            job.put("project_id", "bench").put("job_id", id).put("name", variant + "-" + id)
                    .put("job_type", "flink_opensource_sql_job").put("status", "job_init").put("has_savepoint", false)
                    .put("sql_body", sql(variant, source, "out-" + round + "-" + id));
        }
        Path jobsFile = Files.writeString(data.resolve("jobs.json"), JSON.writeValueAsString(jobs));
        int port = freePort();
        Process server = new ProcessBuilder(JAVA, "-Xmx512m", "-XX:MaxDirectMemorySize=256m",
                "-XX:SharedArchiveFile=" + archive, "-jar", jar.toString(), "--port=" + port,
                "--data-dir=" + data.resolve("data"), "--jobs=" + jobsFile, "--allow-hosts=127.0.0.1:*")
                .redirectErrorStream(true).redirectOutput(data.resolve("server.log").toFile()).start();
        AtomicBoolean feeding = new AtomicBoolean(variant.equals("kafka"));
        Thread feeder = new Thread(() -> feed(sources, feeding), "feeder");
        try {
            until(() -> IsolationBenchmark.status(port, "/health/ready") == 200, "ready", data);
            String ids = LongStream.rangeClosed(1, JOBS).boxed().toList().toString();
            String answer = post(port, "run", "{\"job_ids\": " + ids + "}");
            if (answer.contains("\"false\"")) {
                throw new IllegalStateException("the run was refused: " + answer);
            }
            feeder.start();
            for (long id = 1; id <= JOBS; id++) {
                long job = id;
                until(() -> running(port, job), "job " + id + " running", data);
            }
            Thread.sleep(SETTLE.toMillis());
            for (long id = 1; id <= JOBS; id++) {
                if (!running(port, id)) {
                    throw new IllegalStateException(variant + " job " + id + " no longer runs");
                }
            }
            record(variant, server.toHandle());
        } catch (Exception | AssertionError e) {
            // The server's log outlives its data directory, for a look at what went wrong.
            Path kept = Files.createTempFile("bench-kafka-memory-" + variant + "-", ".log");
            Files.copy(data.resolve("server.log"), kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            throw new IllegalStateException(variant + ", round " + round + ": " + e.getMessage() + " (the server's "
                    + "log: " + kept + ")", e);
        } finally {
            feeding.set(false);
            if (feeder.isAlive()) {
                feeder.join();
            }
            List<ProcessHandle> started = server.descendants().toList();
            server.destroy();
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor();
            }
            started.forEach(ProcessHandle::destroyForcibly);
            ScratchDirectory.delete(data);
        }
    }

    /** Feeds each source topic {@link #RATE} records a second until told to stop. */
    private void feed(List<String> topics, AtomicBoolean feeding) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
            long start = System.nanoTime();
            for (long id = 0; feeding.get(); id++) {
                long due = start + id * 1_000_000_000L / RATE;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                for (String topic : topics) {
                    producer.send(new ProducerRecord<>(topic, "{\"id\":" + id + ",\"user_id\":\"u" + (id % 100)
                            + "\",\"amount\":" + (id % 10) + ",\"ts\":" + System.currentTimeMillis() + "}"));
                }
            }
        }
    }

    /** The resident set of the service and of each process it started, by role. */
    private void record(String variant, ProcessHandle service) {
        Map<String, Long> kib = new LinkedHashMap<>();
        ROLES.forEach(role -> kib.put(role, 0L));
        kib.merge("service", rssKib(service.pid()), Long::sum);
        for (ProcessHandle child : service.descendants().toList()) {
            String command = commandLine(child.pid());
            String role = command.contains("StandaloneSessionClusterEntrypoint") ? "jobmanager"
                    : command.contains("TaskManagerRunner") ? "taskmanager" : "other";
            long rss = rssKib(child.pid());
            kib.merge(role, rss, Long::sum);
            if (role.equals("other")) {
                others.add(variant + ": " + child.info().command().orElse("?") + " (" + rss / 1024 + " MiB)");
            }
        }
        kib.put("all", kib.values().stream().mapToLong(Long::longValue).sum());
        kib.forEach((role, value) -> results.computeIfAbsent(variant, v -> new TreeMap<>())
                .computeIfAbsent(role, r -> new ArrayList<>()).add(value / 1024));
    }

    private static long rssKib(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(0L);
        } catch (IOException gone) {
            return 0;
        }
    }

    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    private void print() {
        String[][] rows = {{"service", "the service's process (the jar's JVM)"},
                {"jobmanager", "the local cluster's JobManager"}, {"taskmanager", "the local cluster's TaskManager"},
                {"other", "other processes the service started"}, {"all", "all of them"}};
        for (String[] row : rows) {
            List<Long> datagen = results.get("datagen").get(row[0]);
            List<Long> kafkaJobs = results.get("kafka").get(row[0]);
            double d = median(datagen);
            double k = median(kafkaJobs);
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %s |%n", row[1], d, k,
                    d == 0 ? "" : String.format(Locale.ROOT, "%.2f", k / d));
        }
        System.out.println("rounds=" + ROUNDS + " (MiB per round, datagen / Kafka: " + String.join("; ", ROLES.stream()
                .map(role -> role + " " + results.get("datagen").get(role) + " / " + results.get("kafka").get(role))
                .toList()) + (others.isEmpty() ? "" : "; other processes: " + String.join(", ", others)) + ")");
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }

    // ------------------------------------------------------------------------------------------ HTTP

    private interface Probe {
        boolean ok() throws Exception;
    }

    private static void until(Probe probe, String what, Path data) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (!probe.ok()) {
            if (System.nanoTime() > deadline) {
                List<String> log = Files.readAllLines(data.resolve("server.log")).stream()
                        .filter(line -> !line.contains("dlirun.access")).toList();
                throw new IllegalStateException("not " + what + " within " + SOON + "; the server's log ends:\n"
                        + String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
            }
            Thread.sleep(50);
        }
    }

    private static boolean running(int port, long id) throws Exception {
        String detail = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/v1.0/bench/streaming/jobs/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (detail.contains("\"job_submit_fail\"") || detail.contains("\"job_running_exception\"")) {
            throw new IllegalStateException("job " + id + " failed: " + detail);
        }
        return detail.contains("\"job_running\"");
    }

    private static String post(int port, String operation, String body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/v1.0/bench/streaming/jobs/" + operation)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(operation + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
