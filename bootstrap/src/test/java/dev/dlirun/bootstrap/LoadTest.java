package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.domain.model.JobStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 32 concurrent callers, 3 200 batch runs of 10 ids drawn from the same 200 jobs, on the durable local engine:
 * no 5xx, every job delivered at most once, and afterwards the catalogue says exactly which jobs were delivered.
 */
class LoadTest {

    private static final int CALLERS = 32;
    private static final int REQUESTS_EACH = 100;
    private static final int JOBS = 200;

    @Test
    void concurrentCallersWithOverlappingJobsStartEachJobAtMostOnce(@TempDir Path dir) throws Exception {
        Path jobs = Files.writeString(dir.resolve("jobs.json"), LongStream.rangeClosed(1, JOBS)
                .mapToObj(id -> "{\"project_id\": \"load\", \"job_id\": " + id + ", \"name\": \"j" + id + "\","
                        + " \"job_type\": \"flink_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false}")
                .collect(Collectors.joining(",", "[", "]")));
        Map<Long, AtomicInteger> delivered = new ConcurrentHashMap<>();
        AtomicInteger serverErrors = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();

        try (RunningService service = new RunningService(ServerConfig.simulated(0).withJobsFile(jobs)
                .withDataDirectory(dir.resolve("data")).withLaunchDelay(Duration.ofMinutes(10)))) {
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CALLERS; c++) {
                    Random random = new Random(c);
                    done.add(callers.submit(() -> {
                        for (int r = 0; r < REQUESTS_EACH; r++) {
                            List<Long> ids = random.longs(10, 1, JOBS + 1).boxed().toList();
                            var answer = service.run("load", "{\"job_ids\": " + ids + "}");
                            answered.incrementAndGet();
                            if (answer.status() >= 500) {
                                serverErrors.incrementAndGet();
                                continue;
                            }
                            JsonNode outcomes = answer.json();
                            List<Long> seen = new ArrayList<>();
                            for (int i = 0; i < ids.size(); i++) {
                                boolean first = !seen.contains(ids.get(i));
                                seen.add(ids.get(i));
                                if (first && outcomes.get(i).get("is_success").asText().equals("true")) {
                                    delivered.computeIfAbsent(ids.get(i), id -> new AtomicInteger()).incrementAndGet();
                                }
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                callers.shutdownNow();
            }

            assertThat(answered.get()).isEqualTo(CALLERS * REQUESTS_EACH);
            assertThat(serverErrors.get()).isZero();
            assertThat(delivered).allSatisfy((id, times) -> assertThat(times.get()).as("job %d", id).isEqualTo(1));
            for (long id = 1; id <= JOBS; id++) {
                JobStatus expected = delivered.containsKey(id) ? JobStatus.JOB_SUBMITTING : JobStatus.JOB_INIT;
                assertThat(service.job("load", id).status()).as("job %d", id).isEqualTo(expected);
            }
            assertThat(delivered).hasSizeGreaterThan(JOBS / 2);
        }
    }
}
