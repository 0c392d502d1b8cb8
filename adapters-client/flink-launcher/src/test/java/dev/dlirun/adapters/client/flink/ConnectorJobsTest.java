package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.peers.KafkaBroker;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The jobs DLI users write, on the embedded Flink runtime, against a real Kafka broker and a real PostgreSQL server
 * (each in a process of its own on 127.0.0.1, shared by the tests of this class): Kafka and upsert-Kafka, JDBC as sink,
 * upsert sink and lookup table, the CSV, Avro and Debezium formats, {@code MATCH_RECOGNIZE}; the connectors come from
 * the connectors' bundles (never the service's class path) and are given to each job as its own jars.
 */
class ConnectorJobsTest {

    private static final Duration SOON = Duration.ofSeconds(90);
    private static final ProjectId PROJECT = ProjectId.of("connectors");
    private static final JobConfig CHECKPOINT_EVERY_SECOND = JobConfig.builder().checkpointEnabled(true)
            .checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(1).build();

    /** Everything logged while the class runs (the service's loggers, Flink's warnings): no password may be in it. */
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> LOGS =
            new ch.qos.logback.core.read.ListAppender<>();
    private static final ch.qos.logback.classic.Logger ROOT = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
            .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    private static KafkaBroker kafka;
    private static PostgresServer postgres;
    private static Path peers;
    private static long nextId = 100;

    @BeforeAll
    static void startPeers() throws Exception {
        LOGS.start();
        ROOT.addAppender(LOGS);
        peers = Files.createTempDirectory("dlirun-peers");
        kafka = KafkaBroker.start(peers.resolve("kafka"));
        postgres = PostgresServer.start(peers.resolve("postgres"));
        EmbeddedFlink.runtime();
    }

    @AfterAll
    static void noPasswordReachedTheLog() {
        ROOT.detachAppender(LOGS);
        assertThat(LOGS.list).as("what the class's jobs logged").isNotEmpty();
        for (ch.qos.logback.classic.spi.ILoggingEvent event : LOGS.list) {
            StringBuilder text = new StringBuilder(event.getFormattedMessage());
            for (var cause = event.getThrowableProxy(); cause != null; cause = cause.getCause()) {
                text.append(' ').append(cause.getMessage());
            }
            assertThat(text.toString()).as("a log event").doesNotContain(postgres.password());
        }
    }

    @AfterAll
    static void stopPeers() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String kafkaTable(String name, String columns, String topic, String format) {
        return "CREATE TABLE " + name + " (" + columns + ") WITH ('connector' = 'kafka', 'topic' = '" + topic + "', "
                + "'properties.bootstrap.servers' = '" + kafka.bootstrapServers() + "', "
                + "'properties.group.id' = '" + topic + "-group', 'scan.startup.mode' = 'earliest-offset', "
                + "'format' = '" + format + "');\n";
    }

    private static String jdbcTable(String name, String columns, String table) {
        return "CREATE TABLE " + name + " (" + columns + ") WITH ('connector' = 'jdbc', 'url' = '"
                + postgres.jdbcUrl() + "', 'table-name' = '" + table + "', 'username' = '" + postgres.user()
                + "', 'password' = '" + postgres.password() + "', 'sink.buffer-flush.interval' = '200ms');\n";
    }

    private static Launch launch(String sql, JobConfig config, Optional<String> restore, long id) {
        return EmbeddedFlink.sqlLaunch(PROJECT, id, sql, config, restore);
    }

