package dev.dlirun.adapters.client.dli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.run.StartMode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;

/**
 * What a batch does with each job, rehearsed without DLI: batches of lookups and runs through a client of the
 * service's own settings (signing, the pool of calls, the HTTP client sending and receiving, DLI's answers read),
 * pointed at a DLI of canned answers on loopback that lives only as long as the rehearsal. A fresh process runs its
 * first batch mostly in the interpreter; rehearsed at start, in the background, the JIT has compiled that path before
 * the first caller needs it. It sends nothing to DLI and touches no job. The rehearsal speaks plain HTTP: what TLS adds
 * to a real endpoint's calls stays cold.
 */
final class DliWarmUp {

    private static final ProjectId PROJECT = ProjectId.of("dlirun-warm-up");
    /** Lookups per rehearsed batch, each batch's jobs then run in chunks of the settings' size. */
    static final int BATCH = 250;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DliWarmUp() {
    }

    /**
     * Rehearses {@code lookups} job lookups, in batches of {@value #BATCH}, each batch followed by its runs; answers
     * how many calls the loopback DLI answered.
     *
     * @throws IOException when no loopback address can be listened on
     */
    static int rehearse(DliSettings settings, Clock clock, int lookups) throws IOException {
        AtomicInteger answered = new AtomicInteger();
        ExecutorService answering = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "dli-warm-up-answers");
            thread.setDaemon(true);
            return thread;
        });
        HttpServer fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.setExecutor(answering);
        fake.createContext("/", exchange -> {
            try (exchange) {
                byte[] request = exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                byte[] answer = exchange.getRequestMethod().equals("POST")
                        ? runAnswer(JSON.readTree(request).path("job_ids").size())
                        : detail(path.substring(path.lastIndexOf('/') + 1));
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                answered.incrementAndGet();
            }
        });
        fake.start();
        URI loopback = URI.create("http://" + fake.getAddress().getAddress().getHostAddress() + ":"
                + fake.getAddress().getPort());
        try (DliJobBackend rehearsal = new DliJobBackend(settings.withEndpoint(loopback), clock)) {
            List<JobId> ids = LongStream.rangeClosed(1, BATCH).mapToObj(JobId::of).toList();
            for (int done = 0; done < lookups; done += BATCH) {
                Deadline deadline = Deadline.after(Duration.ofSeconds(10));
                List<Job> found = rehearsal.findJobs(PROJECT, ids, deadline).values().stream()
                        .filter(JobLookupResult.Found.class::isInstance)
                        .map(result -> ((JobLookupResult.Found) result).job()).toList();
                rehearsal.submit(PROJECT, found, StartMode.FRESH, deadline);
            }
        } finally {
            fake.stop(0);
            answering.shutdownNow();
        }
        return answered.get();
    }

    /** DLI's job detail of a running SQL job, as its API documents it. */
    private static byte[] detail(String id) {
        return ("{\"is_success\":\"true\",\"message\":\"\",\"job_detail\":{\"job_id\":" + id + ","
                + "\"name\":\"warm-up\",\"desc\":\"\",\"job_type\":\"flink_opensource_sql_job\",\"status\":\"job_running\","
                + "\"status_desc\":\"\",\"create_time\":1796192166153,\"start_time\":1796192187039,"
                + "\"update_time\":1796192187039,\"project_id\":\"dlirun-warm-up\",\"has_savepoint\":false,"
                + "\"sql_body\":\"INSERT INTO sink SELECT * FROM source\",\"queue_name\":\"default\","
                + "\"job_config\":{\"checkpoint_enabled\":true,\"checkpoint_mode\":\"exactly_once\","
                + "\"checkpoint_interval\":10,\"parallel_number\":1,\"restart_when_exception\":false,"
                + "\"resume_checkpoint\":false,\"resume_max_num\":-1,\"cu_number\":2,\"manager_cu_number\":1}}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** DLI's answer to a batch run of {@code jobs} jobs: every one delivered. */
    private static byte[] runAnswer(int jobs) {
        StringBuilder answer = new StringBuilder("[");
        for (int i = 0; i < jobs; i++) {
            answer.append(i == 0 ? "" : ",").append("{\"is_success\":\"true\",\"message\":\"The request for "
                    + "submitting DLI jobs is successfully delivered.\"}");
        }
        return answer.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }
}
