package dev.dlirun.adapters.client.flink.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The options of Flink's {@code kafka} and {@code upsert-kafka} connectors, classified: the connector's own, and the
 * Kafka client properties a table may pass through as {@code properties.<name>}. Kafka's client takes any property, and
 * some of them load classes ({@code *.class}, interceptors, serializers, config providers), read files, or open
 * connections; so the properties are an allowlist too: what is named here, each by what it holds, and nothing else.
 */
final class KafkaOptions {

    private static final OptionRule PLAIN = OptionRule.PLAIN;
    private static final OptionRule CLASS = new OptionRule.Refused("it names a class for Kafka's client to load, and "
            + "a job's code comes from its own jars only");

    /** Kafka client properties, by name (a table gives them as {@code properties.<name>}). */
    static final Map<String, OptionRule> CLIENT_PROPERTIES = clientProperties();

    static final Map<String, OptionRule> KAFKA;
    static final Map<String, OptionRule> UPSERT_KAFKA;

    static {
        Map<String, OptionRule> common = new HashMap<>();
        CLIENT_PROPERTIES.forEach((name, rule) -> common.put("properties." + name, rule));
        common.put("topic", PLAIN);
        // A regular expression Kafka's source matches against every topic name of the broker, in the JobManager every
        // project's jobs share: one that backtracks without end on a topic name the project chose would stall it.
        common.put("topic-pattern", new OptionRule.Refused("it is a regular expression matched in the cluster every "
                + "project shares, against topic names the broker's owner chooses; name the topics with 'topic' "
                + "(several separated by ';')"));
        common.put("key.format", OptionRule.FORMAT);
        common.put("value.format", OptionRule.FORMAT);
        common.put("key.fields-prefix", PLAIN);
        common.put("value.fields-include", OptionRule.OneOf.of("ALL", "EXCEPT_KEY"));
        common.put("scan.parallelism", OptionRule.PARALLELISM);
        common.put("scan.topic-partition-discovery.interval", PLAIN);
        common.put("scan.bounded.mode", OptionRule.OneOf.of("unbounded", "latest-offset", "group-offsets",
                "timestamp", "specific-offsets"));
        common.put("scan.bounded.specific-offsets", PLAIN);
        common.put("scan.bounded.timestamp-millis", PLAIN);
        common.put("sink.parallelism", OptionRule.PARALLELISM);
        common.put("sink.delivery-guarantee", OptionRule.OneOf.of("at-least-once", "exactly-once", "none"));
        common.put("sink.transactional-id-prefix", PLAIN);
        common.put("sink.transaction-naming-strategy", OptionRule.OneOf.of("DEFAULT", "POOLING"));
        Map<String, OptionRule> kafka = new HashMap<>(common);
        kafka.put("format", OptionRule.FORMAT);
        kafka.put("key.fields", PLAIN);
        kafka.put("scan.startup.mode", OptionRule.OneOf.of("earliest-offset", "latest-offset", "group-offsets",
                "timestamp", "specific-offsets"));
        kafka.put("scan.startup.specific-offsets", PLAIN);
        kafka.put("scan.startup.timestamp-millis", PLAIN);
        // Compared exactly: any other value (another case too) is the name of a partitioner class, which the
        // connector loads and initialises while the job is planned.
        kafka.put("sink.partitioner", OptionRule.OneOf.exactly("default", "fixed", "round-robin"));
        kafka.put("sink.semantic", OptionRule.OneOf.of("at-least-once", "exactly-once", "none"));
        KAFKA = Map.copyOf(kafka);
        Map<String, OptionRule> upsert = new HashMap<>(common);
        upsert.put("sink.buffer-flush.max-rows", PLAIN);
        upsert.put("sink.buffer-flush.interval", PLAIN);
        UPSERT_KAFKA = Map.copyOf(upsert);
    }

    private KafkaOptions() {
    }

