package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.CommittedOutput;
import dev.dlirun.bootstrap.console.PackagedServer;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Issue 31's upgrade downtime: how long a running job writes nothing while it is upgraded to a compatible change, with
 * the one-call upgrade ({@code POST .../jobs/{job_id}/upgrade}) next to the same steps done by hand through the API as
 * a script does them (stop with a savepoint and wait for {@code job_cancel_success}, update the SQL, run resuming the
 * savepoint and wait for {@code job_running}).
 *
 * <p>The packaged jar ({@code target/dlirun.jar}, as {@link PackagedServer} starts it) on its default engine, a local
 * Flink cluster in processes of its own, with a fresh data directory. One job, checkpointed every second: datagen at
 * {@value #ROWS_PER_SECOND} rows/s, a running count per key, and each row written with the processing time it was
 * produced at into JSON files (rolled every second, committed at checkpoints). The change: the sink's table renamed,
 * same path (a change the state check calls compatible); the next upgrade renames it back, so that every upgrade is
 * the same change. The two ways take turns on the same job, after a warm-up of one of each.
 *
 * <p><b>Downtime</b> is read from the committed output only, by the records' own timestamps (the files' times say
 * when a checkpoint committed them, not when the rows were made): the largest gap between consecutive records around
 * the upgrade, i.e. from the last record the old version produced to the first the new one produced. The gap is checked
 * to lie inside the call sequence, and the counts to go on once each across all upgrades. Also measured: the wall time
 * of each call sequence until the new version runs (its detail says {@code job_running}) and, for the one call, until
 * the upgrade says {@code succeeded} (it waits for the new version's first checkpoint too); and, as a control, the
 * largest gap between records in the seconds before each upgrade, with the job undisturbed.
 *
 * <p>A main, not a test ({@code ./mvnw verify} does not run it). Run from {@code bootstrap/} after {@code ./mvnw
 * install -DskipTests} and {@code dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}:
 * {@code java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.dlirun.bootstrap.UpgradeDowntimeBenchmark}.
 * Properties: {@code bench.rounds} (5 per way), {@code bench.pollMillis} (how often a caller polls: 50),
 * {@code bench.settleSeconds} (how long the job runs undisturbed between upgrades: 6). Progress goes to standard error;
 * the markdown rows to standard output.
 */
public final class UpgradeDowntimeBenchmark {

    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final Duration POLL = Duration.ofMillis(Long.getLong("bench.pollMillis", 50));
    private static final Duration SETTLE = Duration.ofSeconds(Long.getLong("bench.settleSeconds", 6));
    private static final Duration SOON = Duration.ofMinutes(3);
    private static final int ROWS_PER_SECOND = 50;
    private static final String PROJECT = "bench";
    private static final String OUTPUT = "downtime";
    /** The control window: the job undisturbed for this long before each upgrade's first call. */
    private static final long STEADY_MILLIS = 3_000;

    /** Version A of the job: a running count per key, each row with the processing time it was produced at. */
    static final String VERSION_A = """
            CREATE TABLE events (k INT, ts AS PROCTIME()) WITH (
              'connector' = 'datagen', 'rows-per-second' = '%d', 'fields.k.min' = '1', 'fields.k.max' = '2');
            CREATE TABLE produced (k INT, c BIGINT, produced_at TIMESTAMP_LTZ(3)) WITH (
              'connector' = 'filesystem', 'path' = '%s', 'format' = 'json',
              'json.timestamp-format.standard' = 'ISO-8601',
              'sink.rolling-policy.rollover-interval' = '1 s', 'sink.rolling-policy.check-interval' = '1 s');
            INSERT INTO produced SELECT k, COUNT(*) OVER (
              PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), ts
            FROM events;
            """.formatted(ROWS_PER_SECOND, OUTPUT);
    /** Version B: the same job, its sink's table renamed (the same path): a compatible change. */
    static final String VERSION_B = VERSION_A.replace("CREATE TABLE produced ", "CREATE TABLE produced_v2 ")
            .replace("INSERT INTO produced ", "INSERT INTO produced_v2 ");

    private static final Set<String> SETTLED = Set.of("succeeded", "rolled_back", "refused", "failed");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** Where the report goes. */
    private static final PrintStream REPORT = System.out;

    /** How one upgrade went: its gap in the records, and the times of its calls (ms since its first call). */
    record Upgrade(String way, int round, long startedAt, long lastOld, long firstNew, long untilRunning,
                   long untilDone, long steadyGap, Map<String, Long> steps, long untilStopped) {

        long gap() {
            return firstNew - lastOld;
        }

        /**
         * From the savepoint's completion as the caller saw it to the new version's first record: the restart's share
         * of the gap, which does not depend on where the source's last burst fell before the stop.
         */
        long stoppedToFirstNew() {
            return firstNew - startedAt - untilStopped;
        }
    }

    private final PackagedServer server;
    private final Path output;
    private long job;
    private String current = VERSION_A;

    private UpgradeDowntimeBenchmark(PackagedServer server, Path output) {
        this.server = server;
        this.output = output;
    }

    public static void main(String[] args) throws Exception {
        String loadAtStart = loadAverage();
        Instant began = Instant.now();
        Path dir = Files.createTempDirectory("bench-downtime");
        // The local cluster's processes run as the jobs' user, who must pass through to the data directory inside.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path data = dir.resolve("data");
        try (PackagedServer server = PackagedServer.start("--data-dir=" + data)) {
            UpgradeDowntimeBenchmark benchmark = new UpgradeDowntimeBenchmark(server,
                    data.resolve("projects").resolve(PROJECT).resolve(OUTPUT));
            benchmark.awaitReady();
            benchmark.createAndRun();
            List<Upgrade> measured = benchmark.measure();
            long counted = CommittedOutput.assertCountedExactlyOnce(benchmark.output);
            report(measured, counted, began, loadAtStart, loadAverage());
        } finally {
            try {
                ScratchDirectory.delete(dir);
            } catch (IOException | RuntimeException e) {
                System.err.println("[downtime] could not remove " + dir + ": " + e.getMessage());
            }
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------------ the job

    private void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (call("GET", "/health/ready", null).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service was not ready within 5 minutes");
            }
            Thread.sleep(200);
        }
    }

    private void createAndRun() throws Exception {
        JsonNode created = json(call("POST", "/v1.0/" + PROJECT + "/streaming/sql-jobs", "{\"name\": \"downtime\", "
                + "\"sql_body\": " + JSON.writeValueAsString(VERSION_A) + ", \"checkpoint_enabled\": true, "
                + "\"checkpoint_interval\": 1}"));
        job = created.path("job").path("job_id").asLong();
        if (job == 0) {
            throw new IllegalStateException("the job was not created: " + created);
        }
        expectSuccess(call("POST", "/v1.0/" + PROJECT + "/streaming/jobs/run", "{\"job_ids\": [" + job + "]}"));
        awaitStatus("job_running");
        awaitCommittedAfter(System.currentTimeMillis() + SETTLE.toMillis());
    }

    // ------------------------------------------------------------------------------------------ the rounds

    private List<Upgrade> measure() throws Exception {
        // Warm-up: one of each, not counted.
        progress(oneCall(0));
        progress(byHand(0));
        List<Upgrade> measured = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            measured.add(progress(oneCall(round)));
            measured.add(progress(byHand(round)));
        }
        return measured;
    }

    private static Upgrade progress(Upgrade upgrade) {
        System.err.printf(Locale.ROOT, "[downtime] round %d %s: gap %d ms (last old +%d, first new +%d), running "
                        + "+%d, done +%d, steady gap %d ms, steps %s%n", upgrade.round(), upgrade.way(), upgrade.gap(),
                upgrade.lastOld() - upgrade.startedAt(), upgrade.firstNew() - upgrade.startedAt(),
                upgrade.untilRunning(), upgrade.untilDone(), upgrade.steadyGap(), upgrade.steps());
        return upgrade;
    }

    private String candidate() {
        return current.equals(VERSION_A) ? VERSION_B : VERSION_A;
    }

    /** (a) {@code POST .../jobs/{id}/upgrade}, then its status polled until it has settled. */
    private Upgrade oneCall(int round) throws Exception {
        String next = candidate();
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        HttpResponse<String> answer = call("POST", "/v1.0/" + PROJECT + "/streaming/jobs/" + job + "/upgrade",
                "{\"sql_body\": " + JSON.writeValueAsString(next) + ", \"timeout_seconds\": 120}");
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the upgrade was not accepted: " + answer.statusCode() + " "
                    + answer.body());
        }
        String upgrade = json(answer).get("upgrade_id").asText();
        Map<String, Long> steps = new LinkedHashMap<>();
        steps.put("answered", millisSince(start));
        long running = -1;
        JsonNode seen;
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            seen = json(call("GET", "/v1.0/" + PROJECT + "/streaming/jobs/" + job + "/upgrades/" + upgrade, null));
            String status = seen.path("status").asText();
            steps.putIfAbsent(status, millisSince(start));
            if (running < 0 && (status.equals("verifying") || status.equals("succeeded"))
                    && status(detail()).equals("job_running")) {
                // Verifying means the new version was launched: a running job now is the new version.
                running = millisSince(start);
            }
            if (SETTLED.contains(status)) {
                break;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the upgrade did not settle within " + SOON + ": " + seen);
            }
            Thread.sleep(POLL.toMillis());
        }
        long done = millisSince(start);
        if (!seen.path("status").asText().equals("succeeded") || running < 0) {
            throw new IllegalStateException("the upgrade did not succeed: " + seen);
        }
        if (!seen.path("verdict").asText().equals("compatible")) {
            throw new IllegalStateException("the state check did not call the change compatible: " + seen);
        }
        current = next;
        // The savepoint is taken when the upgrade moves on to starting the new version (seen at the next poll).
        long stopped = steps.getOrDefault("starting", steps.getOrDefault("verifying", done));
        return measured("one call", round, startedAt, start, running, done, steps, stopped);
    }

    /** (b) The same by hand: stop with a savepoint, update the SQL, run resuming the savepoint; each waited for. */
    private Upgrade byHand(int round) throws Exception {
        String next = candidate();
        long startedAt = System.currentTimeMillis();
        long start = System.nanoTime();
        Map<String, Long> steps = new LinkedHashMap<>();
        expectSuccess(call("POST", "/v1.0/" + PROJECT + "/streaming/jobs/stop", "{\"job_ids\": [" + job + "], "
                + "\"trigger_savepoint\": true}"));
        steps.put("stop answered", millisSince(start));
        awaitStatus("job_cancel_success");
        long stopped = millisSince(start);
        steps.put("job_cancel_success", stopped);
        JsonNode updated = json(call("PUT", "/v1.0/" + PROJECT + "/streaming/sql-jobs/" + job, "{\"sql_body\": "
                + JSON.writeValueAsString(next) + "}"));
        if (!updated.path("is_success").asText().equals("true")) {
            throw new IllegalStateException("the update was refused: " + updated);
        }
        if (!updated.path("state_check").path("verdict").asText("compatible").equals("compatible")) {
            throw new IllegalStateException("the update's state check did not call the change compatible: " + updated);
        }
        steps.put("updated", millisSince(start));
        expectSuccess(call("POST", "/v1.0/" + PROJECT + "/streaming/jobs/run", "{\"job_ids\": [" + job + "], "
                + "\"resume_savepoint\": true}"));
        steps.put("run answered", millisSince(start));
        awaitStatus("job_running");
        long running = millisSince(start);
        steps.put("job_running", running);
        current = next;
        return measured("by hand", round, startedAt, start, running, running, steps, stopped);
    }

    /**
     * Waits until the records the new version produced after the sequence ended are committed (then so are all before
     * them: one writer, committed in order at checkpoints), reads the gap, and lets the job run undisturbed.
     */
    private Upgrade measured(String way, int round, long startedAt, long start, long running, long done,
                             Map<String, Long> steps, long stopped) throws Exception {
        long endedAt = startedAt + millisSince(start);
        List<Long> times = awaitCommittedAfter(endedAt + 1_000);
        long lastOld = -1;
        long firstNew = -1;
        long previous = -1;
        long steadyGap = 0;
        for (long time : times) {
            if (time < startedAt - STEADY_MILLIS || time > endedAt + 1_000) {
                continue;
            }
            if (previous >= 0) {
                if (time <= startedAt) {
                    steadyGap = Math.max(steadyGap, time - previous);
                }
                if (lastOld < 0 || time - previous > firstNew - lastOld) {
                    lastOld = previous;
                    firstNew = time;
                }
            }
            previous = time;
        }
        if (lastOld < startedAt - STEADY_MILLIS / 2 || firstNew > endedAt + 500) {
            throw new IllegalStateException(String.format(Locale.ROOT, "round %d %s: the largest gap (%d to %d) is "
                    + "not inside the calls (%d to %d)", round, way, lastOld, firstNew, startedAt, endedAt));
        }
        Thread.sleep(SETTLE.toMillis());
        return new Upgrade(way, round, startedAt, lastOld, firstNew, running, done, steadyGap, steps, stopped);
    }

    /** The committed records' production times, sorted, once one produced at or after {@code atLeast} is there. */
    private List<Long> awaitCommittedAfter(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            List<Long> times = new ArrayList<>();
            for (JsonNode row : CommittedOutput.rows(output)) {
                times.add(epochMillis(row.get("produced_at").asText()));
            }
            Collections.sort(times);
            if (!times.isEmpty() && times.get(times.size() - 1) >= atLeast) {
                return times;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no record produced after " + Instant.ofEpochMilli(atLeast)
                        + " was committed under " + output + " within " + SOON);
            }
            Thread.sleep(200);
        }
    }

    /** A {@code TIMESTAMP_LTZ} as the JSON format writes it ({@code 2026-12-07T13:20:01.123Z}; SQL style too). */
    static long epochMillis(String timestamp) {
        String iso = timestamp.trim().replace(' ', 'T');
        return Instant.parse(iso.endsWith("Z") ? iso : iso + "Z").toEpochMilli();
    }

    // ------------------------------------------------------------------------------------------ the API

    private JsonNode detail() throws Exception {
        return json(call("GET", "/v1.0/" + PROJECT + "/streaming/jobs/" + job, null));
    }

    private static String status(JsonNode detail) {
        return detail.path("job_detail").path("status").asText();
    }

    /** Polls the job's detail, as a script does, until it shows {@code wanted}; a failed run ends the benchmark. */
    private void awaitStatus(String wanted) throws Exception {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (true) {
            JsonNode detail = detail();
            String status = status(detail);
            if (status.equals(wanted)) {
                return;
            }
            if (Set.of("job_submit_fail", "job_running_exception").contains(status)) {
                throw new IllegalStateException("job " + job + " is " + status + " while waiting for " + wanted + ": "
                        + detail);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job + " was not " + wanted + " within " + SOON + ": "
                        + detail);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .timeout(Duration.ofSeconds(60));
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    /** A batch call (run, stop) of one job: its one outcome must say it was accepted. */
    private static void expectSuccess(HttpResponse<String> answer) throws IOException {
        JsonNode outcomes = json(answer);
        if (answer.statusCode() != 200 || !outcomes.path(0).path("is_success").asText().equals("true")) {
            throw new IllegalStateException("refused: " + answer.statusCode() + " " + answer.body());
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    // ------------------------------------------------------------------------------------------ the report

    private static void report(List<Upgrade> measured, long counted, Instant began, String loadAtStart,
                               String loadAtEnd) throws IOException {
        List<Upgrade> oneCall = measured.stream().filter(u -> u.way().equals("one call")).toList();
        List<Upgrade> byHand = measured.stream().filter(u -> u.way().equals("by hand")).toList();
        print("%s to %s UTC; nproc %d; %s; Java %s (%s); load average at the start %s, at the end %s",
                began, Instant.now(), Runtime.getRuntime().availableProcessors(), memory(),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"), loadAtStart,
                loadAtEnd);
        print("rounds=%d per way after one warm-up of each; callers poll every %d ms; the job runs %d s undisturbed "
                + "between upgrades; %d rows/s", ROUNDS, POLL.toMillis(), SETTLE.toSeconds(), ROWS_PER_SECOND);
        print("");
        print("| round | way | downtime (gap in the records), ms | last old record, ms after the first call | first "
                + "new record, ms after | new version running (detail), ms | sequence done, ms | largest gap in the "
                + "%d s before, ms | steps, ms after the first call |", STEADY_MILLIS / 1000);
        print("|---:|---|---:|---:|---:|---:|---:|---:|---|");
        for (Upgrade u : measured) {
            print("| %d | %s | %d | %d | %d | %d | %d | %d | %s |", u.round(), u.way(), u.gap(),
                    u.lastOld() - u.startedAt(), u.firstNew() - u.startedAt(), u.untilRunning(), u.untilDone(),
                    u.steadyGap(), u.steps().toString().replaceAll("[{}]", "").replace("=", " "));
        }
        print("");
        print("| | one call, median ms | by hand, median ms | one call / by hand |");
        print("|---|---:|---:|---:|");
        row("**downtime**: last record of the old version to first of the new", oneCall, byHand, Upgrade::gap);
        row("first call to the new version running (`job_running`)", oneCall, byHand, Upgrade::untilRunning);
        print("| first call to `succeeded` (the one call; it also waits for the new version's first checkpoint) "
                + "| %d | | |", median(oneCall, Upgrade::untilDone));
        row("first call to the old version's last record", oneCall, byHand, u -> u.lastOld() - u.startedAt());
        row("first call to the savepoint seen taken (`starting`; `job_cancel_success`)", oneCall, byHand,
                Upgrade::untilStopped);
        row("savepoint seen taken to the new version's first record", oneCall, byHand, Upgrade::stoppedToFirstNew);
        row("first call to the new version's first record", oneCall, byHand, u -> u.firstNew() - u.startedAt());
        row("largest gap between records in the %d s before (the job undisturbed)".formatted(STEADY_MILLIS / 1000),
                oneCall, byHand, Upgrade::steadyGap);
        print("");
        print("every count of both keys committed once across all %d upgrades (highest count %d)",
                2 * (ROUNDS + 1), counted);
    }

    private static void row(String what, List<Upgrade> oneCall, List<Upgrade> byHand, ToLongFunction<Upgrade> value) {
        long a = median(oneCall, value);
        long b = median(byHand, value);
        // A ratio of offsets that can be negative (a record before the first call) would mean nothing.
        print("| %s | %d | %d | %s |", what, a, b, a > 0 && b > 0 ? String.format(Locale.ROOT, "%.2f",
                (double) a / b) : "");
    }

    private static long median(List<Upgrade> upgrades, ToLongFunction<Upgrade> value) {
        List<Long> sorted = new ArrayList<>(upgrades.stream().map(value::applyAsLong).toList());
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memory() throws IOException {
        Path meminfo = Path.of("/proc/meminfo");
        if (!Files.isReadable(meminfo)) {
            return "memory unknown";
        }
        for (String line : Files.readAllLines(meminfo)) {
            if (line.startsWith("MemTotal:")) {
                long kib = Long.parseLong(line.replaceAll("\\D", ""));
                return String.format(Locale.ROOT, "%.1f GiB", kib / 1024.0 / 1024.0);
            }
        }
        return "memory unknown";
    }

    private static void print(String format, Object... values) {
        REPORT.println(String.format(Locale.ROOT, format, values));
    }
}