    private static synchronized long newId() {
        return nextId++;
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.get()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + SOON + ": " + what);
    }

    private static long number(String sql) {
        Object value = postgres.query(sql).get(0).get(0);
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** Events of one user in a one-minute window starting at minute {@code minute}, as JSON. */
    private static List<String> events(int fromMinute, int minutes, int users, List<Integer> amounts) {
        List<String> events = new ArrayList<>();
        for (int minute = fromMinute; minute < fromMinute + minutes; minute++) {
            for (int user = 0; user < users; user++) {
                for (int i = 0; i < amounts.size(); i++) {
                    events.add(String.format("{\"user_id\":\"u%d\",\"amount\":%d,\"ts\":\"2026-12-07 10:%02d:%02d\"}",
                            user, amounts.get(i), minute, i));
                }
            }
        }
        return events;
    }

    @Test
    void kafkaJsonThroughAWindowedAggregationUpsertsIntoPostgresExactlyOnceAcrossAStopWithSavepointAndAResume()
            throws Exception {
        long id = newId();
        kafka.createTopic("payments", 1);
        postgres.execute("CREATE TABLE payment_totals (user_id TEXT, window_start TIMESTAMP, amount BIGINT, "
                + "events BIGINT, PRIMARY KEY (user_id, window_start))");
        String sql = kafkaTable("payments", "user_id STRING, amount INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts",
                "payments", "json")
                + jdbcTable("totals", "user_id STRING, window_start TIMESTAMP(3), amount BIGINT, events BIGINT, "
                + "PRIMARY KEY (user_id, window_start) NOT ENFORCED", "payment_totals")
                + "INSERT INTO totals SELECT user_id, window_start, SUM(amount), COUNT(*) FROM TABLE(TUMBLE(TABLE "
                + "payments, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY user_id, window_start, window_end;";
        // Minutes 0-4 of 3 users, then one event at minute 10 that closes them.
        List<String> first = events(0, 5, 3, List.of(1, 2, 3, 4));
        kafka.produce("payments", first);
        kafka.produce("payments", events(10, 1, 1, List.of(1000)));

        Launch launch = launch(sql, CHECKPOINT_EVERY_SECOND, Optional.empty(), id);
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        await("the first windows' totals", () -> number("SELECT SUM(events) FROM payment_totals") == first.size());
        assertThat(number("SELECT SUM(amount) FROM payment_totals")).isEqualTo(5 * 3 * 10);
        String savepoint = EmbeddedFlink.runtime().stopWithSavepoint(launch.runtimeJobId(), PROJECT, JobId.of(id),
                Duration.ofMinutes(1)).get();
        EmbeddedFlink.awaitState(launch.runtimeJobId(), ObservedJob.State.FINISHED);

        // Produced while the job is stopped: minutes 10-14 (the closing event's window among them), closed by minute 20.
        List<String> second = events(10, 5, 3, List.of(5, 6));
        kafka.produce("payments", second);
        kafka.produce("payments", events(20, 1, 1, List.of(1000)));
        Launch resumed = launch(sql, CHECKPOINT_EVERY_SECOND, Optional.of(savepoint), id);
        EmbeddedFlink.launchUntil(resumed, ObservedJob.State.RUNNING);
        int closed = first.size() + second.size() + 1;
        await("every closed window's totals", () -> number("SELECT SUM(events) FROM payment_totals") == closed);
        EmbeddedFlink.runtime().cancel(resumed.runtimeJobId()).get();

        // Nothing lost, nothing counted twice: each window's row holds what was produced in it.
        assertThat(number("SELECT SUM(amount) FROM payment_totals")).isEqualTo(5 * 3 * 10 + 1000 + 5 * 3 * 11);
        assertThat(number("SELECT COUNT(*) FROM payment_totals")).isEqualTo(5 * 3 + 1 + 5 * 3 - 1);
        assertThat(number("SELECT events FROM payment_totals WHERE user_id = 'u0' AND window_start = "
                + "'2026-12-07 10:10:00'")).isEqualTo(3);
    }

    @Test
    void kafkaIntoUpsertKafkaKeepsTheLatestTotalOfEachKey() throws Exception {
        kafka.createTopic("clicks", 1);
        kafka.createTopic("clicks-per-user", 1);
        kafka.produce("clicks", List.of("{\"user_id\":\"a\"}", "{\"user_id\":\"b\"}", "{\"user_id\":\"a\"}",
                "{\"user_id\":\"a\"}"));
        String sql = kafkaTable("clicks", "user_id STRING", "clicks", "json")
                + "CREATE TABLE per_user (user_id STRING, clicks BIGINT, PRIMARY KEY (user_id) NOT ENFORCED) WITH ("
                + "'connector' = 'upsert-kafka', 'topic' = 'clicks-per-user', 'properties.bootstrap.servers' = '"
                + kafka.bootstrapServers() + "', 'key.format' = 'json', 'value.format' = 'json');\n"
                + "INSERT INTO per_user SELECT user_id, COUNT(*) FROM clicks GROUP BY user_id;";
        Launch launch = launch(sql, CHECKPOINT_EVERY_SECOND, Optional.empty(), newId());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        try {
            Map<String, String> latest = new java.util.HashMap<>();
            await("a's third click", () -> {
                kafka.consumeRecords("clicks-per-user", 1, Duration.ofSeconds(2), true)
                        .forEach(record -> latest.put(record.key(), record.value()));
                return "{\"user_id\":\"a\",\"clicks\":3}".equals(latest.get("{\"user_id\":\"a\"}"));
            });
            assertThat(latest).containsEntry("{\"user_id\":\"b\"}", "{\"user_id\":\"b\",\"clicks\":1}");
        } finally {
            EmbeddedFlink.runtime().cancel(launch.runtimeJobId()).get();
        }
    }

    @Test
    void aLookupJoinEnrichesKafkaOrdersWithRowsOfAPostgresTable() throws Exception {
        kafka.createTopic("orders", 1);
        postgres.execute("CREATE TABLE customers (id INT PRIMARY KEY, name TEXT)");
        postgres.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Grace')");
        postgres.execute("CREATE TABLE enriched_orders (order_id INT, customer TEXT)");
        kafka.produce("orders", List.of("{\"order_id\":10,\"customer_id\":1}", "{\"order_id\":11,\"customer_id\":2}",
                "{\"order_id\":12,\"customer_id\":1}"));
        String sql = kafkaTable("orders", "order_id INT, customer_id INT, proc AS PROCTIME()", "orders", "json")
                + jdbcTable("customers", "id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED", "customers")
                + jdbcTable("enriched", "order_id INT, customer STRING", "enriched_orders")
                + "INSERT INTO enriched SELECT o.order_id, c.name FROM orders AS o JOIN customers FOR SYSTEM_TIME AS "
                + "OF o.proc AS c ON o.customer_id = c.id;";
        Launch launch = launch(sql, CHECKPOINT_EVERY_SECOND, Optional.empty(), newId());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        try {
            await("three enriched orders", () -> number("SELECT COUNT(*) FROM enriched_orders") == 3);
            assertThat(postgres.query("SELECT order_id, customer FROM enriched_orders ORDER BY order_id"))
                    .containsExactly(List.of(10, "Ada"), List.of(11, "Grace"), List.of(12, "Ada"));
        } finally {
            EmbeddedFlink.runtime().cancel(launch.runtimeJobId()).get();
        }
    }

    @Test
    void csvAvroAndDebeziumJsonAreReadAndAMatchRecognizeQueryFindsItsPattern() throws Exception {
        kafka.createTopic("csv-in", 1);
        kafka.createTopic("cdc-in", 1);
        kafka.createTopic("avro-topic", 1);
        kafka.createTopic("ticks", 1);
        postgres.execute("CREATE TABLE read_rows (source TEXT, k TEXT, v INT, PRIMARY KEY (source, k, v))");
        kafka.produce("csv-in", List.of("x,1", "y,2"));
        kafka.produce("cdc-in", List.of("{\"before\":null,\"after\":{\"k\":\"z\",\"v\":3},\"op\":\"c\"}"));
        kafka.produce("ticks", List.of("{\"sym\":\"S\",\"price\":10,\"ts\":\"2026-12-07 10:00:01\"}",
                "{\"sym\":\"S\",\"price\":8,\"ts\":\"2026-12-07 10:00:02\"}",
                "{\"sym\":\"S\",\"price\":12,\"ts\":\"2026-12-07 10:00:03\"}",
                "{\"sym\":\"S\",\"price\":13,\"ts\":\"2026-12-07 10:01:00\"}"));
        // Avro is written by a job too: the format both ways.
        Launch writeAvro = launch(kafkaTable("avro_out", "k STRING, v INT", "avro-topic", "avro")
                + "INSERT INTO avro_out VALUES ('w', 4), ('w', 5);", JobConfig.DEFAULTS, Optional.empty(), newId());
        EmbeddedFlink.launchUntil(writeAvro, ObservedJob.State.FINISHED);

        String sql = kafkaTable("csv_in", "k STRING, v INT", "csv-in", "csv")
                + kafkaTable("cdc_in", "k STRING, v INT", "cdc-in", "debezium-json")
                + kafkaTable("avro_in", "k STRING, v INT", "avro-topic", "avro")
                + kafkaTable("ticks", "sym STRING, price INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts", "ticks",
                "json")
                // A change log (debezium-json) goes into a table with a key: the JDBC sink upserts.
                + jdbcTable("read_rows", "source STRING, k STRING, v INT, PRIMARY KEY (source, k, v) NOT ENFORCED",
                "read_rows")
                + "EXECUTE STATEMENT SET BEGIN\n"
                + "INSERT INTO read_rows SELECT 'csv', k, v FROM csv_in;\n"
                + "INSERT INTO read_rows SELECT 'avro', k, v FROM avro_in;\n"
                + "INSERT INTO read_rows SELECT 'cdc', k, v FROM cdc_in;\n"
                + "INSERT INTO read_rows SELECT 'dip', sym, bottom FROM ticks MATCH_RECOGNIZE (PARTITION BY sym "
                + "ORDER BY ts MEASURES B.price AS bottom ONE ROW PER MATCH AFTER MATCH SKIP PAST LAST ROW "
                + "PATTERN (A B C) DEFINE B AS B.price < A.price, C AS C.price > A.price);\n"
                + "END;";
        Launch launch = launch(sql, CHECKPOINT_EVERY_SECOND, Optional.empty(), newId());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.RUNNING);
        try {
            await("six rows", () -> number("SELECT COUNT(*) FROM read_rows") == 6);
            assertThat(postgres.query("SELECT source, k, v FROM read_rows ORDER BY source, k, v")).containsExactly(
                    List.of("avro", "w", 4), List.of("avro", "w", 5), List.of("cdc", "z", 3),
                    List.of("csv", "x", 1), List.of("csv", "y", 2), List.of("dip", "S", 8));
        } finally {
            EmbeddedFlink.runtime().cancel(launch.runtimeJobId()).get();
        }
    }

    @Test
    void aBoundedScriptThatSetsBatchModeRunsInBatchMode() throws Exception {
        postgres.execute("CREATE TABLE batch_rows (v INT)");
        Launch launch = launch("SET 'execution.runtime-mode' = 'batch';\n"
                + jdbcTable("batch_out", "v INT", "batch_rows")
                + "INSERT INTO batch_out SELECT v FROM (VALUES (1), (2), (3)) AS t(v) ORDER BY v;", JobConfig.DEFAULTS,
                Optional.empty(), newId());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.FINISHED);
        assertThat(number("SELECT SUM(v) FROM batch_rows")).isEqualTo(6);
    }

    @Test
    void functionsFromTheJobsUdfJarAndFromUsingJarAreCalledFromSqlAndAJarOutsideTheJarsDirectoryIsRefused()
            throws Exception {
        TestJars.jar(EmbeddedFlink.jars(), "shout-udfs.jar", "udfs.Shout", """
                package udfs;
                public class Shout extends org.apache.flink.table.functions.ScalarFunction {
                    public String eval(String value) { return value.toUpperCase() + "!"; }
                    public static class Words extends org.apache.flink.table.functions.TableFunction<String> {
                        public void eval(String line) { for (String word : line.split(" ")) { collect(word); } }
                    }
                }
                """);
        postgres.execute("CREATE TABLE shouted (word TEXT)");
        String sql = "CREATE TEMPORARY FUNCTION shout AS 'udfs.Shout';\n"
                + "CREATE TEMPORARY FUNCTION words AS 'udfs.Shout$Words' USING JAR 'shout-udfs.jar';\n"
                + jdbcTable("shouted", "word STRING", "shouted")
                + "INSERT INTO shouted SELECT shout(w) FROM (VALUES ('hello big world')) AS t(line), "
                + "LATERAL TABLE(words(line)) AS s(w);";
        ProjectId code = ProjectId.of("code");
        Launch launch = new Launch(code, JobId.of(newId()), dev.dlirun.adapters.client.local.runtime.RuntimeJobId
                .generate(), new dev.dlirun.domain.model.JobDefinition("udfs",
                dev.dlirun.domain.model.JobType.FLINK_OPENSOURCE_SQL_JOB, Optional.of(sql), Optional.empty(),
                Optional.empty(), JobConfig.DEFAULTS, dev.dlirun.domain.model.JobFields.of(Map.of(
                dev.dlirun.domain.model.JobField.UDF_JAR_URL, "shout-udfs.jar"))), Optional.empty());
        EmbeddedFlink.launchUntil(launch, ObservedJob.State.FINISHED);
        assertThat(postgres.query("SELECT word FROM shouted ORDER BY word"))
                .containsExactly(List.of("BIG!"), List.of("HELLO!"), List.of("WORLD!"));

        Path outside = TestJars.jar(peers.resolve("elsewhere"), "shout-udfs.jar", "udfs.Shout", "package udfs; "
                + "public class Shout extends org.apache.flink.table.functions.ScalarFunction { "
                + "public String eval(String v) { return v; } }");
        Launch refused = new Launch(code, JobId.of(newId()), dev.dlirun.adapters.client.local.runtime.RuntimeJobId
                .generate(), new dev.dlirun.domain.model.JobDefinition("udfs-outside",
                dev.dlirun.domain.model.JobType.FLINK_OPENSOURCE_SQL_JOB, Optional.of(sql), Optional.empty(),
                Optional.empty(), JobConfig.DEFAULTS, dev.dlirun.domain.model.JobFields.of(Map.of(
                dev.dlirun.domain.model.JobField.UDF_JAR_URL, outside.toString()))), Optional.empty());
        assertThatThrownBy(() -> EmbeddedFlink.runtime().launch(refused)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageStartingWith("The functions' jar (udf_jar_url) '" + outside + "'");
    }

    /** A port that counts the connections made to it: a refused job's must be none. */
    private static final class Listener implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

        Listener(String address) throws java.io.IOException {
            socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName(address));
            Thread accepting = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket ignored = socket.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "listener-" + address);
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() throws InterruptedException {
            Thread.sleep(500);
            return accepted.get();
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
        }
    }

    private static void assertRefused(String sql, String... messageParts) throws Exception {
        Launch launch = launch(sql + "CREATE TABLE sink (a STRING) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO sink SELECT a FROM t;", JobConfig.DEFAULTS, Optional.empty(), newId());
        var refusal = assertThatThrownBy(() -> EmbeddedFlink.runtime().launch(launch))
                .isInstanceOf(LaunchRefusedException.class).hasMessageStartingWith("Statement 1 (line 1): table t: ");
        for (String part : messageParts) {
            refusal.hasMessageContaining(part);
        }
        assertThat(EmbeddedFlink.runtime().observe()).doesNotContainKey(launch.runtimeJobId());
    }

    @Test
    void kafkaBootstrapServersThatAreNotAllowedAreRefusedBeforeAnythingConnects() throws Exception {
        // 127.0.0.2 is this machine too, but --allow-hosts (127.0.0.1:*) does not name it.
        try (Listener broker = new Listener("127.0.0.2")) {
            assertRefused("CREATE TABLE t (a STRING) WITH ('connector' = 'kafka', 'topic' = 'x', "
                            + "'properties.bootstrap.servers' = '127.0.0.2:" + broker.port() + "', 'format' = 'json');\n",
                    "'properties.bootstrap.servers' names 127.0.0.2:" + broker.port(), "--allow-hosts");
            assertThat(broker.connections()).isZero();
        }
    }

    @Test
    void aJdbcUrlToAHostThatIsNotAllowedOrWithASocketFactoryIsRefusedBeforeAnythingConnects() throws Exception {
        try (Listener other = new Listener("127.0.0.2"); Listener allowed = new Listener("127.0.0.1")) {
            assertRefused("CREATE TABLE t (a STRING) WITH ('connector' = 'jdbc', 'table-name' = 'x', "
                    + "'url' = 'jdbc:postgresql://127.0.0.2:" + other.port() + "/db');\n",
                    "'url' names 127.0.0.2:" + other.port(), "--allow-hosts");
            assertRefused("CREATE TABLE t (a STRING) WITH ('connector' = 'jdbc', 'table-name' = 'x', "
                    + "'url' = 'jdbc:postgresql://127.0.0.1:" + allowed.port() + "/db?socketFactory="
                    + "org.springframework.context.support.ClassPathXmlApplicationContext&socketFactoryArg="
                    + "http://127.0.0.1:" + allowed.port() + "/x.xml');\n", "socketFactory");
            assertThat(other.connections()).isZero();
            assertThat(allowed.connections()).isZero();
        }
    }

    @Test
    void aJaasConfigurationNamingTheJndiLoginModuleIsRefusedBeforeAnythingConnects() throws Exception {
        try (Listener broker = new Listener("127.0.0.1"); Listener ldap = new Listener("127.0.0.1")) {
            assertRefused("CREATE TABLE t (a STRING) WITH ('connector' = 'kafka', 'topic' = 'x', "
                    + "'properties.bootstrap.servers' = '127.0.0.1:" + broker.port() + "', 'format' = 'json', "
                    + "'properties.security.protocol' = 'SASL_PLAINTEXT', 'properties.sasl.mechanism' = 'PLAIN', "
                    + "'properties.sasl.jaas.config' = 'com.sun.security.auth.module.JndiLoginModule required "
                    + "user.provider.url=\"ldap://127.0.0.1:" + ldap.port() + "/x\" group.provider.url=\"x\";');\n",
                    "'properties.sasl.jaas.config'", "JndiLoginModule");
            assertThat(broker.connections()).isZero();
            assertThat(ldap.connections()).isZero();
        }
    }

    @Test
    void theServicesOwnPortsAreRefusedEvenOnAnAllowedHost() throws Exception {
        int flinkRest = EmbeddedFlink.runtime().restAddress().orElseThrow().getPort();
        assertRefused("CREATE TABLE t (a STRING) WITH ('connector' = 'jdbc', 'table-name' = 'x', "
                + "'url' = 'jdbc:postgresql://127.0.0.1:" + flinkRest + "/db');\n",
                "127.0.0.1:" + flinkRest, "the service's own");
    }

    @Test
    void dlisLegacySyntaxIsToldForWhatItIs() {
        Launch launch = launch("CREATE SOURCE STREAM car_infos (car_id STRING) WITH (type = \"kafka\", "
                + "kafka_bootstrap_servers = \"127.0.0.1:9092\");\nINSERT INTO x SELECT * FROM car_infos;",
                JobConfig.DEFAULTS, Optional.empty(), newId());
        assertThatThrownBy(() -> EmbeddedFlink.runtime().launch(launch)).isInstanceOf(LaunchRefusedException.class)
                .hasMessage("Statement 1 (line 1): CREATE SOURCE STREAM is DLI's legacy Flink SQL syntax, which runs "
                        + "on DLI only; this service runs Flink OpenSource SQL (DLI's flink_opensource_sql_job): "
                        + "CREATE TABLE ... WITH ('connector' = 'kafka', ...), as Flink's own documentation writes it");
    }

    @Test
    void aFormatThisServiceDoesNotAllowIsRefusedNamingTheFormatsItAllows() {
        Launch launch = launch(kafkaTable("t", "a STRING", "any", "protobuf")
                + "CREATE TABLE b (a STRING) WITH ('connector' = 'blackhole');\nINSERT INTO b SELECT a FROM t;",
                JobConfig.DEFAULTS, Optional.empty(), newId());
        assertThatThrownBy(() -> EmbeddedFlink.runtime().launch(launch)).isInstanceOf(LaunchRefusedException.class)
                .hasMessageContaining("'format' names the format 'protobuf', which this service does not allow; "
                        + "allowed: avro, canal-json, csv, debezium-json, json, maxwell-json, ogg-json, raw");
    }
}