    private static Map<String, OptionRule> clientProperties() {
        Map<String, OptionRule> properties = new HashMap<>();
        for (String plain : new String[]{
                // consumers
                "group.id", "group.instance.id", "client.id", "client.rack", "enable.auto.commit",
                "auto.commit.interval.ms", "max.poll.records", "max.poll.interval.ms", "session.timeout.ms",
                "heartbeat.interval.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.max.wait.ms",
                "max.partition.fetch.bytes", "check.crcs", "allow.auto.create.topics", "default.api.timeout.ms",
                // Flink's own, read by its Kafka source
                "partition.discovery.interval.ms", "commit.offsets.on.checkpoint", "client.id.prefix",
                "register.consumer.metrics",
                // producers
                "acks", "linger.ms", "batch.size", "buffer.memory", "max.request.size", "retries",
                "delivery.timeout.ms", "max.in.flight.requests.per.connection", "enable.idempotence",
                "transaction.timeout.ms", "max.block.ms",
                // both
                "request.timeout.ms", "connections.max.idle.ms", "reconnect.backoff.ms", "reconnect.backoff.max.ms",
                "retry.backoff.ms", "retry.backoff.max.ms", "metadata.max.age.ms", "receive.buffer.bytes",
                "send.buffer.bytes", "socket.connection.setup.timeout.ms", "socket.connection.setup.timeout.max.ms",
                // TLS and SASL, by value
                "ssl.protocol", "ssl.enabled.protocols", "ssl.cipher.suites", "ssl.keymanager.algorithm",
                "ssl.trustmanager.algorithm", "sasl.kerberos.service.name", "sasl.oauthbearer.scope.claim.name",
                "sasl.oauthbearer.sub.claim.name", "sasl.login.connect.timeout.ms", "sasl.login.read.timeout.ms",
                "sasl.login.refresh.buffer.seconds", "sasl.login.refresh.min.period.seconds",
                "sasl.login.refresh.window.factor", "sasl.login.refresh.window.jitter"}) {
            properties.put(plain, PLAIN);
        }
        properties.put("bootstrap.servers", OptionRule.HOST_PORTS);
        properties.put("auto.offset.reset", OptionRule.OneOf.of("earliest", "latest", "none"));
        properties.put("isolation.level", OptionRule.OneOf.of("read_committed", "read_uncommitted"));
        properties.put("compression.type", OptionRule.OneOf.of("none", "gzip", "snappy", "lz4", "zstd"));
        // Not resolve_canonical_bootstrap_servers_only: the client would connect to names reverse DNS gives it, which
        // no check of the table's addresses has seen.
        properties.put("client.dns.lookup", OptionRule.OneOf.of("use_all_dns_ips"));
        properties.put("security.protocol", OptionRule.OneOf.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"));
        properties.put("sasl.mechanism", OptionRule.OneOf.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512",
                "OAUTHBEARER"));
        properties.put("sasl.jaas.config", OptionRule.JAAS_CONFIG);
        properties.put("sasl.oauthbearer.token.endpoint.url", OptionRule.NETWORK_URL);
        properties.put("ssl.endpoint.identification.algorithm", OptionRule.OneOf.of("https", ""));
        properties.put("ssl.truststore.location", OptionRule.PROJECT_FILE);
        properties.put("ssl.keystore.location", OptionRule.PROJECT_FILE);
        properties.put("ssl.truststore.type", OptionRule.OneOf.of("JKS", "PKCS12", "PEM"));
        properties.put("ssl.keystore.type", OptionRule.OneOf.of("JKS", "PKCS12", "PEM"));
        for (String secret : new String[]{"ssl.truststore.password", "ssl.keystore.password", "ssl.key.password",
                "ssl.truststore.certificates", "ssl.keystore.certificate.chain", "ssl.keystore.key"}) {
            properties.put(secret, OptionRule.SECRET);
        }
        for (String loadsClass : new String[]{"sasl.login.callback.handler.class", "sasl.client.callback.handler.class",
                "sasl.login.class", "ssl.engine.factory.class", "interceptor.classes", "partitioner.class",
                "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "metric.reporters",
                "config.providers", "security.providers", "sasl.oauthbearer.jwks.endpoint.url"}) {
            properties.put(loadsClass, CLASS);
        }
        properties.put("sasl.oauthbearer.jwks.endpoint.url", new OptionRule.Refused("brokers check tokens against "
                + "it; a client does not need it"));
        return Map.copyOf(properties);
    }
}
