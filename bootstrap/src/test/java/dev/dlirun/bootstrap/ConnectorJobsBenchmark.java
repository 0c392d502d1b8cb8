package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.peers.KafkaBroker;
import dev.dlirun.adapters.client.local.engine.EngineSettings;
import dev.dlirun.bootstrap.bench.FlinkBaseline;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Kafka jobs on Flink: the service next to Flink itself on the same embedded cluster, as {@link FlinkJobsBenchmark}
 * sets them side by side, against a real Kafka broker ({@link KafkaBroker}, a process of its own on 127.0.0.1). The
 * service runs in this JVM as main() wires it (its Flink embedded, 32 slots, the connectors' bundles of the build,
 * {@code --allow-hosts 127.0.0.1:*}), and is driven over HTTP; the baseline is {@link FlinkBaseline}, a process of its
 * own planning the same SQL with a bare {@code TableEnvironment}, given the Kafka bundle's jars as
 * {@code pipeline.jars}, and submitting it to the same cluster's REST API. The jobs run at parallelism 1 (DLI's
 * default {@code parallel_number}), checkpoints off (DLI's default), the Kafka sink at its default delivery guarantee
 * (at least once).
 *
 * <ul>
 *     <li>{@code throughput}: a source topic filled beforehand with small JSON records; each run starts a job that
 *     reads it from the earliest offset into a fresh output topic whose records the broker stamps as it appends them
 *     ({@code message.timestamp.type=LogAppendTime}); the run ends when the output topic holds as many records as the
 *     source, and the job is cancelled. Records/s: over the window from the first output record's append to the last's,
 *     and from the moment the run was asked for (the API's run, or the baseline's command) to the last.</li>
 *     <li>{@code latency}: a Kafka -> Kafka job runs; records carrying the time they are sent are produced at a steady
 *     rate into its (empty, fresh) source topic, and a consumer of its output topic in this JVM takes each record's
 *     latency as it arrives (read_committed; the sink does not write transactions at this guarantee).</li>
 * </ul>
 * Prints the rows of a markdown table and a {@code rounds=} line, for the benchmark suite's report.
 *
 * <p>Usage: {@code ConnectorJobsBenchmark throughput|latency <connector bundles directory>}; the system property
 * {@code dlirun.kafka.lib} names the broker's jars.
 */
public final class ConnectorJobsBenchmark {

    private static final String PROJECT = "bench";
    private static final int ROUNDS = Integer.getInteger("bench.kafkaRounds", 3);
    private static final int RECORDS = Integer.getInteger("bench.kafkaRecords", 1_000_000);
    private static final int WARM_UP_RECORDS = Integer.getInteger("bench.kafkaWarmUpRecords", 200_000);
    private static final int LATENCY_ROUNDS = Integer.getInteger("bench.kafkaLatencyRounds", 2);
    private static final int RATE = Integer.getInteger("bench.kafkaLatencyRate", 1000);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.kafkaLatencySeconds", 20);
    private static final int LATENCY_WARM_UP_SECONDS = 5;
    /**
     * How often the service's observer asks the cluster about the jobs it follows, when not the engine's default
     * (100 ms): for an A/B of what its calls cost the jobs on the embedded cluster, which answers them in this JVM.
     */
    private static final Integer OBSERVE_MILLIS = Integer.getInteger("bench.kafkaObserveMillis");
    /** How many user ids the records spread over: the keys of the aggregation. */
    private static final int USERS = 10_000;
    private static final Duration SOON = Duration.ofMinutes(3);
    /** The process's standard output before the service starts (Flink in this JVM captures System.out for jobs). */
    private static final java.io.PrintStream REPORT = System.out;

    /** The two jobs measured. */
    enum Kind {
        COPY("Kafka → Kafka (JSON)"),
        AGGREGATE("Kafka (JSON) → `GROUP BY` key → upsert-Kafka");

        final String title;

        Kind(String title) {
            this.title = title;
        }
    }

    /** Who starts a job: the service, or Flink itself. */
    enum Side {
        SERVICE, FLINK
    }

    /** One job to run: the service's job id, or the file of SQL the baseline runs. */
    private record Job(Kind kind, String source, String sink, long id, Path sqlFile) {
    }

    private final KafkaBroker kafka;
    private final Admin admin;
    private final Path dir;
    private long nextId = 1;
    private final List<String> jobsFile = new ArrayList<>();
    private RunningService service;
    private Process baselineProcess;
    private BufferedReader baselineOut;
    private PrintWriter baselineIn;

    private ConnectorJobsBenchmark(KafkaBroker kafka, Path dir) {
        this.kafka = kafka;
        this.dir = dir;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path connectors = Path.of(args[1]).toAbsolutePath();
        Path dir = Files.createTempDirectory("bench-kafka");
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            ConnectorJobsBenchmark benchmark = new ConnectorJobsBenchmark(kafka, dir);
            try {
                if (mode.equals("throughput")) {
                    benchmark.throughput(connectors);
                } else if (mode.equals("latency")) {
                    benchmark.latency(connectors);
                } else {
                    throw new IllegalArgumentException("throughput or latency, not " + mode);
                }
            } finally {
                benchmark.close();
            }
        } finally {
            ScratchDirectory.delete(dir);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------ the jobs

    private String sql(Kind kind, String source, String sink, String group) {
        String servers = kafka.bootstrapServers();
        String events = "CREATE TABLE events (id BIGINT, user_id STRING, amount INT, ts BIGINT) WITH (\n"
                + "  'connector' = 'kafka', 'topic' = '" + source + "',\n"
                + "  'properties.bootstrap.servers' = '" + servers + "',\n"
                + "  'properties.group.id' = '" + group + "', 'scan.startup.mode' = 'earliest-offset',\n"
                + "  'format' = 'json');\n";
        return switch (kind) {
            case COPY -> events
                    + "CREATE TABLE copied (id BIGINT, user_id STRING, amount INT, ts BIGINT) WITH (\n"
                    + "  'connector' = 'kafka', 'topic' = '" + sink + "',\n"
                    + "  'properties.bootstrap.servers' = '" + servers + "',\n"
                    + "  'format' = 'json');\n"
                    + "INSERT INTO copied SELECT id, user_id, amount, ts FROM events";
            case AGGREGATE -> events
                    + "CREATE TABLE totals (user_id STRING, events BIGINT, amount BIGINT,\n"
                    + "  PRIMARY KEY (user_id) NOT ENFORCED) WITH (\n"
                    + "  'connector' = 'upsert-kafka', 'topic' = '" + sink + "',\n"
                    + "  'properties.bootstrap.servers' = '" + servers + "',\n"
                    + "  'key.format' = 'json', 'value.format' = 'json');\n"
                    + "INSERT INTO totals SELECT user_id, COUNT(*), SUM(CAST(amount AS BIGINT)) FROM events "
                    + "GROUP BY user_id";
        };
    }

    /** A job of each side reading {@code source} into an output topic of its own named after {@code name}. */
    private Map<Side, Job> jobs(Kind kind, String source, String name) throws Exception {
        return jobs(kind, source, source, name);
    }

    /** A job of each side, the service's reading {@code serviceSource}, Flink's {@code flinkSource}. */
    private Map<Side, Job> jobs(Kind kind, String serviceSource, String flinkSource, String name) throws Exception {
        long id = nextId++;
        String serviceSink = name + "-service";
        jobsFile.add(FlinkEndToEndTest.sqlJob(PROJECT, id, sql(kind, serviceSource, serviceSink, serviceSink), ""));
        String flinkSink = name + "-flink";
        Path file = Files.writeString(dir.resolve(flinkSink + ".sql"), sql(kind, flinkSource, flinkSink, flinkSink));
        return Map.of(Side.SERVICE, new Job(kind, serviceSource, serviceSink, id, null),
                Side.FLINK, new Job(kind, flinkSource, flinkSink, -1, file));
    }

    /** The service (its jobs those {@link #jobs} made), and the baseline in its own process, on its cluster. */
    private void start(Path connectors) throws Exception {
        Path jobs = Files.writeString(dir.resolve("jobs.json"), "[" + String.join(",\n", jobsFile) + "]");
        ServerConfig config = ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Embedded(32, 0), Optional.empty(), Optional.empty(),
                        Optional.empty(), FlinkSettings.defaultConnectors(), Set.of())
                        .withReach(connectors, FlinkSettings.defaultConnectors(), List.of("127.0.0.1:*")))
                .withDataDirectory(dir.resolve("data")).withJobsFile(jobs).withReadinessCache(Duration.ZERO);
        if (OBSERVE_MILLIS != null) {
            EngineSettings engine = EngineSettings.DEFAULTS;
            config = config.withEngine(new EngineSettings(Duration.ofMillis(OBSERVE_MILLIS), engine.launchThreads(),
                    engine.savepointTimeout(), engine.savepointsKept()));
        }
        service = new RunningService(config);
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Flink did not start");
            }
            Thread.sleep(50);
        }
        java.net.URI rest = LocalServers.flinkRest(service.server).orElseThrow();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                .filter(flag -> !flag.isBlank()).toList());
        command.addAll(List.of("-cp", System.getProperty("bench.classpath", System.getProperty("java.class.path")),
                FlinkBaseline.class.getName(), rest.getHost(), Integer.toString(rest.getPort())));
        // The jars the service gives a job whose tables are Kafka's (JSON is the cluster's own format).
        try (Stream<Path> jars = Files.list(connectors.resolve("kafka"))) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().map(Path::toString).forEach(command::add);
        }
        baselineProcess = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        baselineOut = new BufferedReader(new InputStreamReader(baselineProcess.getInputStream(),
                StandardCharsets.UTF_8));
        baselineIn = new PrintWriter(baselineProcess.getOutputStream(), true, StandardCharsets.UTF_8);
        baseline(null, "ready");
    }

    private void close() throws Exception {
        if (baselineProcess != null) {
            baselineProcess.destroyForcibly().waitFor();
        }
        if (service != null) {
            service.close();
        }
        admin.close(Duration.ZERO);
    }

    /** Sends {@code command} to the baseline (none: only reads) and answers its answer's words. */
    private String[] baseline(String command, String answer) throws Exception {
        if (command != null) {
            baselineIn.println(command);
        }
        String line = baselineOut.readLine();
        while (line != null && !line.startsWith(FlinkBaseline.ANSWER)) {
            line = baselineOut.readLine();
        }
        line = line == null ? null : line.substring(FlinkBaseline.ANSWER.length());
        if (line == null || !line.startsWith(answer)) {
            throw new IllegalStateException("the baseline answered " + line + " to " + command + " (exit "
                    + (baselineProcess.isAlive() ? "none" : baselineProcess.exitValue()) + ")");
        }
        return line.split(" ");
    }

    /** Starts the job and returns once it runs: the service's when its detail says so, Flink's when all tasks run. */
    private String launch(Side side, Job job) throws Exception {
        if (side == Side.SERVICE) {
            var answer = service.run(PROJECT, "{\"job_ids\": [" + job.id() + "]}");
            for (JsonNode outcome : answer.json()) {
                if (!outcome.get("is_success").asText().equals("true")) {
                    throw new IllegalStateException("a run was refused: " + answer.json());
                }
            }
            awaitRunning(job.id());
            return Long.toString(job.id());
        }
        return baseline("run " + job.sqlFile(), "ran")[1];
    }

    private void awaitRunning(long id) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            JsonNode detail = service.detail(PROJECT, id);
            String status = detail.get("status").asText();
            if (status.equals("job_running")) {
                return;
            }
            failedIf(detail);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + id + " did not run: " + detail);
            }
            Thread.sleep(10);
        }
    }

    private static void failedIf(JsonNode detail) {
        String status = detail.get("status").asText();
        if (status.equals("job_submit_fail") || status.equals("job_running_exception")
                || status.equals("job_cancel_success")) {
            throw new IllegalStateException("the service's job is " + status + ": " + detail);
        }
    }

    private void cancel(Side side, Job job, String running) throws Exception {
        if (side == Side.FLINK) {
            baseline("cancel " + running, "cancelled");
            return;
        }
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            var answer = service.stop(PROJECT, "{\"job_ids\": [" + job.id() + "], \"trigger_savepoint\": false}");
            if (answer.json().get(0).get("is_success").asText().equals("true")) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stop was refused: " + answer.json());
            }
            Thread.sleep(50);
        }
        service.awaitStatus(PROJECT, job.id(), "job_cancel_success", SOON, Duration.ofMillis(20));
    }

    // ------------------------------------------------------------------------------------------ Kafka

    /** A topic of one partition; its records stamped by the broker as it appends them when {@code logAppendTime}. */
    private void createTopic(String topic, boolean logAppendTime) throws Exception {
        NewTopic created = new NewTopic(topic, 1, (short) 1);
        if (logAppendTime) {
            created.configs(Map.of("message.timestamp.type", "LogAppendTime"));
        }
        admin.createTopics(List.of(created)).all().get(30, TimeUnit.SECONDS);
    }

    private long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS)
                .get(partition).offset();
    }

    private static String event(long id, long ts) {
        return "{\"id\":" + id + ",\"user_id\":\"u" + (id % USERS) + "\",\"amount\":" + (id % 100) + ",\"ts\":" + ts
                + "}";
    }

    private KafkaProducer<String, String> producer(int lingerMs) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                new StringSerializer(), new StringSerializer());
    }

    /** Fills {@code topic} with {@code records} events, and returns once the broker has them all. */
    private void fill(String topic, int records) throws Exception {
        createTopic(topic, false);
        long base = 1_796_000_000_000L;
        try (KafkaProducer<String, String> producer = producer(20)) {
            for (long id = 0; id < records; id++) {
                producer.send(new ProducerRecord<>(topic, event(id, base + id)));
            }
            producer.flush();
        }
        if (endOffset(topic) != records) {
            throw new IllegalStateException(topic + " holds " + endOffset(topic) + " records, not " + records);
        }
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1),
                new StringDeserializer(), new StringDeserializer());
    }

    /** The broker's timestamp of the record at {@code offset} of {@code topic}'s partition. */
    private long appendedAt(String topic, long offset) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = consumer()) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() == offset) {
                        if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                            throw new IllegalStateException(topic + " is not stamped by the broker");
                        }
                        return record.timestamp();
                    }
                }
            }
        }
        throw new IllegalStateException("no record at " + offset + " of " + topic);
    }

    // ------------------------------------------------------------------------------------------ throughput

    /** One run: when it was asked for, the first and last output records' appends (ms), and the output's size. */
    private record Run(long asked, long first, long last, long records, long output) {
        double windowRate() {
            return (records - 1) * 1000.0 / Math.max(1, last - first);
        }

        double fromAskedRate() {
            return records * 1000.0 / Math.max(1, last - asked);
        }

        String brief() {
            return String.format(Locale.ROOT, "%.0f/%.0f", windowRate(), fromAskedRate());
        }
    }

    private Run throughputRun(Side side, Job job, int records) throws Exception {
        createTopic(job.sink(), true);
        long asked = System.currentTimeMillis();
        String running = launch(side, job);
        long deadline = System.nanoTime() + SOON.toNanos();
        long checked = System.nanoTime();
        while (endOffset(job.sink()) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(side + "'s " + job.kind() + " job wrote " + endOffset(job.sink())
                        + " of " + records + " records in " + SOON);
            }
            if (side == Side.SERVICE && System.nanoTime() - checked > TimeUnit.SECONDS.toNanos(2)) {
                failedIf(service.detail(PROJECT, job.id()));
                checked = System.nanoTime();
            }
            Thread.sleep(50);
        }
        cancel(side, job, running);
        long output = endOffset(job.sink());
        return new Run(asked, appendedAt(job.sink(), 0), appendedAt(job.sink(), records - 1), records, output);
    }

    private void throughput(Path connectors) throws Exception {
        fill("events-warm-up", WARM_UP_RECORDS);
        fill("events", RECORDS);
        Map<Kind, Map<Side, Job>> warmUps = new java.util.EnumMap<>(Kind.class);
        Map<Kind, List<Map<Side, Job>>> rounds = new java.util.EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            String name = kind.name().toLowerCase(Locale.ROOT);
            warmUps.put(kind, jobs(kind, "events-warm-up", "out-" + name + "-warm-up"));
            List<Map<Side, Job>> each = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                each.add(jobs(kind, "events", "out-" + name + "-" + round));
            }
            rounds.put(kind, each);
        }
        start(connectors);
        for (Kind kind : Kind.values()) {
            for (Side side : Side.values()) {
                throughputRun(side, warmUps.get(kind).get(side), WARM_UP_RECORDS);
            }
        }
        Map<Kind, Map<Side, List<Run>>> runs = new java.util.EnumMap<>(Kind.class);
        for (int round = 0; round < ROUNDS; round++) {
            for (Kind kind : Kind.values()) {
                // Who goes first alternates, so that drift on a shared machine touches both alike.
                List<Side> order = (round + kind.ordinal()) % 2 == 0 ? List.of(Side.SERVICE, Side.FLINK)
                        : List.of(Side.FLINK, Side.SERVICE);
                for (Side side : order) {
                    runs.computeIfAbsent(kind, k -> new java.util.EnumMap<>(Side.class))
                            .computeIfAbsent(side, s -> new ArrayList<>())
                            .add(throughputRun(side, rounds.get(kind).get(round).get(side), RECORDS));
                }
            }
        }
        List<String> roundsLine = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            List<Run> ours = runs.get(kind).get(Side.SERVICE);
            List<Run> flink = runs.get(kind).get(Side.FLINK);
            List<Double> window = new ArrayList<>();
            List<Double> fromAsked = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                window.add(ours.get(round).windowRate() / flink.get(round).windowRate());
                fromAsked.add(ours.get(round).fromAskedRate() / flink.get(round).fromAskedRate());
            }
            print("| %s: records/s, first to last output record | %.0f | %.0f | %.2f | ≥ 0.95 |", kind.title,
                    median(ours.stream().map(Run::windowRate).toList()),
                    median(flink.stream().map(Run::windowRate).toList()), median(window));
            print("| %s: records/s, from the run asked for to the last output record | %.0f | %.0f | %.2f | |",
                    kind.title, median(ours.stream().map(Run::fromAskedRate).toList()),
                    median(flink.stream().map(Run::fromAskedRate).toList()), median(fromAsked));
            List<String> each = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                each.add(ours.get(round).brief() + " vs " + flink.get(round).brief());
            }
            long extra = Stream.concat(ours.stream(), flink.stream()).mapToLong(run -> run.output() - run.records())
                    .sum();
            roundsLine.add(kind.name().toLowerCase(Locale.ROOT) + " [" + String.join("; ", each) + "], "
                    + extra + " output records beyond the input's");
        }
        print("rounds=%d of %d records, after one of %d records of each as warm-up; records/s (window/from asked), "
                + "the service vs Flink itself: %s", ROUNDS, RECORDS, WARM_UP_RECORDS, String.join("; ", roundsLine));
    }

    // ------------------------------------------------------------------------------------------ latency

    /** What one latency run measured: each measured record's latency (µs), and how many never arrived. */
    private record Latencies(long[] micros, long missing) {
        double percentile(double p) {
            return percentileOf(micros, p);
        }
    }

    private static double percentileOf(long[] sorted, double p) {
        return sorted[(int) Math.floor(p * (sorted.length - 1))] / 1000.0;
    }

    /** A run of {@link #LATENCY_WARM_UP_SECONDS} not counted, then {@code seconds} counted, at {@link #RATE}. */
    private Latencies latencyRun(Side side, Job job, int seconds) throws Exception {
        createTopic(job.source(), false);
        createTopic(job.sink(), false);
        String running = launch(side, job);
        int warmUp = RATE * LATENCY_WARM_UP_SECONDS;
        int total = warmUp + RATE * seconds;
        long[] arrived = new long[total];
        Arrays.fill(arrived, -1);
        AtomicBoolean done = new AtomicBoolean();
        java.util.concurrent.CountDownLatch positioned = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
        Thread reader = new Thread(() -> {
            TopicPartition partition = new TopicPartition(job.sink(), 0);
            try (KafkaConsumer<String, String> consumer = consumer()) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                consumer.position(partition);
                positioned.countDown();
                while (!done.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        long now = System.nanoTime();
                        String value = record.value();
                        int id = (int) field(value, "\"id\":");
                        arrived[id] = now - field(value, "\"ts\":");
                        seen.incrementAndGet();
                    }
                }
            }
        }, "latency-reader");
        reader.start();
        positioned.await(30, TimeUnit.SECONDS);
        try (KafkaProducer<String, String> producer = producer(0)) {
            long start = System.nanoTime();
            long interval = 1_000_000_000L / RATE;
            for (int id = 0; id < total; id++) {
                long due = start + id * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                producer.send(new ProducerRecord<>(job.source(), event(id, System.nanoTime())));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (seen.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        done.set(true);
        reader.join();
        cancel(side, job, running);
        long[] measured = Arrays.stream(arrived, warmUp, total).filter(nanos -> nanos >= 0).map(nanos -> nanos / 1000)
                .sorted().toArray();
        return new Latencies(measured, (total - warmUp) - measured.length);
    }

    /** The number after {@code key} in a flat JSON object. */
    private static long field(String json, String key) {
        int at = json.indexOf(key) + key.length();
        int end = at;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(json.substring(at, end));
    }

    private void latency(Path connectors) throws Exception {
        List<Map<Side, Job>> rounds = new ArrayList<>();
        // Each job reads a fresh topic of its own, which only its run writes to.
        Map<Side, Job> warmUp = jobs(Kind.COPY, "latency-in-warm-up-service", "latency-in-warm-up-flink",
                "latency-out-warm-up");
        for (int round = 0; round < LATENCY_ROUNDS; round++) {
            rounds.add(jobs(Kind.COPY, "latency-in-" + round + "-service", "latency-in-" + round + "-flink",
                    "latency-out-" + round));
        }
        start(connectors);
        for (Side side : Side.values()) {
            latencyRun(side, warmUp.get(side), LATENCY_WARM_UP_SECONDS);
        }
        Map<Side, List<Latencies>> results = new java.util.EnumMap<>(Side.class);
        for (int round = 0; round < LATENCY_ROUNDS; round++) {
            List<Side> order = round % 2 == 0 ? List.of(Side.SERVICE, Side.FLINK) : List.of(Side.FLINK, Side.SERVICE);
            for (Side side : order) {
                results.computeIfAbsent(side, s -> new ArrayList<>())
                        .add(latencyRun(side, rounds.get(round).get(side), LATENCY_SECONDS));
            }
        }
        long[] ours = pooled(results.get(Side.SERVICE));
        long[] flink = pooled(results.get(Side.FLINK));
        for (double p : new double[]{0.5, 0.99}) {
            print("| Kafka → Kafka (JSON), %d records/s: latency p%.0f, ms | %.2f | %.2f | %.2f | |", RATE, p * 100,
                    percentileOf(ours, p), percentileOf(flink, p), percentileOf(ours, p) / percentileOf(flink, p));
        }
        List<String> each = new ArrayList<>();
        for (int round = 0; round < LATENCY_ROUNDS; round++) {
            Latencies o = results.get(Side.SERVICE).get(round);
            Latencies f = results.get(Side.FLINK).get(round);
            each.add(String.format(Locale.ROOT, "%.2f/%.2f vs %.2f/%.2f", o.percentile(0.5), o.percentile(0.99),
                    f.percentile(0.5), f.percentile(0.99)));
        }
        long missing = Stream.concat(results.get(Side.SERVICE).stream(), results.get(Side.FLINK).stream())
                .mapToLong(Latencies::missing).sum();
        print("rounds=%d of %d s at %d records/s, each after %d s not counted, after a short run of each as warm-up; "
                        + "p50/p99 ms, the service vs Flink itself: %s; %d records not seen", LATENCY_ROUNDS,
                LATENCY_SECONDS, RATE, LATENCY_WARM_UP_SECONDS, String.join("; ", each), missing);
    }

    private static long[] pooled(List<Latencies> runs) {
        return runs.stream().flatMapToLong(run -> Arrays.stream(run.micros())).sorted().toArray();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static void print(String format, Object... values) {
        REPORT.println(String.format(Locale.ROOT, format, values));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
