package dev.dlirun.adapters.client.flink.peers;

import dev.dlirun.adapters.client.peers.Peers;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real Apache Kafka broker for tests, in a process of its own: one node in KRaft mode, broker and controller at
 * once, listening on 127.0.0.1 on ports free when it starts, with its storage in a directory of the test's. Its jars
 * come from the directory that the kafka-broker module fills at build time (the system property
 * {@value #LIB_PROPERTY}, set by this module's surefire configuration), never from the test's class path, where
 * Kafka's Scala and server libraries would meet Flink's. The test's side (creating topics, producing, consuming) is
 * Kafka's own client.
 *
 * <p>Made for one broker per test class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}. Start-up takes
 * about three seconds; the storage is formatted once per JVM and copied for each broker (nothing in it names a port or
 * a directory), which saves the tool's own JVM each time after the first.
 *
 * <p>The broker is set up for tests, not for keeping data: one replica of everything, one partition for the internal
 * topics (consumer offsets, transactions), no wait before a group's first rebalance, topics created on first use, and
 * transactions allowed as long as Flink's Kafka sink asks for (an hour).
 */
public final class KafkaBroker implements AutoCloseable {

    /** The system property naming the directory of the broker's jars (kafka-broker's {@code target/lib}). */
    public static final String LIB_PROPERTY = "dlirun.kafka.lib";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final int NODE_ID = 1;

    /** Formatted storage, made once per JVM (and jars) by Kafka's StorageTool and copied for each broker. */
    private static final Map<Path, Path> FORMATTED_STORAGE = new HashMap<>();

    private final Path directory;
    private final Process process;
    private final int port;
    private final Admin admin;
    private final Thread killer;

    private KafkaBroker(Path directory, Process process, int port, Admin admin, Thread killer) {
        this.directory = directory;
        this.process = process;
        this.port = port;
        this.admin = admin;
        this.killer = killer;
    }

    /**
     * Starts a broker with its configuration, storage ({@code data/}) and log ({@code broker.log}) in
     * {@code directory}, and returns once it answers a client.
     *
     * @throws IllegalStateException when the broker's jars are missing, or the broker did not answer in time (with the
     *                               end of its log)
     */
    public static KafkaBroker start(Path directory) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path lib = lib();
        Files.createDirectories(directory);
        Path storage = formattedStorage(lib);
        for (int attempt = 1; ; attempt++) {
            int port = Peers.freePort();
            int controllerPort = Peers.freePort();
            Path data = directory.resolve("data");
            deleteRecursively(data);
            copyRecursively(storage, data);
            Path properties = directory.resolve("server.properties");
            Files.writeString(properties, serverProperties(data, port, controllerPort));
            Path log = directory.resolve("broker.log");
            Process process = new ProcessBuilder(javaCommand(lib, "kafka.Kafka", properties.toString()))
                    .directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Thread killer = new Thread(() -> Peers.kill(process), "kill Kafka broker " + process.pid());
            Runtime.getRuntime().addShutdownHook(killer);
            try {
                Admin admin = awaitAnswer(process, port, log);
                LOG.info("Kafka broker at 127.0.0.1:{} started in {} ({})", port, Peers.secondsSince(started),
                        directory);
                return new KafkaBroker(directory, process, port, admin, killer);
            } catch (PortTaken e) {
                stop(process, killer);
                if (attempt == Peers.ATTEMPTS) {
                    throw new IllegalStateException("the Kafka broker found its ports taken " + attempt
                            + " times; its log, " + log + ", ends:\n" + Peers.tail(log, 40));
                }
            } catch (InterruptedException | RuntimeException e) {
                stop(process, killer);
                throw e;
            }
        }
    }

    private static Path lib() {
        String property = System.getProperty(LIB_PROPERTY);
        if (property == null) {
            throw new IllegalStateException("the system property " + LIB_PROPERTY + " does not name the Kafka "
                    + "broker's jars; flink-launcher's surefire configuration sets it to kafka-broker's target/lib");
        }
        Path lib = Path.of(property).toAbsolutePath().normalize();
        boolean hasBroker;
        try (Stream<Path> jars = Files.isDirectory(lib) ? Files.list(lib) : Stream.empty()) {
            hasBroker = jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!hasBroker) {
            throw new IllegalStateException("the Kafka broker's jars are not in " + lib + " (" + LIB_PROPERTY
                    + "); the module adapters-client/kafka-broker puts them there when it is built: "
                    + "./mvnw -pl adapters-client/flink-launcher -am test-compile");
        }
        return lib;
    }

    /**
     * Storage formatted by Kafka's StorageTool (with the static voter set, nothing in it names a port or a place: a
     * meta.properties with the cluster's and the directory's ids, and the metadata version to bootstrap with).
     */
    private static synchronized Path formattedStorage(Path lib) throws IOException, InterruptedException {
        Path formatted = FORMATTED_STORAGE.get(lib);
        if (formatted != null) {
            return formatted;
        }
        Path work = Files.createTempDirectory("dlirun-kafka-storage");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(work), "delete " + work));
        Path storage = work.resolve("data");
        Path properties = work.resolve("server.properties");
        Files.writeString(properties, serverProperties(storage, Peers.freePort(), Peers.freePort()));
        String clusterId = Uuid.randomUuid().toString();
        Path log = work.resolve("format.log");
        Process format = new ProcessBuilder(javaCommand(lib, "kafka.tools.StorageTool", "format",
                "--cluster-id", clusterId, "--config", properties.toString(), "--ignore-formatted"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!format.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            Peers.kill(format);
            throw new IllegalStateException("Kafka's StorageTool did not end in " + START_TIMEOUT + "; its output:\n"
                    + Peers.tail(log, 40));
        }
        if (format.exitValue() != 0 || !Files.isRegularFile(storage.resolve("meta.properties"))) {
            throw new IllegalStateException("Kafka's StorageTool could not format " + storage + " (exit "
                    + format.exitValue() + "); its output:\n" + Peers.tail(log, 40));
        }
        FORMATTED_STORAGE.put(lib, storage);
        return storage;
    }

    private static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + NODE_ID,
                "controller.quorum.voters=" + NODE_ID + "@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "controller.listener.names=CONTROLLER",
                "log.dirs=" + data,
                "num.partitions=1",
                "default.replication.factor=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=1",
                // Flink's Kafka sink asks for transactions of an hour when it writes exactly once.
                "transaction.max.timeout.ms=3600000",
                "group.initial.rebalance.delay.ms=0",
                // A small machine: fewer threads than a production broker's.
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "group.coordinator.threads=1",
                "");
    }

    private static List<String> javaCommand(Path lib, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(JAVA,
                "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
                // The quick compiler alone: a broker that serves tests starts sooner and has no need of the other.
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp", lib + "/*", mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    /** Waits until the broker answers a client, and returns that client. */
    private static Admin awaitAnswer(Process process, int port, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Admin admin = null;
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    if (Peers.portTaken(log)) {
                        throw new PortTaken();
                    }
                    throw new IllegalStateException("the Kafka broker ended (exit " + process.exitValue()
                            + "); its log, " + log + ", ends:\n" + Peers.tail(log, 40));
                }
                if (admin == null && listens(port)) {
                    admin = Admin.create(Map.of(
                            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()));
                }
                if (admin != null) {
                    try {
                        if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                            Admin ready = admin;
                            admin = null;
                            return ready;
                        }
                    } catch (ExecutionException | TimeoutException notYet) {
                        // not serving yet
                    }
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("the Kafka broker did not answer in " + START_TIMEOUT + "; its log, " + log
                    + ", ends:\n" + Peers.tail(log, 40));
        } finally {
            if (admin != null) {
                admin.close(Duration.ZERO);
            }
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The address clients bootstrap from, as Flink's Kafka connector takes it: {@code 127.0.0.1:PORT}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The port of the broker's one listener (plain text, no authentication). */
    public int port() {
        return port;
    }

    /** The directory of the broker's configuration, storage and log. */
    public Path directory() {
        return directory;
    }

    /** Creates {@code topic} with {@code partitions} partitions (one replica), and returns once the broker has it. */
    public void createTopic(String topic, int partitions) {
        call(admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all());
        call(admin.describeTopics(List.of(topic)).allTopicNames());
    }

    /** Writes {@code values} to {@code topic} without keys, in order, and returns once the broker has them all. */
    public void produce(String topic, List<String> values) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, value));
        }
        send(records);
    }

    /**
     * Writes {@code records} (key and value; either may be null, a null value being a tombstone) to {@code topic}, in
     * order, and returns once the broker has them all.
     */
    public void produceKeyed(String topic, List<Map.Entry<String, String>> records) {
        List<ProducerRecord<String, String>> keyed = new ArrayList<>();
        for (Map.Entry<String, String> record : records) {
            keyed.add(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
        }
        send(keyed);
    }

    private void send(List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CALL_TIMEOUT.toMillis()),
                new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (Future<RecordMetadata> each : sent) {
                call(each);
            }
        }
    }

    /**
     * The values in {@code topic} that a reader sees that reads only committed records (Flink's exactly-once sink
     * writes in transactions), as {@link #consumeRecords} reads them.
     */
    public List<String> consume(String topic, int atLeast, Duration timeout) {
        return consumeRecords(topic, atLeast, timeout, true).stream().map(ConsumerRecord::value).toList();
    }

    /**
     * The records in {@code topic}, partition by partition, each partition in order, read from the beginning without a
     * consumer group (nothing is committed): returns once it has read at least {@code atLeast} records and then
     * everything the topic had at that moment, or when {@code timeout} has passed, with what it read by then (an
     * assertion on the result shows what was missing). A topic that does not exist reads as empty; reading does not
     * create it.
     *
     * @param readCommitted whether to skip records of transactions not committed (and not wait for open ones), as
     *                      Flink's exactly-once readers do, rather than read everything written
     */
    public List<ConsumerRecord<String, String>> consumeRecords(String topic, int atLeast, Duration timeout,
                                                               boolean readCommitted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(topic, remaining(deadline)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                if (partitions.isEmpty()) {
                    sleep(100);
                }
            }
            if (partitions.isEmpty()) {
                return records;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = null;
            while (System.nanoTime() < deadline) {
                if (ends == null && records.size() >= Math.max(atLeast, 0)) {
                    ends = consumer.endOffsets(partitions, remaining(deadline));
                }
                if (ends != null && reached(consumer, ends)) {
                    break;
                }
                consumer.poll(Duration.ofMillis(Math.min(200, Math.max(1, remaining(deadline).toMillis()))))
                        .forEach(records::add);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            // the deadline passed while the client waited: what was read by then is the answer
        }
        records.sort(Comparator.comparing((ConsumerRecord<String, String> r) -> r.partition())
                .thenComparingLong(ConsumerRecord::offset));
        return records;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), CALL_TIMEOUT) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The names of the topics the broker has, its internal ones left out. */
    public List<String> topics() {
        return call(admin.listTopics().names()).stream().sorted().toList();
    }

    /** The partitions of {@code topic}. */
    public int partitions(String topic) {
        return call(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    private static <T> T call(Future<T> future) {
        try {
            return future.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Kafka broker refused: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Kafka broker did not answer in " + CALL_TIMEOUT, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Kills the broker at once (its directory stays, for a look at its log). */
    @Override
    public void close() {
        admin.close(Duration.ZERO);
        stop(process, killer);
    }

    private static void stop(Process process, Thread killer) {
        Peers.kill(process);
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private static void copyRecursively(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(each);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException ignored) {
            // a temporary directory; the system cleans it in time
        }
    }

    /** The broker ended because another process took one of its ports: worth another try on others. */
    private static final class PortTaken extends RuntimeException {
        PortTaken() {
            super(null, null, false, false);
        }
    }
}
