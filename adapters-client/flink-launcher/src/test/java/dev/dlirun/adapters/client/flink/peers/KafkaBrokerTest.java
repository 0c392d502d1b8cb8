package dev.dlirun.adapters.client.flink.peers;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The test peer KafkaBroker: one broker for the class, written to and read from with Kafka's own client. */
class KafkaBrokerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path directory;

    private static KafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = KafkaBroker.start(directory.resolve("kafka"));
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void listensOnTheLoopbackAddressAndItsDirectory() {
        assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(broker.directory().resolve("broker.log")).isRegularFile();
        assertThat(broker.directory().resolve("data/meta.properties")).isRegularFile();
    }

    @Test
    void whatIsProducedIsConsumedInOrder() {
        broker.produce("three", List.of("one", "two", "three"));

        assertThat(broker.consume("three", 3, TIMEOUT)).containsExactly("one", "two", "three");
        // Each read starts from the beginning, and comes back with everything there once it has what it waits for.
        assertThat(broker.consume("three", 1, TIMEOUT)).containsExactly("one", "two", "three");
    }

    @Test
    void keysAndTombstonesComeBackWithTheirValues() {
        broker.produceKeyed("keyed", List.of(Map.entry("a", "1"), Map.entry("b", "2"),
                new AbstractMap.SimpleEntry<>("a", null)));

        assertThat(broker.consumeRecords("keyed", 3, TIMEOUT, false))
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactly(tuple("a", "1"),
                        tuple("b", "2"), tuple("a", null));
    }

    @Test
    void topicsAreCreatedWithTheirPartitionsAndReadAcrossThem() {
        broker.createTopic("four-ways", 4);

        assertThat(broker.topics()).contains("four-ways");
        assertThat(broker.partitions("four-ways")).isEqualTo(4);
        broker.produceKeyed("four-ways", List.of(Map.entry("k1", "v1"), Map.entry("k2", "v2"), Map.entry("k3", "v3"),
                Map.entry("k4", "v4"), Map.entry("k5", "v5")));
        assertThat(broker.consume("four-ways", 5, TIMEOUT)).containsExactlyInAnyOrder("v1", "v2", "v3", "v4", "v5");
        assertThatThrownBy(() -> broker.createTopic("four-ways", 1)).hasMessageContaining("already exists");
    }

    @Test
    void aTopicNobodyWroteReadsAsEmptyAndIsNotCreatedByTheRead() {
        assertThat(broker.consume("nobody", 0, Duration.ofSeconds(2))).isEmpty();
        assertThat(broker.topics()).doesNotContain("nobody");
    }

    @Test
    void readersOfCommittedRecordsSeeNoAbortedTransaction() {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kafka-broker-test",
                // What Flink's exactly-once sink asks for by default: an hour.
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 3_600_000),
                new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "aborted"));
            producer.flush(); // or the abort drops the record before it reaches the broker
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactions", "committed"));
            producer.commitTransaction();
        }

        assertThat(broker.consume("transactions", 1, TIMEOUT)).containsExactly("committed");
        assertThat(broker.consumeRecords("transactions", 2, TIMEOUT, false)).extracting(ConsumerRecord::value)
                .containsExactly("aborted", "committed");
    }

    @Test
    void aBrokerThatCannotStartIsReportedWithTheEndOfItsOutput(@TempDir Path lib) throws Exception {
        // Kafka's own jar alone: its Scala library missing, Kafka's tools end at once.
        String kafkaJar = "kafka_2.13-" + AppInfoParser.getVersion() + ".jar";
        Files.copy(Path.of(System.getProperty(KafkaBroker.LIB_PROPERTY), kafkaJar), lib.resolve(kafkaJar));
        String realLib = System.getProperty(KafkaBroker.LIB_PROPERTY);
        System.setProperty(KafkaBroker.LIB_PROPERTY, lib.toString());
        try {
            assertThatThrownBy(() -> KafkaBroker.start(lib.resolve("broker")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Kafka's StorageTool could not format ")
                    .hasMessageContaining("scala/");
        } finally {
            System.setProperty(KafkaBroker.LIB_PROPERTY, realLib);
        }
    }

    @Test
    void missingJarsAreNamedWithTheWayToBuildThem(@TempDir Path empty) {
        String lib = System.getProperty(KafkaBroker.LIB_PROPERTY);
        System.setProperty(KafkaBroker.LIB_PROPERTY, empty.toString());
        try {
            assertThatThrownBy(() -> KafkaBroker.start(empty.resolve("broker")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the Kafka broker's jars are not in " + empty)
                    .hasMessageContaining("adapters-client/kafka-broker");
            assertThat(Files.exists(empty.resolve("broker"))).isFalse();
        } finally {
            System.setProperty(KafkaBroker.LIB_PROPERTY, lib);
        }
    }
}
