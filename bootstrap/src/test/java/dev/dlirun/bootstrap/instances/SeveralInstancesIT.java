package dev.dlirun.bootstrap.instances;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.FlinkSessionCluster;
import dev.dlirun.adapters.client.peers.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several instances of the packaged service, as operators' processes, sharing one PostgreSQL catalogue in front of one
 * Flink session cluster (each in processes of their own): any instance answers any request, a wait on one is woken by
 * what another saw, the cluster's work passes to another instance when its holder is killed with {@code kill -9}, and
 * PostgreSQL's absence is a 503 with DLI's error body that loses nothing.
 */
class SeveralInstancesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The lease of the cluster's work: a dead holder's work is taken over within it (and a third). */
    static final Duration LEASE = Duration.ofSeconds(3);

    private static Path dir;
    private static PostgresServer postgres;
    private static FlinkSessionCluster flink;
    private static Path credentials;

    @BeforeAll
    static void peers() throws Exception {
        dir = Files.createTempDirectory("dlirun-instances");
        postgres = PostgresServer.start(dir.resolve("postgres"));
        List<String> flags = Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                .filter(flag -> !flag.isBlank()).toList();
        // A slot for every job of the chaos test at once, and a few for the others'.
        flink = FlinkSessionCluster.start(dir.resolve("flink"), JOBS + 8, System.getProperty("java.class.path"), flags);
        credentials = Files.writeString(dir.resolve("catalogue.properties"),
                "user=" + postgres.user() + "\npassword=" + postgres.password() + "\n");
    }

    @AfterAll
    static void stopPeers() {
        if (flink != null) {
            flink.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A SQL job that runs until stopped: one slot, a few records a second into a blackhole. */
    static String job(String project, long id) {
        String sql = "CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');\n"
                + "CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO b SELECT a FROM s;";
        try {
            return "{\"project_id\": \"" + project + "\", \"job_id\": " + id + ", \"name\": \"job-" + id + "\", "
                    + "\"job_type\": \"flink_opensource_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false, "
                    + "\"sql_body\": " + JSON.writeValueAsString(sql) + "}";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jobsFile(String project, int count) throws IOException {
        return Files.writeString(dir.resolve(project + "-jobs.json"), IntStream.rangeClosed(1, count)
                .mapToObj(id -> job(project, id)).collect(Collectors.joining(",\n", "[", "]")));
    }

    /** One instance: the packaged jar with its own data directory, on the shared catalogue and cluster. */
    static Instance instance(String name, Path jobs) throws IOException {
        return new Instance(name, Files.createDirectories(dir.resolve(name)), jobs);
    }

    @Test
    void aWaitOnOneInstanceSettlesWhenAnotherInstancesObserverSeesTheJobRunning() throws Exception {
        Path jobs = jobsFile("wait", 2);
        try (Instance holder = instance("wait-b", jobs); Instance other = instance("wait-a", jobs)) {
            holder.start();
            holder.awaitHoldsWork(true);
            other.start();
            other.awaitReady();
            assertThat(other.ready().get("holds_cluster_work").asText()).isEqualTo("false");
            // Each instance's own metrics say whether it holds the work, tagged with its id.
            assertThat(holder.get("/metrics").body()).containsPattern(
                    "dlirun_cluster_work_held\\{instance=\"" + holder.ready().get("instance").asText() + "\",?} 1\\.0");
            assertThat(other.get("/metrics").body()).containsPattern(
                    "dlirun_cluster_work_held\\{instance=\"" + other.ready().get("instance").asText() + "\",?} 0\\.0");

            long asked = System.nanoTime();
            HttpResponse<String> answer = other.post("/v1.0/wait/streaming/jobs/run", "{\"job_ids\": [1]}",
                    "wait=60");
            long took = (System.nanoTime() - asked) / 1_000_000;

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Preference-Applied")).contains("wait=60");
            JsonNode result = JSON.readTree(answer.body()).get(0);
            assertThat(result.get("status").asText()).as(answer.body()).isEqualTo("job_running");
            assertThat(took).as("settled by the holder's observer, not by the wait running out").isLessThan(59_000);
            // The holder launched it: its Flink job is the one the catalogue names.
            assertThat(runningFlinkJobsOf("wait", 1)).hasSize(1);
            holder.post("/v1.0/wait/streaming/jobs/stop", "{\"job_ids\": [1]}", null);
        }
    }

    /**
     * PostgreSQL stopped for longer than a lease: requests answer 503 with DLI's error body, readiness says why, and the
     * jobs running on Flink go on; once it is back, everything resumes where it was: nothing acknowledged is lost,
     * nothing half-written shows, and a new run is launched and followed.
     */
    @Test
    void postgresStoppedForAWhileAnswers503WithTheErrorBodyLosesNothingAndEverythingResumes() throws Exception {
        String project = "outage";
        Path jobs = jobsFile(project, 4);
        try (Instance a = instance("outage-a", jobs); Instance b = instance("outage-b", jobs)) {
            a.start();
            b.start();
            a.awaitReady();
            b.awaitReady();
            HttpResponse<String> ran = a.post("/v1.0/" + project + "/streaming/jobs/run", "{\"job_ids\": [1, 2]}",
                    "wait=60");
            assertThat(ran.body()).contains("\"status\":\"job_running\"").doesNotContain("job_submitting");

            postgres.stopKeepingData();
            try {
                long stoppedAt = System.nanoTime();
                for (Instance each : List.of(a, b)) {
                    HttpResponse<String> run = each.post("/v1.0/" + project + "/streaming/jobs/run",
                            "{\"job_ids\": [3]}", null);
                    assertThat(run.statusCode()).as(run.body()).isEqualTo(503);
                    JsonNode error = JSON.readTree(run.body());
                    assertThat(error.get("error_code").asText()).isNotBlank();
                    assertThat(error.get("error_msg").asText()).isNotBlank().doesNotContain("postgresql")
                            .doesNotContain("Exception");
                    assertThat(each.get("/v1.0/" + project + "/streaming/jobs/1").statusCode()).isEqualTo(503);
                    assertThat(each.get("/v1.0/" + project + "/streaming/jobs").statusCode()).isEqualTo(503);
                    HttpResponse<String> ready = each.get("/health/ready");
                    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
                }
                assertThat((System.nanoTime() - stoppedAt) / 1_000_000).as("ms to answer the 503s: fast, not hung")
                        .isLessThan(30_000);
                // Longer than a lease: the holder cannot renew, and stops believing it holds the work.
                Thread.sleep(LEASE.multipliedBy(2).toMillis());
                assertThat(runningFlinkJobsOf(project, 1)).as("Flink runs on without the catalogue").hasSize(1);
            } finally {
                postgres.startAgain(dir.resolve("postgres").resolve("postgres-again.log"));
            }
            a.awaitReady();
            b.awaitReady();
            HttpResponse<String> again = b.post("/v1.0/" + project + "/streaming/jobs/run", "{\"job_ids\": [3]}",
                    "wait=60");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.body()).contains("\"status\":\"job_running\"");
            assertThat(statuses(project)).containsEntry(1L, "job_running").containsEntry(2L, "job_running")
                    .containsEntry(3L, "job_running").containsEntry(4L, "job_init");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String consistency;
            do {
                consistency = inconsistencies(project);
            } while (!consistency.isEmpty() && System.nanoTime() < deadline);
            assertThat(consistency).isEmpty();
            a.post("/v1.0/" + project + "/streaming/jobs/stop", "{\"job_ids\": [1, 2, 3]}", "wait=60");
        }
    }

    /** Jobs the callers of the chaos test share: every batch overlaps others. */
    static final int JOBS = Integer.getInteger("instances.jobs", 40);
    static final int CALLERS = Integer.getInteger("instances.callers", 16);
    static final Duration CHAOS = Duration.ofSeconds(Long.getLong("instances.chaos.seconds", 45));

    /** A run or a stop the service acknowledged for one job: delivered, between these two instants. */
    record Ack(String op, long sent, long acknowledged) {
        boolean overlaps(Ack other) {
            return sent <= other.acknowledged && other.sent <= acknowledged;
        }
    }

    /**
     * Sixteen callers run and stop overlapping batches through the three instances in turn while one instance is killed
     * with {@code kill -9} every few seconds and started again. Afterwards: no job is left between two statuses, every
     * job's status is Flink's view of it, each job whose last acknowledged operation raced with no other ends as that
     * operation left it, and Flink never ran two jobs for one of the service's jobs at once (from Flink's own start and
     * end times of every job it had).
     */
    @Test
    void sixteenCallersThroughThreeInstancesWhileOneIsKilledEveryFewSecondsLoseNothing() throws Exception {
        String project = "chaos";
        Path jobs = jobsFile(project, JOBS);
        List<Instance> instances = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            instances.add(instance(project + "-" + i, jobs));
        }
        try {
            for (Instance each : instances) {
                each.start();
            }
            for (Instance each : instances) {
                each.awaitReady();
            }
            Map<Long, List<Ack>> acks = new ConcurrentHashMap<>();
            AtomicBoolean calling = new AtomicBoolean(true);
            AtomicInteger requests = new AtomicInteger();
            AtomicInteger unanswered = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            AtomicInteger turn = new AtomicInteger();
            ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
            for (int c = 0; c < CALLERS; c++) {
                long seed = c;
                callers.execute(() -> call(project, instances, turn, new Random(seed), calling, acks, requests,
                        unanswered, failures));
            }
            // One instance killed every few seconds, and started again; never two down at once. The second time (and
            // every third after it), the holder of the work is paused instead for longer than its lease, and goes on
            // afterwards believing what it believed: whatever it then does must not undo what the new holder did.
            Random chance = new Random(42);
            long chaosEnds = System.nanoTime() + CHAOS.toNanos();
            int kills = 0;
            int pauses = 0;
            while (System.nanoTime() < chaosEnds) {
                Thread.sleep(4_000 + chance.nextInt(3_000));
                if ((kills + pauses) % 3 == 1) {
                    Instance holding = awaitHolder(instances);
                    if (holding != null) {
                        holding.pause();
                        pauses++;
                        Thread.sleep(LEASE.multipliedBy(2).toMillis());
                        holding.resume();
                        continue;
                    }
                }
                Instance victim = instances.get(chance.nextInt(instances.size()));
                victim.kill();
                kills++;
                Thread.sleep(500 + chance.nextInt(1_500));
                victim.start();
            }
            calling.set(false);
            callers.shutdown();
            assertThat(callers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            // The last kill: the holder of the work, after the callers stopped.
            Instance holder = awaitHolder(instances);
            assertThat(holder).as("an instance holds the work").isNotNull();
            holder.kill();
            kills++;
            long lastKill = System.nanoTime();
            List<Instance> others = instances.stream().filter(each -> each != holder).toList();
            Instance next = awaitHolder(others);
            long takenOverAfter = (System.nanoTime() - lastKill) / 1_000_000;
            assertThat(next).as("another instance holds the work").isNotNull();
            // Its lease ran out (a lease time after its last renewal, at most) and another took it at its next beat.
            assertThat(takenOverAfter).as("ms from the last kill until another instance holds the work")
                    .isLessThanOrEqualTo(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(1).toMillis());
            holder.start();

            String consistency = "never looked";
            long consistentAfter = -1;
            while (System.nanoTime() - lastKill < Duration.ofSeconds(90).toNanos()) {
                consistency = inconsistencies(project);
                if (consistency.isEmpty()) {
                    consistentAfter = (System.nanoTime() - lastKill) / 1_000_000;
                    break;
                }
                Thread.sleep(200);
            }
            long runs = acks.values().stream().flatMap(List::stream).filter(ack -> ack.op().equals("run")).count();
            long stops = acks.values().stream().flatMap(List::stream).filter(ack -> ack.op().equals("stop")).count();
            long launched = flinkJobs().stream().filter(job -> job.get("name").asText().startsWith(project + "/"))
                    .count();
            System.out.printf("several instances: %d callers, %d jobs, %d requests, %d unanswered (instance down), "
                            + "%d kills, %d pauses of the holder; acknowledged %d runs and %d stops, Flink had %d "
                            + "jobs; after the last kill, taken over in %d ms and every status equal to Flink's in %d ms "
                    + "(lease %d s)%n", CALLERS, JOBS, requests.get(), unanswered.get(), kills, pauses, runs, stops,
                    launched, takenOverAfter, consistentAfter, LEASE.toSeconds());
            assertThat(failures).as("answers other than 200 from a live instance").isEmpty();
            assertThat(consistency).as("catalogue against Flink, 90 s after the last kill").isEmpty();
            // Then reconciled, and what was claimed and not launched yet launched: as long as those launches take (the
            // time is printed; the consistency itself is asserted above).
            assertThat(requests.get()).as("the callers were served").isGreaterThan(100);

            Map<Long, String> statuses = statuses(project);
            List<String> lost = new ArrayList<>();
            acks.forEach((id, history) -> {
                List<Ack> sorted = history.stream().sorted(java.util.Comparator.comparingLong(Ack::acknowledged))
                        .toList();
                Ack last = sorted.get(sorted.size() - 1);
                boolean raced = sorted.stream().limit(sorted.size() - 1).anyMatch(last::overlaps);
                String expected = last.op().equals("run") ? "job_running" : "job_cancel_success";
                if (!raced && !expected.equals(statuses.get(id))) {
                    lost.add("job " + id + ": last acknowledged " + last.op() + ", now " + statuses.get(id));
                }
            });
            assertThat(lost).as("acknowledged runs and stops lost").isEmpty();
            System.out.printf("several instances: %d jobs' last acknowledged operation raced with none and held%n",
                    acks.size() - racedJobs(acks));
            assertThat(twoAtOnce(project)).as("Flink jobs of one of the service's jobs that overlapped in time")
                    .isEmpty();
        } finally {
            for (Instance each : instances) {
                each.close();
            }
        }
    }

    /** The instance that holds the cluster's work, waiting up to three lease times for one to say so. */
    private static Instance awaitHolder(List<Instance> instances) throws InterruptedException {
        long until = System.nanoTime() + LEASE.multipliedBy(3).toNanos();
        while (System.nanoTime() < until) {
            Instance found = holder(instances);
            if (found != null) {
                return found;
            }
            Thread.sleep(50);
        }
        return null;
    }

    /** The instance that says it holds the cluster's work, if one answers so now. */
    private static Instance holder(List<Instance> instances) {
        for (Instance each : instances) {
            try {
                if (each.alive() && each.ready().path("holds_cluster_work").asText().equals("true")) {
                    return each;
                }
            } catch (IOException | InterruptedException notNow) {
                // starting, or paused
            }
        }
        return null;
    }

    private static long racedJobs(Map<Long, List<Ack>> acks) {
        return acks.values().stream().filter(history -> {
            List<Ack> sorted = history.stream().sorted(java.util.Comparator.comparingLong(Ack::acknowledged)).toList();
            Ack last = sorted.get(sorted.size() - 1);
            return sorted.stream().limit(sorted.size() - 1).anyMatch(last::overlaps);
        }).count();
    }

    private static void call(String project, List<Instance> instances, AtomicInteger turn, Random random,
                             AtomicBoolean calling, Map<Long, List<Ack>> acks, AtomicInteger requests,
                             AtomicInteger unanswered, List<String> failures) {
        while (calling.get()) {
            Instance target = instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
            int first = random.nextInt(JOBS);
            List<Long> ids = IntStream.range(0, 1 + random.nextInt(6))
                    .mapToObj(k -> (long) ((first + k) % JOBS + 1)).distinct().toList();
            boolean run = random.nextBoolean();
            String body = "{\"job_ids\": " + ids + (run ? "" : ", \"trigger_savepoint\": false") + "}";
            long sent = System.nanoTime();
            try {
                HttpResponse<String> answer = target.post("/v1.0/" + project + "/streaming/jobs/"
                        + (run ? "run" : "stop"), body, null);
                long acknowledged = System.nanoTime();
                requests.incrementAndGet();
                if (answer.statusCode() == 503) {
                    // Retry later: e.g. a paused instance's transaction that PostgreSQL ended meanwhile.
                    unanswered.incrementAndGet();
                    continue;
                }
                if (answer.statusCode() != 200) {
                    if (target.alive()) {
                        failures.add(target.name + " answered " + answer.statusCode() + ": " + answer.body());
                    }
                    continue;
                }
                JsonNode results = JSON.readTree(answer.body());
                for (int i = 0; i < ids.size(); i++) {
                    if (results.get(i).get("is_success").asText().equals("true")) {
                        acks.computeIfAbsent(ids.get(i), key -> new CopyOnWriteArrayList<>())
                                .add(new Ack(run ? "run" : "stop", sent, acknowledged));
                    }
                }
            } catch (IOException e) {
                unanswered.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(50 + random.nextInt(150));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Each job's status, read from the shared catalogue. */
    static Map<Long, String> statuses(String project) {
        Map<Long, String> statuses = new HashMap<>();
        for (List<Object> row : postgres.query("SELECT job_id, status FROM jobs WHERE project_id = '" + project
                + "'")) {
            statuses.put(((Number) row.get(0)).longValue(), (String) row.get(1));
        }
        return statuses;
    }

    /**
     * Where the catalogue and Flink disagree, in words (empty: nowhere): a job between two statuses; a running job
     * whose launch Flink does not run; a job Flink runs that the catalogue does not say running, or under another
     * launch.
     */
    static String inconsistencies(String project) throws Exception {
        Map<Long, List<String>> running = new HashMap<>();
        for (JsonNode job : flinkJobs()) {
            String name = job.get("name").asText();
            if (name.startsWith(project + "/") && !isTerminal(job.get("state").asText())) {
                long id = Long.parseLong(name.substring(project.length() + 1, name.indexOf(' ')));
                running.computeIfAbsent(id, key -> new ArrayList<>()).add(job.get("jid").asText() + " "
                        + job.get("state").asText());
            }
        }
        List<String> found = new ArrayList<>();
        for (List<Object> row : postgres.query("SELECT job_id, status, runtime_job_id FROM jobs WHERE project_id = '"
                + project + "' ORDER BY job_id")) {
            long id = ((Number) row.get(0)).longValue();
            String status = (String) row.get(1);
            String launch = row.get(2) == null ? null : ((String) row.get(2)).strip();
            List<String> inFlink = running.getOrDefault(id, List.of());
            boolean flinkRunsIt = inFlink.size() == 1 && inFlink.get(0).equals(launch + " RUNNING");
            boolean between = status.equals("job_submitting") || status.equals("job_canceling")
                    || status.equals("job_savepointing");
            if (between || status.equals("job_running") != flinkRunsIt || inFlink.size() > (flinkRunsIt ? 1 : 0)) {
                found.add("job " + id + " is " + status + " (launch " + launch + "), Flink has " + inFlink);
            }
        }
        return String.join("; ", found);
    }

    private static boolean isTerminal(String state) {
        return state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
    }

    /** Flink jobs of one of the service's jobs whose times overlapped, from Flink's own start and end times. */
    static List<String> twoAtOnce(String project) throws Exception {
        Map<String, List<JsonNode>> byJob = new HashMap<>();
        for (JsonNode job : flinkJobs()) {
            String name = job.get("name").asText();
            if (name.startsWith(project + "/")) {
                byJob.computeIfAbsent(name.substring(0, name.indexOf(' ')), key -> new ArrayList<>()).add(job);
            }
        }
        List<String> overlapping = new ArrayList<>();
        byJob.forEach((job, launches) -> {
            List<JsonNode> sorted = launches.stream()
                    .sorted(java.util.Comparator.comparingLong(launch -> launch.get("start-time").asLong())).toList();
            for (int i = 1; i < sorted.size(); i++) {
                long previousEnd = sorted.get(i - 1).get("end-time").asLong();
                if (previousEnd < 0 || previousEnd > sorted.get(i).get("start-time").asLong()) {
                    overlapping.add(job + ": " + sorted.get(i - 1).get("jid").asText() + " and "
                            + sorted.get(i).get("jid").asText());
                }
            }
        });
        return overlapping;
    }

    /** The Flink jobs of the service's job {@code project/id} that Flink runs now. */
    static List<JsonNode> runningFlinkJobsOf(String project, long id) throws Exception {
        return flinkJobs().stream().filter(job -> job.get("name").asText().startsWith(project + "/" + id + " "))
                .filter(job -> job.get("state").asText().equals("RUNNING")).toList();
    }

    /** Every job the cluster lists (running and ended), as {@code /jobs/overview} says. */
    static List<JsonNode> flinkJobs() throws Exception {
        HttpResponse<String> overview = HTTP.send(HttpRequest.newBuilder(flink.rest().resolve("/jobs/overview"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return StreamSupport.stream(JSON.readTree(overview.body()).get("jobs").spliterator(), false).toList();
    }

    static PostgresServer postgres() {
        return postgres;
    }

    static Path credentials() {
        return credentials;
    }

    static URI flinkRest() {
        return flink.rest();
    }
}
