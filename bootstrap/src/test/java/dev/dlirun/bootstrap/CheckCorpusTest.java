package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ClientRequestException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobGraphRequest;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobGraphRequestBody;
import com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobGraphResponse;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check before a run (DLI's gen-graph) against what a run of the same script does, on a real embedded Flink
 * cluster: for every script of a corpus (syntax errors at known places, unknown tables and columns, connectors off the
 * allowlist, paths outside the project, hosts not allowed, valid jobs of several shapes), the check's verdict is the
 * run's (valid exactly when the job reaches {@code job_running}), a refusal names the place the run's failure names,
 * and checking moves no job on the cluster. The official SDK, unmodified, checks jobs of the same server and reads
 * the answers with its own models (one server, one cluster, for the whole class).
 */
class CheckCorpusTest {

    private static final String PROJECT = "corpus";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SOON = Duration.ofSeconds(90);

    /** One script of the corpus, and whether it is a job that runs. */
    private record Script(String name, boolean valid, String sql) {
    }

    private static final String SOURCE = "CREATE TABLE s (id INT, v STRING, pt AS PROCTIME()) WITH ('connector' = "
            + "'datagen', 'rows-per-second' = '5', 'fields.id.min' = '1', 'fields.id.max' = '20');\n";
    private static final String SINK = "CREATE TABLE b (id INT, v STRING) WITH ('connector' = 'blackhole');\n";
    private static final String COUNTS = "CREATE TABLE c (id INT, n BIGINT) WITH ('connector' = 'blackhole');\n";

    private static final List<Script> CORPUS = List.of(
            // Valid jobs of several shapes.
            new Script("source into sink", true, SOURCE + SINK + "INSERT INTO b SELECT id, v FROM s;"),
            new Script("filter and projection", true, SOURCE + SINK
                    + "INSERT INTO b SELECT id * 2, UPPER(v) FROM s WHERE id > 3;"),
            new Script("group by aggregate", true, SOURCE + COUNTS
                    + "INSERT INTO c SELECT id, COUNT(*) FROM s GROUP BY id;"),
            new Script("tumbling window", true, SOURCE + COUNTS + "INSERT INTO c SELECT 1, COUNT(*) FROM TABLE("
                    + "TUMBLE(TABLE s, DESCRIPTOR(pt), INTERVAL '1' SECOND)) GROUP BY window_start, window_end;"),
            new Script("regular join", true, SOURCE + SINK + "CREATE TABLE t (id INT, w STRING) WITH ("
                    + "'connector' = 'datagen', 'rows-per-second' = '5', 'fields.id.min' = '1', 'fields.id.max' = "
                    + "'20');\nINSERT INTO b SELECT s.id, t.w FROM s JOIN t ON s.id = t.id;"),
            new Script("union all", true, SOURCE + SINK
                    + "INSERT INTO b SELECT id, v FROM s UNION ALL SELECT id + 100, v FROM s;"),
            new Script("statement set", true, SOURCE + SINK + COUNTS + "EXECUTE STATEMENT SET BEGIN\n"
                    + "INSERT INTO b SELECT id, v FROM s;\nINSERT INTO c SELECT id, COUNT(*) FROM s GROUP BY id;\nEND;"),
            new Script("view", true, SOURCE + SINK + "CREATE VIEW small AS SELECT id, v FROM s WHERE id < 5;\n"
                    + "INSERT INTO b SELECT id, v FROM small;"),
            new Script("files in the project", true, SOURCE + "CREATE TABLE f (id INT, v STRING) WITH ("
                    + "'connector' = 'filesystem', 'path' = 'out-files', 'format' = 'json');\n"
                    + "INSERT INTO f SELECT id, v FROM s;"),
            new Script("print", true, SOURCE + "CREATE TABLE p (id INT) WITH ('connector' = 'print');\n"
                    + "INSERT INTO p SELECT id FROM s;"),
            new Script("deduplication", true, SOURCE + SINK + "INSERT INTO b SELECT id, v FROM (SELECT id, v, "
                    + "ROW_NUMBER() OVER (PARTITION BY id ORDER BY pt DESC) AS rn FROM s) WHERE rn = 1;"),
            new Script("functions and casts", true, SOURCE + "CREATE TABLE o (label STRING, seen TIMESTAMP(3)) WITH ("
                    + "'connector' = 'blackhole');\nINSERT INTO o SELECT CONCAT(CAST(id AS STRING), '-', "
                    + "LOWER(v)), CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)) FROM s;"),
            new Script("create table as select", true, SOURCE
                    + "CREATE TABLE copy WITH ('connector' = 'blackhole') AS SELECT id, v FROM s;"),
            new Script("comments and blank lines", true, "-- the clicks\n\n" + SOURCE + "/* where they go */\n"
                    + SINK + "\n-- and the job\nINSERT INTO b SELECT id, v FROM s;\n"),
            // Syntax errors at known places.
            new Script("FORM for FROM", false, SOURCE + SINK + "INSERT INTO b SELECT id, v FORM s;"),
            new Script("a parenthesis left open", false, "CREATE TABLE s (id INT WITH ('connector' = 'datagen');\n"
                    + SINK + "INSERT INTO b SELECT id, 'x' FROM s;"),
            new Script("SELEC", false, SOURCE + SINK + "INSERT INTO b SELEC id, v FROM s;"),
            new Script("a string left open", false, SOURCE + SINK + "INSERT INTO b SELECT id, 'open FROM s;"),
            new Script("CREATE TABEL", false, "CREATE TABEL s (id INT) WITH ('connector' = 'datagen');\n" + SINK
                    + "INSERT INTO b SELECT id, 'x' FROM s;"),
            // Unknown tables and columns.
            new Script("unknown sink table", false, SOURCE + "INSERT INTO nowhere SELECT id, v FROM s;"),
            new Script("unknown source table", false, SINK + "INSERT INTO b SELECT id, v FROM nothing;"),
            new Script("unknown column", false, SOURCE + SINK + "INSERT INTO b SELECT id, nope FROM s;"),
            new Script("unknown column in WHERE", false, SOURCE + SINK
                    + "INSERT INTO b SELECT id, v FROM s WHERE missing > 1;"),
            new Script("unknown column in GROUP BY", false, SOURCE + COUNTS
                    + "INSERT INTO c SELECT id, COUNT(*) FROM s GROUP BY ghost;"),
            new Script("a string into an INT", false, SOURCE + "CREATE TABLE i (n INT) WITH ('connector' = "
                    + "'blackhole');\nINSERT INTO i SELECT v FROM s;"),
            // Connectors off the allowlist.
            new Script("connector values", false, SOURCE + "CREATE TABLE x (id INT, v STRING) WITH ('connector' = "
                    + "'values');\nINSERT INTO x SELECT id, v FROM s;"),
            new Script("connector socket", false, "CREATE TABLE x (v STRING) WITH ('connector' = 'socket', "
                    + "'hostname' = '127.0.0.1', 'port' = '9999', 'format' = 'raw');\n" + SINK
                    + "INSERT INTO b SELECT 1, v FROM x;"),
            new Script("no connector at all", false, SOURCE + "CREATE TABLE x (id INT, v STRING);\n"
                    + "INSERT INTO x SELECT id, v FROM s;"),
            // Paths outside the project.
            new Script("a path up and out", false, SOURCE + "CREATE TABLE f (id INT, v STRING) WITH ("
                    + "'connector' = 'filesystem', 'path' = '../other/out', 'format' = 'json');\n"
                    + "INSERT INTO f SELECT id, v FROM s;"),
            new Script("an absolute path", false, SOURCE + "CREATE TABLE f (id INT, v STRING) WITH ("
                    + "'connector' = 'filesystem', 'path' = '/etc/dlirun-check', 'format' = 'json');\n"
                    + "INSERT INTO f SELECT id, v FROM s;"),
            new Script("a file URI elsewhere", false, SOURCE + "CREATE TABLE f (id INT, v STRING) WITH ("
                    + "'connector' = 'filesystem', 'path' = 'file:///tmp/dlirun-check', 'format' = 'json');\n"
                    + "INSERT INTO f SELECT id, v FROM s;"),
            // Hosts not allowed.
            new Script("kafka elsewhere", false, SOURCE + "CREATE TABLE k (id INT, v STRING) WITH ("
                    + "'connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = '10.0.0.1:9092', "
                    + "'format' = 'json');\nINSERT INTO k SELECT id, v FROM s;"),
            new Script("jdbc elsewhere", false, SOURCE + "CREATE TABLE j (id INT, v STRING) WITH ("
                    + "'connector' = 'jdbc', 'url' = 'jdbc:postgresql://10.1.2.3:5432/db', 'table-name' = 't');\n"
                    + "INSERT INTO j SELECT id, v FROM s;"),
            // Other refusals of a run.
            new Script("no INSERT", false, SOURCE + SINK),
            new Script("DLI's legacy syntax", false, "CREATE SOURCE STREAM s (id INT) WITH (type = \"kafka\");\n"
                    + SINK + "INSERT INTO b SELECT id, 'x' FROM s;"),
            new Script("a jar from elsewhere", false, "ADD JAR '/etc/dlirun-check.jar';\n" + SOURCE + SINK
                    + "INSERT INTO b SELECT id, v FROM s;"));

    private static Path data;
    private static RunningService service;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("dlirun-check-corpus");
        List<String> jobs = new ArrayList<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            jobs.add(FlinkEndToEndTest.sqlJob(PROJECT, i + 1, CORPUS.get(i).sql(), ""));
        }
        Path jobsFile = Files.writeString(data.resolve("jobs.json"), "[" + String.join(",\n", jobs) + "]");
        int slots = 2 * CORPUS.size();
        service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Embedded(slots, slots), Optional.empty(),
                        Optional.empty(), Optional.empty(), FlinkSettings.defaultConnectors(), Set.of())
                        .withReach(FlinkEndToEndTest.CONNECTOR_JARS, FlinkSettings.defaultConnectors(),
                                List.of("127.0.0.1:*")))
                .withDataDirectory(data.resolve("data"))
                .withJobsFile(jobsFile)
                .withReadinessCache(Duration.ZERO));
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        ScratchDirectory.delete(data);
    }

    private static JsonNode check(long id) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/v3/"
                        + PROJECT + "/streaming/jobs/" + id + "/gen-graph"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"graph_type\": \"simple_graph\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The jobs the Flink cluster has, whatever their state. */
    private static int flinkJobs() throws Exception {
        URI rest = LocalServers.flinkRest(service.server).orElseThrow();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(rest.resolve("/jobs/overview"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body()).path("jobs").size();
    }

    @Test
    void everyChecksVerdictIsWhatARunOfTheSameScriptDoes() throws Exception {
        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(30);
        int jobsBefore = flinkJobs();
        Map<Long, JsonNode> verdicts = new LinkedHashMap<>();
        for (int i = 0; i < CORPUS.size(); i++) {
            verdicts.put(i + 1L, check(i + 1L));
        }
        assertThat(flinkJobs()).as("checking submits nothing").isEqualTo(jobsBefore);

        List<Long> ids = new ArrayList<>(verdicts.keySet());
        var run = service.run(PROJECT, "{\"job_ids\": " + ids + "}");
        assertThat(run.status()).isEqualTo(200);
        Map<Long, JsonNode> settled = new LinkedHashMap<>();
        long deadline = System.nanoTime() + SOON.toNanos();
        while (settled.size() < ids.size() && System.nanoTime() < deadline) {
            for (long id : ids) {
                if (!settled.containsKey(id)) {
                    JsonNode detail = service.detail(PROJECT, id);
                    String status = detail.get("status").asText();
                    if (!status.equals("job_init") && !status.equals("job_submitting")) {
                        settled.put(id, detail);
                    }
                }
            }
            Thread.sleep(200);
        }
        List<String> disagreements = new ArrayList<>();
        for (long id : ids) {
            Script script = CORPUS.get((int) id - 1);
            JsonNode verdict = verdicts.get(id);
            JsonNode detail = settled.get(id);
            boolean checked = verdict.get("is_success").booleanValue();
            boolean ran = detail != null && detail.get("status").asText().equals("job_running");
            if (checked != ran || checked != script.valid()) {
                disagreements.add(script.name() + ": expected " + (script.valid() ? "valid" : "invalid")
                        + ", the check said " + verdict + ", the run " + detail);
                continue;
            }
            if (!checked) {
                // The check names what the run's failure names: the same statement, line and reason.
                assertThat(verdict.get("error_code").asText()).isEqualTo("DLI.16101");
                assertThat(detail.get("status").asText()).isEqualTo("job_submit_fail");
                assertThat(detail.get("status_desc").asText()).as(script.name())
                        .contains(verdict.get("message").asText());
            } else {
                assertThat(JSON.readTree(verdict.get("stream_graph").asText()).path("nodes")).isNotEmpty();
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private DliClient sdk() {
        return DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk("TESTACCESSKEY").withSk("TESTSECRETKEY")
                        .withProjectId(PROJECT))
                .withEndpoint(service.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(60))
                .build();
    }

    @Test
    void theOfficialSdkChecksAJobAndReadsTheGraphWithItsOwnModel() throws Exception {
        CreateFlinkSqlJobGraphResponse planned = sdk().createFlinkSqlJobGraph(new CreateFlinkSqlJobGraphRequest()
                .withJobId("3").withBody(new CreateFlinkSqlJobGraphRequestBody()
                        .withGraphType(CreateFlinkSqlJobGraphRequestBody.GraphTypeEnum.JOB_GRAPH)
                        .withParallelNumber(2)));

        assertThat(planned.getHttpStatusCode()).isEqualTo(200);
        assertThat(planned.getIsSuccess()).isTrue();
        assertThat(planned.getErrorCode()).isEmpty();
        JsonNode graph = JSON.readTree(planned.getStreamGraph());
        assertThat(graph.path("graph_type").asText()).isEqualTo("job_graph");
        assertThat(graph.path("vertices")).hasSize(2);
        assertThat(graph.path("vertices").get(1).path("keeps_state").asBoolean()).as("the GROUP BY's task").isTrue();
        assertThat(graph.path("vertices").get(1).path("parallelism").asInt()).as("the body's parallel_number")
                .isEqualTo(2);
    }

    @Test
    void theOfficialSdkReadsARefusalWithItsPlaceAndADliError() {
        CreateFlinkSqlJobGraphResponse refused = sdk().createFlinkSqlJobGraph(new CreateFlinkSqlJobGraphRequest()
                .withJobId("1").withBody(new CreateFlinkSqlJobGraphRequestBody()
                        .withSqlBody(SOURCE + SINK + "INSERT INTO b SELECT id, v FORM s;")));

        assertThat(refused.getIsSuccess()).isFalse();
        assertThat(refused.getErrorCode()).isEqualTo("DLI.16101");
        assertThat(refused.getMessage()).isEqualTo("Statement 3 (line 3): SQL parse failed. Encountered \"s\" at "
                + "line 3, column 33.");
        assertThat(refused.getStreamGraph()).isNull();

        ClientRequestException missing = org.junit.jupiter.api.Assertions.assertThrows(ClientRequestException.class,
                () -> sdk().createFlinkSqlJobGraph(new CreateFlinkSqlJobGraphRequest().withJobId("999")
                        .withBody(new CreateFlinkSqlJobGraphRequestBody())));
        assertThat(missing.getHttpStatusCode()).isEqualTo(400);
        assertThat(missing.getErrorCode()).isEqualTo("DLI.16001");
    }
}
