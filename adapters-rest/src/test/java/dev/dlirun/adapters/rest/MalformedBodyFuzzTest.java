package dev.dlirun.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static dev.dlirun.adapters.rest.RestServerHarness.RUN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throws generated malformed bodies at the real server: random bytes, mutations of a valid request, values of every
 * wrong type in every field, deep nesting. Each must answer 200 (when a mutation happens to be a valid request) or
 * a 4xx with DLI's error body; never a 5xx; and the server must still answer afterwards. The seed is fixed so a
 * failure can be replayed; the case that failed is in the assertion's message.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedBodyFuzzTest {

    private static final long SEED = 20261124L;
    private static final int CASES = 600;
    private static final String VALID = "{\"job_ids\": [131, 130, 138], \"resume_savepoint\": true}";
    private static final String[] WRONG_VALUES = {"null", "true", "false", "0", "-1", "1.5", "1e3", "\"131\"", "{}",
            "[]", "[[1]]", "[null]", "[\"x\"]", "[1.0]", "[0]", "[-5]", "[9223372036854775808]", "[" + "9".repeat(400) + "]",
            "\"\\u0000\"", "\"\uD800\"", "[true]", "{\"a\": 1}", "1" + "0".repeat(30)};
    private static final String NOISE = "{}[]\",:0123456789-+.eEtruefalsn \\\u0000\u00ff\uFFFF\n\t";

    private final RestServerHarness server = new RestServerHarness();

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void noMalformedBodyGetsAnythingButA4xxWithTheErrorBody() {
        Random random = new Random(SEED);
        for (int n = 0; n < CASES; n++) {
            byte[] body = generate(random, n);
            var answer = server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            assertRefusedCleanly(answer, body, n);
        }
        assertThat(server.postJson(RUN_PATH, VALID).status()).isEqualTo(200);
    }

    /** The bodies of stop, trigger and import, each of their fields given every wrong value, and mutated. */
    @Test
    void noMalformedStopTriggerOrImportBodyGetsAnythingButA4xxWithTheErrorBody() {
        Random random = new Random(SEED + 1);
        String[][] endpoints = {
                {"/v1.0/p1/streaming/jobs/stop", "{\"job_ids\": [131], \"trigger_savepoint\": true}",
                        "{\"job_ids\": %s, \"trigger_savepoint\": %s}"},
                {"/v1.0/p1/streaming/jobs/131/savepoint", "{\"action\": \"TRIGGER\", \"savepoint_path\": \"sp\"}",
                        "{\"action\": %s, \"savepoint_path\": %s}"},
                {"/v1.0/p1/streaming/jobs/131/import-savepoint", "{\"job_id\": 131, \"savepoint_path\": \"sp\"}",
                        "{\"job_id\": %s, \"savepoint_path\": %s}"}};
        int n = 0;
        for (String[] endpoint : endpoints) {
            for (int i = 0; i < CASES / 3; i++, n++) {
                byte[] body = switch (i % 3) {
                    case 0 -> randomBytes(random);
                    case 1 -> mutate(endpoint[1], random).getBytes(StandardCharsets.UTF_8);
                    default -> endpoint[2].formatted(pick(random), pick(random)).getBytes(StandardCharsets.UTF_8);
                };
                var answer = server.send(server.request(endpoint[0]).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                assertRefusedCleanly(answer, body, n);
            }
            assertThat(server.postJson(endpoint[0], endpoint[1]).status()).as(endpoint[0]).isEqualTo(200);
        }
    }

    /**
     * The bodies that create and update SQL and jar jobs: their fields given every wrong value, valid bodies mutated,
     * and random bytes; POST and PUT alike.
     */
    @Test
    void noMalformedCreateOrUpdateBodyGetsAnythingButA4xxWithTheErrorBody() {
        Random random = new Random(SEED + 2);
        String sql = "{\"name\": \"orders\", \"sql_body\": \"SELECT 1\", \"cu_number\": 2, \"checkpoint_mode\": 1, "
                + "\"tags\": [{\"key\": \"k\", \"value\": \"v\"}], \"edge_group_ids\": [\"g\"], "
                + "\"dirty_data_strategy\": \"0\", \"runtime_config\": \"{}\"}";
        String jar = "{\"name\": \"jar\", \"entrypoint\": \"j.jar\", \"dependency_jars\": [\"d.jar\"], "
                + "\"resume_max_num\": -1, \"log_enabled\": true}";
        String sqlFields = "{\"name\": %s, \"cu_number\": %s, \"checkpoint_mode\": %s, \"tags\": %s, "
                + "\"edge_group_ids\": %s, \"sql_body\": %s, \"job_type\": %s}";
        String jarFields = "{\"name\": %s, \"entrypoint\": %s, \"dependency_jars\": %s, \"resume_max_num\": %s, "
                + "\"log_enabled\": %s, \"tags\": %s, \"main_class\": %s}";
        String[][] endpoints = {
                {"POST", "/v1.0/p1/streaming/sql-jobs", sql, sqlFields},
                {"PUT", "/v1.0/p1/streaming/sql-jobs/131", sql, sqlFields},
                {"POST", "/v1.0/p1/streaming/flink-jobs", jar, jarFields},
                {"PUT", "/v1.0/p1/streaming/flink-jobs/131", jar, jarFields}};
        int n = 0;
        for (String[] endpoint : endpoints) {
            for (int i = 0; i < CASES / 4; i++, n++) {
                byte[] body = switch (i % 3) {
                    case 0 -> randomBytes(random);
                    case 1 -> mutate(endpoint[2], random).getBytes(StandardCharsets.UTF_8);
                    default -> endpoint[3].formatted(pick(random), pick(random), pick(random), pick(random),
                            pick(random), pick(random), pick(random)).getBytes(StandardCharsets.UTF_8);
                };
                var answer = server.send(server.request(endpoint[1]).header("Content-Type", "application/json")
                        .method(endpoint[0], HttpRequest.BodyPublishers.ofByteArray(body)));
                assertRefusedCleanly(answer, body, n);
            }
            var valid = server.send(server.request(endpoint[1]).header("Content-Type", "application/json")
                    .method(endpoint[0], HttpRequest.BodyPublishers.ofString(endpoint[2])));
            assertThat(valid.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(200);
        }
    }

    /**
     * The bodies of issue 29's operations: gen-graph, jobs/metrics, template create and update, export and import.
     * Their fields given every wrong value, valid bodies mutated, and random bytes. A metrics request whose mutated
     * IDs are still IDs names jobs the project does not have, and answers DLI's {@code DLI.16001} (still a clean 400).
     */
    @Test
    void noMalformedCheckMetricsTemplateOrTransferBodyGetsAnythingButA4xxWithTheErrorBody() {
        Random random = new Random(SEED + 3);
        server.inspect.metrics(dev.dlirun.domain.model.ProjectId.of("p1"), dev.dlirun.domain.insight.JobMetrics.none(
                dev.dlirun.domain.model.JobId.of(131), "Job 131 has not run yet: there is no run to show."));
        String[][] endpoints = {
                {"POST", "/v3/p1/streaming/jobs/131/gen-graph",
                        "{\"sql_body\": \"SELECT 1\", \"graph_type\": \"job_graph\", \"parallel_number\": 2, "
                                + "\"cu_number\": 2, \"static_estimator\": false, \"flink_version\": \"1.12\"}",
                        "{\"sql_body\": %s, \"graph_type\": %s, \"parallel_number\": %s, \"cu_number\": %s, "
                                + "\"job_type\": %s, \"static_estimator\": %s, \"tm_slot_num\": %s}"},
                {"POST", "/v1.0/p1/streaming/jobs/metrics", "{\"job_ids\": [131]}",
                        "{\"job_ids\": %s, \"x\": %s}"},
                {"POST", "/v1.0/p1/streaming/job-templates",
                        "{\"name\": \"t\", \"desc\": \"d\", \"sql_body\": \"SELECT 1\", \"job_type\": \"flink_sql_job\", "
                                + "\"tags\": [{\"key\": \"k\", \"value\": \"v\"}]}",
                        "{\"name\": %s, \"desc\": %s, \"sql_body\": %s, \"job_type\": %s, \"tags\": %s}"},
                {"PUT", "/v1.0/p1/streaming/job-templates/1", "{\"name\": \"t2\", \"desc\": \"d2\", \"sql_body\": \"SELECT 2\"}",
                        "{\"name\": %s, \"desc\": %s, \"sql_body\": %s}"},
                {"POST", "/v1.0/p1/streaming/jobs/export",
                        "{\"obs_dir\": \"obs://b/exports\", \"is_selected\": true, \"job_selected\": [131]}",
                        "{\"obs_dir\": %s, \"is_selected\": %s, \"job_selected\": %s}"},
                {"POST", "/v1.0/p1/streaming/jobs/import", "{\"zip_file\": \"obs://b/exports/jobs_1.zip\", \"is_cover\": true}",
                        "{\"zip_file\": %s, \"is_cover\": %s}"}};
        // Template 1 must be there for the update's valid bodies to answer 200.
        assertThat(server.postJson(endpoints[2][1], endpoints[2][2]).status()).isEqualTo(200);
        int n = 0;
        for (String[] endpoint : endpoints) {
            for (int i = 0; i < CASES / 6; i++, n++) {
                byte[] body = switch (i % 3) {
                    case 0 -> randomBytes(random);
                    case 1 -> mutate(endpoint[2], random).getBytes(StandardCharsets.UTF_8);
                    default -> endpoint[3].formatted(pick(random), pick(random), pick(random), pick(random),
                            pick(random), pick(random), pick(random)).getBytes(StandardCharsets.UTF_8);
                };
                var answer = server.send(server.request(endpoint[1]).header("Content-Type", "application/json")
                        .method(endpoint[0], HttpRequest.BodyPublishers.ofByteArray(body)));
                if (endpoint[1].endsWith("/metrics") && answer.status() == 400
                        && "DLI.16001".equals(answer.json().get("error_code").asText())) {
                    assertThat(answer.json().get("error_msg").asText()).matches("Job \\d+ does not exist\\.");
                    continue;
                }
                assertRefusedCleanly(answer, body, n);
            }
            var valid = server.send(server.request(endpoint[1]).header("Content-Type", "application/json")
                    .method(endpoint[0], HttpRequest.BodyPublishers.ofString(endpoint[2])));
            assertThat(valid.status()).as(endpoint[0] + " " + endpoint[1]).isEqualTo(200);
        }
    }

    private static void assertRefusedCleanly(RestServerHarness.Answer answer, byte[] body, int n) {
        String shown = "case " + n + ": " + new String(body, StandardCharsets.UTF_8).replace("\n", "\\n");

        assertThat(answer.status()).as(shown).isIn(200, 400, 413);
        if (answer.status() != 200) {
            JsonNode error = answer.json();
            assertThat(error.get("error_code").asText()).as(shown).isEqualTo("DLI.0001");
            assertThat(error.get("error_msg").asText()).as(shown).isNotBlank()
                    .doesNotContain("Exception", "jackson", "jersey", "java.");
        }
    }

    private static byte[] generate(Random random, int n) {
        return switch (n % 5) {
            case 0 -> randomBytes(random);
            case 1 -> mutate(VALID, random).getBytes(StandardCharsets.UTF_8);
            case 2 -> ("{\"job_ids\": " + pick(random) + ", \"resume_savepoint\": " + pick(random) + "}")
                    .getBytes(StandardCharsets.UTF_8);
            case 3 -> ("{\"job_ids\": [1, " + pick(random) + "], \"resume_savepoint\": false}").getBytes(StandardCharsets.UTF_8);
            default -> nested(random).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String mutate(String text, Random random) {
        StringBuilder mutated = new StringBuilder(text);
        for (int i = 1 + random.nextInt(4); i > 0 && mutated.length() > 0; i--) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(3)) {
                case 0 -> mutated.deleteCharAt(at);
                case 1 -> mutated.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                default -> mutated.setCharAt(at, NOISE.charAt(random.nextInt(NOISE.length())));
            }
        }
        return mutated.toString();
    }

    private static String pick(Random random) {
        return WRONG_VALUES[random.nextInt(WRONG_VALUES.length)];
    }

    private static String nested(Random random) {
        int depth = 1 + random.nextInt(3000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return "{\"job_ids\": [1], \"x\": " + open.repeat(depth) + close.repeat(depth) + "}";
    }
}
