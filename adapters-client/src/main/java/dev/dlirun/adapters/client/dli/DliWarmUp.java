package dev.dlirun.adapters.client.dli;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * What a batch does with each job, done without DLI: a job-detail call and a batch-run call built and signed (not
 * sent), and DLI's answers to them read. A fresh process runs its first batch mostly in the interpreter; run at start,
 * in the background, this has the JIT compile those paths (signing, the request builder, the answers' JSON) before the
 * first caller needs them. It touches no network and no job.
 */
final class DliWarmUp {

    private static final ProjectId PROJECT = ProjectId.of("dlirun-warm-up");
    private static final HttpHeaders JSON = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")),
            (name, value) -> true);
    private static final byte[] DETAIL = ("{\"is_success\":\"true\",\"message\":\"\",\"job_detail\":{\"job_id\":1,"
            + "\"name\":\"warm-up\",\"desc\":\"\",\"job_type\":\"flink_opensource_sql_job\",\"status\":\"job_running\","
            + "\"status_desc\":\"\",\"create_time\":1796192166153,\"start_time\":1796192187039,"
            + "\"update_time\":1796192187039,\"project_id\":\"dlirun-warm-up\",\"has_savepoint\":false,"
            + "\"sql_body\":\"INSERT INTO sink SELECT * FROM source\",\"queue_name\":\"default\","
            + "\"job_config\":{\"checkpoint_enabled\":true,\"checkpoint_mode\":\"exactly_once\","
            + "\"checkpoint_interval\":10,\"parallel_number\":1,\"restart_when_exception\":false,"
            + "\"resume_checkpoint\":false,\"resume_max_num\":-1,\"cu_number\":2,\"manager_cu_number\":1}}}")
            .getBytes(StandardCharsets.UTF_8);
    private static final List<JobId> IDS = LongStream.rangeClosed(1, 100).mapToObj(JobId::of).toList();

    private DliWarmUp() {
    }

    /**
     * {@code rounds} job lookups' worth of work, and one batch-run's every hundred.
     *
     * @throws IllegalStateException if DLI's canned answers cannot be read (a bug: they are DLI's documented shapes)
     */
    static void run(DliHttp http, int rounds) {
        byte[] runAnswer = runAnswer();
        try {
            for (int round = 0; round < rounds; round++) {
                JobId id = IDS.get(round % IDS.size());
                http.request("GET", PROJECT, "/v1.0/" + PROJECT.value() + "/streaming/jobs/" + id, null,
                        Duration.ofSeconds(10));
                DliAnswers.jobDetail(PROJECT, JobId.of(1), new DliHttp.Answer(200, JSON, DETAIL));
                if (round % IDS.size() == 0) {
                    http.request("POST", PROJECT, "/v1.0/" + PROJECT.value() + "/streaming/jobs/run",
                            DliAnswers.runRequest(IDS, false), Duration.ofSeconds(10));
                    DliAnswers.batchOutcomes(new DliHttp.Answer(200, JSON, runAnswer), IDS.size())
                            .forEach(DliAnswers::delivered);
                }
            }
        } catch (DliAnswers.Unreadable | DliAnswers.Unusable e) {
            throw new IllegalStateException("the DLI client's warm-up could not read its own canned answers", e);
        }
    }

    private static byte[] runAnswer() {
        StringBuilder answer = new StringBuilder("[");
        for (int i = 0; i < IDS.size(); i++) {
            answer.append(i == 0 ? "" : ",").append("{\"is_success\":\"true\",\"message\":\"The request for "
                    + "submitting DLI jobs is successfully delivered.\"}");
        }
        return answer.append("]").toString().getBytes(StandardCharsets.UTF_8);
    }
}
