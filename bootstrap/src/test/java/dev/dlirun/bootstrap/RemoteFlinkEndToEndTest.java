package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.CommittedOutput;
import dev.dlirun.adapters.client.flink.FlinkSessionCluster;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service in front of a real Flink session cluster, running in processes of its own, through {@code --flink-rest}:
 * the same cycle as on the embedded cluster, then a restart of the service, which finds the job still running there
 * and follows it rather than running it twice.
 */
class RemoteFlinkEndToEndTest {

    private static final String PROJECT = "remote";
    private static final Duration SOON = Duration.ofSeconds(120);

    private static RunningService service(FlinkSessionCluster cluster, Path data, Path jobs) throws Exception {
        RunningService service = new RunningService(ServerConfig.simulated(0)
                .withBackend(new Backend.Flink(new FlinkSettings.Remote(cluster.rest()), Optional.empty(),
                        Optional.empty(), Optional.empty(), FlinkSettings.defaultConnectors(), Set.of()))
                .withDataDirectory(data)
                .withJobsFile(jobs)
                .withReadinessCache(Duration.ZERO));
        long deadline = System.nanoTime() + SOON.toNanos();
        while (service.get("/health/ready").status() != 200) {
            assertThat(System.nanoTime()).as("ready in time").isLessThan(deadline);
            Thread.sleep(100);
        }
        return service;
    }

    /** The jobs the cluster itself lists, by id, with their state. */
    private static List<JsonNode> clusterJobs(FlinkSessionCluster cluster) throws Exception {
        HttpResponse<String> overview = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                cluster.rest().resolve("/jobs/overview")).build(), HttpResponse.BodyHandlers.ofString());
        return StreamSupport.stream(new ObjectMapper().readTree(overview.body()).get("jobs").spliterator(), false)
                .toList();
    }

    @Test
    void jobsRunOnASessionClusterAndARestartedServiceFollowsThoseStillRunningThere(@TempDir Path dir) throws Exception {
        List<String> flags = Arrays.asList(System.getProperty("flink.jvm.flags", "").split(" "));
        Path data = dir.resolve("data");
        Path output = data.resolve("projects").resolve(PROJECT).resolve("counts");
        Path jobs = Files.writeString(dir.resolve("jobs.json"), "[" + FlinkEndToEndTest.sqlJob(PROJECT, 1,
                FlinkEndToEndTest.COUNTS, FlinkEndToEndTest.CHECKPOINT_EVERY_SECOND) + "]");
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("cluster"), 4,
                System.getProperty("java.class.path"), flags.stream().filter(flag -> !flag.isBlank()).toList())) {
            RunningService first = service(cluster, data, jobs);
            String flinkJob;
            try {
                first.run(PROJECT, "{\"job_ids\": [1]}");
                first.awaitStatus(PROJECT, 1, "job_running", SOON);
                CommittedOutput.awaitCounted(output, 10, SOON);
                // A remote cluster keeps no log per job: the answer says what it holds, and what is missing.
                var log = first.get("/v1.0/" + PROJECT + "/streaming/jobs/1/logs");
                assertThat(log.status()).as(log.json().toString()).isEqualTo(200);
                assertThat(log.json().get("launch").asText()).matches("[0-9a-f]{32}");
                assertThat(log.json().get("missing").asText()).startsWith("A remote Flink cluster keeps no log per job");
                FlinkEndToEndTest.stopWithSavepoint(first, PROJECT, 1);
                long countedBeforeTheStop = CommittedOutput.highestCount(output, "k", "c");

                first.run(PROJECT, "{\"job_ids\": [1], \"resume_savepoint\": true}");
                first.awaitStatus(PROJECT, 1, "job_running", SOON);
                CommittedOutput.awaitCounted(output, countedBeforeTheStop + 10, SOON);
                flinkJob = first.job(PROJECT, 1).run().runtimeJobId().value();
            } finally {
                first.close();
            }
            // The service stopped; the job did not.
            assertThat(clusterJobs(cluster)).filteredOn(job -> job.get("jid").asText().equals(flinkJob))
                    .singleElement().satisfies(job -> assertThat(job.get("state").asText()).isEqualTo("RUNNING"));

            RunningService second = service(cluster, data, jobs);
            try {
                Thread.sleep(1000);
                JsonNode followed = second.awaitStatus(PROJECT, 1, "job_running", SOON);
                assertThat(second.job(PROJECT, 1).run().runtimeJobId().value()).isEqualTo(flinkJob);
                assertThat(clusterJobs(cluster)).filteredOn(job -> job.get("state").asText().equals("RUNNING"))
                        .as("nothing runs twice").hasSize(1);
                assertThat(followed.has("status_desc")).isFalse();

                FlinkEndToEndTest.stopWithSavepoint(second, PROJECT, 1);
            } finally {
                second.close();
            }
        }
        CommittedOutput.assertCountedExactlyOnce(output);
    }
}
