package dev.dlirun.adapters.client.flink.policy;

import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A hostile project's tables, settings and statements against the policy: each test is a way a job's SQL could get
 * past a rule, and holds the rule to it.
 */
class HostileConnectorOptionsTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    @TempDir
    Path root;

    private JobRules rules() {
        return new CodePolicy(root.resolve("projects"), Optional.empty(), CodePolicy.DEFAULT_CONNECTORS, Set.of(),
                new NetworkReach(java.util.List.of("kafka.internal:9092", "10.0.0.5:5432"), Set::of,
                        name -> java.util.List.of(address("10.0.0.9"))), directory -> { })
                .forJob(PROJECT);
    }

    private static java.net.InetAddress address(String literal) {
        return NetworkReach.literal(literal).orElseThrow();
    }

    private static Map<String, String> kafkaSink(String... more) {
        Map<String, String> options = new HashMap<>(Map.of("connector", "kafka", "topic", "t",
                "properties.bootstrap.servers", "kafka.internal:9092", "format", "json"));
        for (int i = 0; i < more.length; i += 2) {
            options.put(more[i], more[i + 1]);
        }
        return options;
    }

    /**
     * Flink's Kafka connector compares 'sink.partitioner' with "default", "fixed" and "round-robin" exactly; any other
     * value is the name of a class it loads and initialises (Class.forName(value, true, ...)) while the service plans
     * the job. "Fixed" passed a check that ignored case; so did "ORG.POSTGRESQL.DRIVER" for the JDBC driver's class.
     */
    @Test
    void classNamingChoicesAreTakenExactlyAsTheConnectorComparesThem() {
        for (String partitioner : new String[]{"Fixed", "DEFAULT", "Round-Robin", " fixed", "fixed "}) {
            assertThatThrownBy(() -> rules().table("t", kafkaSink("sink.partitioner", partitioner)))
                    .as(partitioner).isInstanceOf(PolicyViolation.class)
                    .hasMessageStartingWith("table t: 'sink.partitioner' may be default, fixed, round-robin only");
        }
        assertThat(rules().table("t", kafkaSink("sink.partitioner", "fixed"))).containsEntry("sink.partitioner",
                "fixed");

        Map<String, String> jdbc = new HashMap<>(Map.of("connector", "jdbc", "url",
                "jdbc:postgresql://10.0.0.5:5432/db", "table-name", "x", "username", "u", "password", "p"));
        jdbc.put("driver", "ORG.POSTGRESQL.DRIVER");
        assertThatThrownBy(() -> rules().table("t", jdbc)).isInstanceOf(PolicyViolation.class)
                .hasMessageStartingWith("table t: 'driver' may be org.postgresql.Driver only");
        jdbc.put("driver", "org.postgresql.Driver");
        assertThatCode(() -> rules().table("t", jdbc)).doesNotThrowAnyException();
    }

    /**
     * A choice of one value took any comma-separated list of allowed values, and "," (no value at all: String.split
     * drops empty parts) passed every such rule: Flink then reads "batch," or "," as a value of its own (a state
     * backend's factory class, an unparsable runtime mode).
     */
    @Test
    void aChoiceOfOneValueTakesOneValue() {
        JobRules rules = rules();
        for (String[] setting : new String[][]{{"state.backend.type", ","}, {"state.backend.type", "hashmap,"},
                {"execution.runtime-mode", "batch,streaming"}, {"execution.runtime-mode", ","}}) {
            assertThatThrownBy(() -> rules.setting(setting[0], setting[1])).as(setting[0] + "=" + setting[1])
                    .isInstanceOf(PolicyViolation.class).hasMessageContaining("only; got '" + setting[1] + "'");
        }
        assertThatThrownBy(() -> rules().table("t", kafkaSink("sink.delivery-guarantee", ",")))
                .isInstanceOf(PolicyViolation.class);
        assertThatThrownBy(() -> rules().table("t", kafkaSink("properties.security.protocol", "SSL,PLAINTEXT")))
                .isInstanceOf(PolicyViolation.class);
        // A list where Flink reads one: the commit policies of a filesystem sink.
        assertThatCode(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format", "json",
                "sink.partition-commit.policy.kind", "success-file,success-file"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "filesystem", "path", "out", "format", "json",
                "sink.partition-commit.policy.kind", "success-file,"))).isInstanceOf(PolicyViolation.class);
    }

    /**
     * 'parallelism.default' = '-1' (Flink's "not set") counted as no slots, while Flink leaves such a job's parallelism
     * to the cluster: a batch job's operators then get up to 128 subtasks each from the adaptive batch scheduler
     * (execution.batch.adaptive.auto-parallelism.max-parallelism), far past the slots the project was admitted for.
     */
    @Test
    void aJobCannotLeaveItsParallelismToTheCluster() {
        JobRules rules = rules();
        rules.parallelism(1);
        for (String value : new String[]{"-1", "0", "x"}) {
            assertThatThrownBy(() -> rules.setting("parallelism.default", value)).as(value)
                    .isInstanceOf(PolicyViolation.class)
                    .hasMessageStartingWith("the Flink setting 'parallelism.default' must be a whole number from 1");
        }
        assertThat(rules.setting("parallelism.default", "3")).contains("3");
        assertThat(rules.slots()).isEqualTo(3);
    }

    /**
     * A value after the password that the policy refuses may be the rest of the password (one holding '&'): it is
     * never shown, even where the refused parameter is one with a few allowed values.
     */
    @Test
    void whatFollowsAPasswordIsNeverShown() {
        String secret = "Secr3tTail";
        assertThatThrownBy(() -> JdbcUrls.parse("table t: 'url'", "jdbc:postgresql://10.0.0.5/db?password=pa&sslmode="
                + secret, root)).isInstanceOf(PolicyViolation.class).message().doesNotContain(secret);
        assertThatThrownBy(() -> JdbcUrls.parse("table t: 'url'", "jdbc:postgresql://10.0.0.5/db?sslpassword=pa&"
                + "gssEncMode=" + secret, root)).isInstanceOf(PolicyViolation.class).message().doesNotContain(secret);
        assertThatThrownBy(() -> JdbcUrls.parse("table t: 'url'", "jdbc:postgresql://10.0.0.5/db?password=pa&sslcert=/"
                + secret, root)).isInstanceOf(PolicyViolation.class).message().doesNotContain(secret);
        // Before the password, the value is the parameter's own, and shown.
        assertThatThrownBy(() -> JdbcUrls.parse("table t: 'url'", "jdbc:postgresql://10.0.0.5/db?sslmode=" + secret
                + "&password=pa", root)).hasMessageContaining("got '" + secret + "'");
    }

    /**
     * A refused statement is named by its first words, found with a regular expression that scanned from every "/*"
     * inside a string to the end of the statement: a 1 MiB sql_body of "/*x" in a bare SELECT kept a launch thread of
     * the service busy for most of an hour (quadratic), and a few of them every launch of every project.
     */
    @Test
    void aRefusedStatementIsNamedInLinearTime() {
        String statement = "SELECT '" + "/*x".repeat(100_000) + "' -- " + "/*x".repeat(1000) + "\n";
        String named = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Statement.firstWords(statement));
        assertThat(named).startsWith("SELECT '/*X/*X").hasSizeLessThanOrEqualTo(60);
        assertThat(Statement.firstWords("/* a */ SHOW -- b\n /* c */ TABLES;")).isEqualTo("SHOW TABLES");
        assertThat(Statement.firstWords("-- only\nEXPLAIN(SELECT 1)")).isEqualTo("EXPLAIN SELECT");
        assertThat(Statement.firstWords("COMPILE PLAN '/tmp/p.json' FOR INSERT INTO o SELECT a FROM s;\n"))
                .isEqualTo("COMPILE PLAN");
        assertThat(Statement.firstWords("USE MODULES core;")).isEqualTo("USE MODULES");
        assertThat(Statement.firstWords("ALTER TABLE o SET ('connector' = 'print');")).isEqualTo("ALTER TABLE");
        assertThat(Statement.firstWords("SHOW;")).isEqualTo("SHOW");
    }

    /**
     * 'topic-pattern' is a regular expression Kafka's source matches against every topic name of the broker in its
     * split enumerator, which runs in the JobManager every project's jobs share. A broker the project may reach (its
     * own) can hold a topic named "aaaa...a!" (249 characters); the pattern "(a|aa)+" backtracks exponentially on it,
     * keeping a thread of the shared JobManager busy for good, again at every partition discovery. So no job names
     * one: 'topic' takes a list of topics instead. (The filesystem connector's 'source.path.regex-pattern', matched
     * against paths whose partition directories a job names itself, is the same kind of option; it predates this.)
     */
    @Test
    void aTopicPatternIsRefusedForTheTopicsItsSharedClusterWouldMatchItAgainst() {
        assertThatThrownBy(() -> rules().table("t", Map.of("connector", "kafka", "topic-pattern", "(a|aa)+",
                "properties.bootstrap.servers", "kafka.internal:9092", "format", "json")))
                .isInstanceOf(PolicyViolation.class)
                .hasMessage("table t: 'topic-pattern' is not one a job may set: it is a regular expression matched in "
                        + "the cluster every project shares, against topic names the broker's owner chooses; name "
                        + "the topics with 'topic' (several separated by ';')");
    }
}
