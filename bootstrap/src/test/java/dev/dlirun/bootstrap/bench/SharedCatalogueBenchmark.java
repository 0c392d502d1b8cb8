package dev.dlirun.bootstrap.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.flink.FlinkSessionCluster;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.bootstrap.BenchServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 32's benchmarks, side by side in one run (a {@code main}, in a JVM of its own; see benchmarks.md section 17 for
 * the command):
 *
 * <ol>
 *   <li><b>Durable submissions</b> (fresh ids, batches of 10) through one packaged jar on the simulated engine (jobs stay
 *   {@code job_submitting}), on H2 and on PostgreSQL, each next to that store's ceiling for the same statements, from
 *   {@link BareLoop}: plain {@code java.sql} in a process of its own, none of the service's classes in its code path.
 *   The statements are the ones PostgreSQL's {@code log_statement=all} shows for one submission (section 4 counts
 *   them): the batch read, then one transaction locking each row ({@code SELECT ... FOR UPDATE}) and updating it.</li>
 *   <li><b>The refused path</b> (ids that do not exist: nothing written) through one instance and through two, two wrk
 *   processes at half the connections each.</li>
 *   <li><b>Round trips</b>: statements per request of the serving instance and of the holder of the cluster's work,
 *   from {@code log_statement=all} with the client's port in each line, the port mapped to its process.</li>
 *   <li><b>Takeover</b>: three instances in front of a Flink session cluster; the holder killed with {@code kill -9} and
 *   a running job cancelled in Flink at once; the time until another instance holds the work, and until the catalogue
 *   says the job ended.</li>
 * </ol>
 *
 * <p>Why a bare loop and not the harness's own JDBC: the ratio asks what the service adds over the store, so the
 * ceiling must not carry the service's pool, mapping or locks. Why H2's bare loop runs after the service's rounds and
 * PostgreSQL's between them: H2's file is held by the one process that opens it.
 */
public final class SharedCatalogueBenchmark {

    private static final Path JAR = Path.of(System.getProperty("bench.jar", "target/dlirun.jar"));
    private static final Path LUA = Path.of(System.getProperty("bench.lua", "src/test/resources/bench/batch.lua"));
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 5));
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final int CONNECTIONS = 16;
    private static final int BATCH = 10;
    /** Jobs the service's submissions use, 1..SERVICE_IDS; the bare loop's are above, reused in turn. */
    private static final long SERVICE_IDS = Long.getLong("bench.serviceIds", 600_000);
    private static final long BARE_IDS = 300_000;
    private static final int COUNTED_REQUESTS = 100;
    /** The fresh ids of 17d's counted submissions: the last of 17a's range, which 17a must not reach. */
    private static final long COUNTED_FROM = SERVICE_IDS - (long) COUNTED_REQUESTS * BATCH;
    private static final List<Duration> LEASES = Arrays.stream(System.getProperty("bench.leases", "3,10").split(","))
            .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.trim()))).toList();
    private static final Set<String> SECTIONS = Set.of(System.getProperty("bench.sections",
            "submissions,refused,counts,takeover").split(","));
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) with");
    private static final Pattern RESULT = Pattern.compile("RESULT (\\{.*})");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private static Path dir;
    private static PostgresServer postgres;
    private static Path credentials;
    private static final List<String> OUT = new ArrayList<>();

    private SharedCatalogueBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        dir = Files.createTempDirectory("bench-shared-catalogue");
        line("Started %s; nproc %d; load average %s; %s", Instant.now(), Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).trim(), memTotal());
        postgres = PostgresServer.start(dir.resolve("postgres"));
        credentials = Files.writeString(dir.resolve("catalogue.properties"),
                "user=" + postgres.user() + "\npassword=" + postgres.password() + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));
        try {
            if (SECTIONS.contains("submissions") || SECTIONS.contains("counts")) {
                try (Service single = seededPostgresService("pg-simulated")) {
                    if (SECTIONS.contains("submissions")) {
                        submissions(single);
                    }
                    if (SECTIONS.contains("counts")) {
                        counts(single, single, "one instance on the simulated engine (it serves and holds the work)",
                                COUNTED_REQUESTS, true);
                    }
                }
            }
            List<String> jvmFlags = Arrays.stream(System.getProperty("flink.jvm.flags", "").split(" "))
                    .filter(flag -> !flag.isBlank()).toList();
            try (FlinkSessionCluster flink = FlinkSessionCluster.start(dir.resolve("flink"), 6,
                    System.getProperty("java.class.path"), jvmFlags)) {
                if (SECTIONS.contains("refused") || SECTIONS.contains("counts")) {
                    // The simulated engine admits one instance per catalogue: two instances need a cluster of their
                    // own in front of them, and a database of their own (17a's jobs are no jobs for Flink).
                    postgres.executeIn("postgres", "CREATE DATABASE pair");
                    Path jobs = Files.writeString(dir.resolve("pair-jobs.json"), "[" + sqlJob("bench", 1) + ",\n"
                            + sqlJob("bench", 2) + ",\n" + sqlJob("bench", 3) + ",\n" + sqlJob("bench", 4) + "]");
                    List<String> flags = List.of("--catalogue=" + postgres.jdbcUrl("pair"),
                            "--catalogue-credentials=" + credentials, "--flink-rest=" + flink.rest(),
                            "--lease-time=3s");
                    try (Service a = Service.start("pair-a", flags, jobs); Service b = Service.start("pair-b", flags,
                            jobs)) {
                        a.awaitReady();
                        b.awaitReady();
                        if (SECTIONS.contains("refused")) {
                            refused(a, b);
                        }
                        if (SECTIONS.contains("counts")) {
                            Service holder = a.holds() ? a : b;
                            Service serving = holder == a ? b : a;
                            check(!serving.holds(), "exactly one of the two instances holds the work");
                            counts(serving, holder, "two instances in front of Flink, requests through the one that "
                                    + "does not hold the work", COUNTED_REQUESTS, false);
                        }
                    }
                }
                if (SECTIONS.contains("takeover")) {
                    takeover(flink);
                }
            }
            idleLines.forEach(idle -> line("%s", idle));
            line("Ended %s; load average %s", Instant.now(), Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            postgres.close();
            System.out.println("\n===== results =====");
            OUT.forEach(System.out::println);
        }
    }

    // ---------------------------------------------------------------- 1. durable submissions

    private static void submissions(Service pg) throws Exception {
        // H2: the service's rounds, then (the file free again) the bare loop's on the same file.
        Path h2Data = Files.createDirectories(dir.resolve("h2"));
        BenchServer.seedH2(h2Data, SERVICE_IDS + BARE_IDS);
        List<Wrk> h2Runs = new ArrayList<>();
        long h2Cursor;
        try (Service h2 = Service.start("h2", List.of("--engine=simulated", "--launch-delay=10m",
                "--data-dir=" + h2Data), jobsFile("bench", 1))) {
            h2.awaitReady();
            h2Cursor = runs(h2, h2Runs, 0);
        }
        String h2Url = "jdbc:h2:file:" + h2Data.toAbsolutePath().resolve("catalogue") + ";WRITE_DELAY=0";
        List<Double> h2Bare = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            h2Bare.add(bareLoop(h2Url, "dlirun", ""));
        }
        // PostgreSQL: the service's runs and the bare loop's take turns, the service idle meanwhile.
        List<Wrk> pgRuns = new ArrayList<>();
        List<Double> pgBare = new ArrayList<>();
        long cursor = 0;
        cursor = wrk(pg.port, "fresh", cursor, WARM_UP).lastId();
        for (int round = 0; round < ROUNDS; round++) {
            Wrk run = wrk(pg.port, "fresh", cursor, MEASURE);
            cursor = run.lastId();
            pgRuns.add(run);
            pgBare.add(bareLoop(postgres.jdbcUrl(), postgres.user(), postgres.password()));
        }
        if (cursor >= COUNTED_FROM || h2Cursor >= COUNTED_FROM) {
            line("**The service ran out of seeded jobs** (ids named up to %d on H2, %d on PostgreSQL, of %d): rerun "
                    + "with a larger -Dbench.serviceIds.", h2Cursor, cursor, COUNTED_FROM);
        }
        long pgSubmitting = ((Number) postgres.query("SELECT COUNT(*) FROM jobs WHERE project_id = 'bench' AND "
                + "job_id <= " + SERVICE_IDS + " AND status = 'job_submitting'").get(0).get(0)).longValue();
        line("");
        line("### 17a. Durable submissions (batches of 10, fresh ids, wrk -t1 -c%d, %d x %d s after %d s of warm-up)",
                CONNECTIONS, ROUNDS, MEASURE.toSeconds(), WARM_UP.toSeconds());
        line("");
        line("| store | service requests/s (median) | min-max | p50 ms | p99 ms | non-2xx | bare JDBC loop, "
                + "submissions/s (median) | min-max | service / bare |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        submissionRow("H2 (data directory, WRITE_DELAY=0)", h2Runs, h2Bare);
        submissionRow("PostgreSQL (fsync=off, synchronous_commit=off)", pgRuns, pgBare);
        line("");
        line("Rows left job_submitting by the PostgreSQL service's runs: %d (ids named: %d, warm-up included).",
                pgSubmitting, cursor);
    }

    private static long runs(Service service, List<Wrk> into, long from) throws Exception {
        Wrk warm = wrk(service.port, "fresh", from, WARM_UP);
        long cursor = warm.lastId();
        for (int round = 0; round < ROUNDS; round++) {
            Wrk run = wrk(service.port, "fresh", cursor, MEASURE);
            cursor = run.lastId();
            into.add(run);
        }
        return cursor;
    }

    private static void submissionRow(String store, List<Wrk> runs, List<Double> bare) {
        double service = median(runs, Wrk::requestsPerSecond);
        double ceiling = median(bare);
        line("| %s | %.0f | %.0f-%.0f | %.2f | %.2f | %d | %.0f | %.0f-%.0f | %.2f |", store, service,
                min(runs, Wrk::requestsPerSecond), max(runs, Wrk::requestsPerSecond), median(runs, Wrk::p50Ms),
                median(runs, Wrk::p99Ms), runs.stream().mapToLong(Wrk::non2xx).sum(), ceiling,
                bare.stream().mapToDouble(d -> d).min().orElseThrow(),
                bare.stream().mapToDouble(d -> d).max().orElseThrow(), service / ceiling);
    }

    /** One round of {@link BareLoop} in a JVM of its own: submissions (transactions of 10 rows) per second. */
    private static double bareLoop(String url, String user, String password) throws Exception {
        String classPath = System.getProperty("bench.bareClasspath");
        check(classPath != null, "-Dbench.bareClasspath names the test classes and the two JDBC drivers");
        Process bare = new ProcessBuilder(JAVA, "-Xmx256m", "-cp", classPath, BareLoop.class.getName(), url, user,
                password, String.valueOf(SERVICE_IDS + 1), String.valueOf(BARE_IDS), String.valueOf(CONNECTIONS),
                String.valueOf(WARM_UP.toMillis()), String.valueOf(MEASURE.toMillis()))
                .redirectErrorStream(true).start();
        String output = new String(bare.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check(bare.waitFor() == 0, "the bare loop failed:\n" + output);
        Matcher rate = Pattern.compile("SUBMISSIONS_PER_SECOND (\\S+)").matcher(output);
        check(rate.find(), "the bare loop printed no rate:\n" + output);
        return Double.parseDouble(rate.group(1));
    }

    /**
     * The statements of one durable submission of 10 fresh jobs, as PostgreSQL logs them for the service, on bare JDBC
     * (only {@code java.sql} and the driver): the batch read ({@code UNNEST} of the ids, auto-commit), then one
     * transaction that locks each row in id order ({@code SELECT ... FOR UPDATE}) and updates each. Threads take batches
     * from one counter; ids wrap around in their range (a row written before costs the same to lock and update).
     * Prints {@code SUBMISSIONS_PER_SECOND x} for the measured window, after a warm-up.
     */
    public static final class BareLoop {
        private static final String COLUMNS = "project_id, job_id, name, job_type, create_time, sql_body, main_class, "
                + "entrypoint_args, entrypoint, parallel_number, checkpoint_enabled, checkpoint_mode, "
                + "checkpoint_interval, restart_when_exception, resume_checkpoint, resume_max_num, runtime_config, "
                + "queue_name, extras, status, status_desc, has_savepoint, savepoint_path, start_time, update_time, "
                + "resumed_from_savepoint, runtime_job_id, restore_path, allow_non_restored_state";
        static final String READ = "SELECT " + COLUMNS.replaceAll("(\\w+)", "j.$1")
                + " FROM UNNEST(?) AS wanted(id) JOIN jobs j ON j.project_id = ? AND j.job_id = wanted.id";
        static final String LOCK = "SELECT " + COLUMNS + " FROM jobs WHERE project_id = ? AND job_id = ? FOR UPDATE";
        static final String UPDATE = "UPDATE jobs SET status = ?, status_desc = ?, has_savepoint = ?, "
                + "savepoint_path = ?, start_time = ?, update_time = ?, resumed_from_savepoint = ?, runtime_job_id = ?, "
                + "restore_path = ?, allow_non_restored_state = ? WHERE project_id = ? AND job_id = ?";

        private BareLoop() {
        }

        public static void main(String[] args) throws Exception {
            String url = args[0];
            String user = args[1];
            String password = args[2];
            long first = Long.parseLong(args[3]);
            long range = Long.parseLong(args[4]);
            int threads = Integer.parseInt(args[5]);
            long warmUpMillis = Long.parseLong(args[6]);
            long measureMillis = Long.parseLong(args[7]);
            // Each round starts at a batch chosen by the clock, so that rounds spread over the range.
            AtomicLong next = new AtomicLong((System.currentTimeMillis() / 1000) % (range / BATCH));
            AtomicLong counted = new AtomicLong();
            long start = System.nanoTime();
            long measureFrom = start + TimeUnit.MILLISECONDS.toNanos(warmUpMillis);
            long end = measureFrom + TimeUnit.MILLISECONDS.toNanos(measureMillis);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (Connection connection = DriverManager.getConnection(url, user, password)) {
                        try (PreparedStatement read = connection.prepareStatement(READ);
                             PreparedStatement lock = connection.prepareStatement(LOCK);
                             PreparedStatement update = connection.prepareStatement(UPDATE)) {
                            long now;
                            while ((now = System.nanoTime()) < end) {
                                long batch = next.getAndIncrement();
                                Long[] ids = new Long[BATCH];
                                for (int i = 0; i < BATCH; i++) {
                                    ids[i] = first + (batch * BATCH + i) % range;
                                }
                                Arrays.sort(ids);
                                submit(connection, read, lock, update, ids);
                                if (now >= measureFrom && System.nanoTime() < end) {
                                    counted.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            System.out.println("SUBMISSIONS_PER_SECOND " + counted.get() / (measureMillis / 1000.0));
        }

        private static void submit(Connection connection, PreparedStatement read, PreparedStatement lock,
                                   PreparedStatement update, Long[] ids) throws SQLException {
            connection.setAutoCommit(true);
            Array array = connection.createArrayOf("BIGINT", ids);
            read.setArray(1, array);
            read.setString(2, "bench");
            drain(read);
            connection.setAutoCommit(false);
            try {
                lock.setString(1, "bench");
                for (Long id : ids) {
                    lock.setLong(2, id);
                    drain(lock);
                }
                long now = System.currentTimeMillis();
                for (Long id : ids) {
                    update.setString(1, "job_submitting");
                    update.setNull(2, java.sql.Types.VARCHAR);
                    update.setBoolean(3, false);
                    update.setNull(4, java.sql.Types.VARCHAR);
                    update.setNull(5, java.sql.Types.BIGINT);
                    update.setLong(6, now);
                    update.setBoolean(7, false);
                    update.setString(8, java.util.UUID.randomUUID().toString().replace("-", ""));
                    update.setNull(9, java.sql.Types.VARCHAR);
                    update.setBoolean(10, false);
                    update.setString(11, "bench");
                    update.setLong(12, id);
                    update.executeUpdate();
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }

        private static void drain(PreparedStatement query) throws SQLException {
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    rows.getString(1);
                }
            }
        }
    }

    // ---------------------------------------------------------------- 2. the refused path

    private static void refused(Service a, Service b) throws Exception {
        List<Wrk> one = new ArrayList<>();
        List<Wrk[]> two = new ArrayList<>();
        wrk(a.port, "missing", 0, WARM_UP);
        wrk(b.port, "missing", 0, WARM_UP);
        for (int round = 0; round < ROUNDS; round++) {
            one.add(wrk(a.port, "missing", 0, MEASURE));
            two.add(twoAtOnce(a, b));
        }
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            ratios.add((two.get(round)[0].requestsPerSecond() + two.get(round)[1].requestsPerSecond())
                    / one.get(round).requestsPerSecond());
        }
        line("");
        line("### 17b. The refused path (batches of 10 ids that do not exist: no write), PostgreSQL catalogue, %d x %d s",
                ROUNDS, MEASURE.toSeconds());
        line("");
        line("| instances | requests/s (median) | min-max | p50 ms | p99 ms | non-2xx / errors | two / one |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        line("| one (wrk -c%d) | %.0f | %.0f-%.0f | %.2f | %.2f | %d | |", CONNECTIONS,
                median(one, Wrk::requestsPerSecond), min(one, Wrk::requestsPerSecond),
                max(one, Wrk::requestsPerSecond), median(one, Wrk::p50Ms), median(one, Wrk::p99Ms),
                one.stream().mapToLong(w -> w.non2xx() + w.errors()).sum());
        List<Double> sums = two.stream().map(p -> p[0].requestsPerSecond() + p[1].requestsPerSecond()).toList();
        line("| two (two wrk -c%d at once, one on each) | %.0f | %.0f-%.0f | %.2f | %.2f | %d | %.2f |",
                CONNECTIONS / 2, median(sums), sums.stream().mapToDouble(d -> d).min().orElseThrow(),
                sums.stream().mapToDouble(d -> d).max().orElseThrow(),
                median(two.stream().map(p -> Math.max(p[0].p50Ms(), p[1].p50Ms())).toList()),
                median(two.stream().map(p -> Math.max(p[0].p99Ms(), p[1].p99Ms())).toList()),
                two.stream().mapToLong(p -> p[0].non2xx() + p[0].errors() + p[1].non2xx() + p[1].errors()).sum(),
                median(ratios));
        line("");
        line("(two: requests/s summed over both wrk processes; p50/p99 the higher of the two; two / one the median of "
                + "the rounds' ratios, the one-instance run and the two-instance run of a round back to back)");
    }

    private static Wrk[] twoAtOnce(Service a, Service b) throws Exception {
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            Future<Wrk> onA = both.submit(() -> wrk(a.port, "missing", 0, MEASURE, CONNECTIONS / 2));
            Future<Wrk> onB = both.submit(() -> wrk(b.port, "missing", 0, MEASURE, CONNECTIONS / 2));
            return new Wrk[]{onA.get(), onB.get()};
        } finally {
            both.shutdown();
        }
    }

    // ---------------------------------------------------------------- 4. round trips per request

    private static boolean countsHeaderWritten;

    /**
     * Statements (and COMMITs) per request of {@code serving} and of {@code holder} (the same process on the simulated
     * engine): with the simulated engine, {@code requests} runs of fresh batches of 10 and as many refused batches; in
     * front of Flink, as many refused batches and one run of the pair's four jobs, counted until the catalogue says
     * all four run (per job launched). The idle rate of each process, measured for 5 s before, is subtracted.
     */
    private static void counts(Service serving, Service holder, String setting, int requests, boolean simulated)
            throws Exception {
        postgres.executeIn("postgres", "ALTER SYSTEM SET log_statement = 'all'",
                "ALTER SYSTEM SET log_line_prefix = '%m %r %p '", "SELECT pg_reload_conf()");
        Thread.sleep(500);
        Path log = dir.resolve("postgres").resolve("postgres.log");
        try {
            long idleFrom = Files.size(log);
            long idleStart = System.nanoTime();
            Thread.sleep(5_000);
            double idleSeconds = (System.nanoTime() - idleStart) / 1e9;
            Map<Long, long[]> idle = statementsByProcess(log, idleFrom);
            if (!countsHeaderWritten) {
                countsHeaderWritten = true;
                line("");
                line("### 17d. Catalogue round trips per request (PostgreSQL log_statement=all; each process's idle "
                        + "rate, measured for 5 s before, subtracted)");
                line("");
                line("| setting | request | serving instance: statements per request, raw (idle subtracted) | "
                        + "COMMITs | holder: statements per request, raw (idle subtracted) | COMMITs |");
                line("|---|---|---:|---:|---:|---:|");
            }
            for (String kind : simulated ? List.of("run", "refused") : List.of("refused", "launch")) {
                long from = Files.size(log);
                long start = System.nanoTime();
                int divisor = requests;
                if (kind.equals("launch")) {
                    HttpResponse<String> answer = serving.post("/v1.0/bench/streaming/jobs/run",
                            "{\"job_ids\":[1,2,3,4]}");
                    check(answer.statusCode() == 200 && !answer.body().contains("\"is_success\":\"false\""),
                            "the pair's run answered " + answer.statusCode() + ": " + answer.body());
                    for (long id = 1; id <= 4; id++) {
                        awaitStatus("pair", "bench", id, "job_running", Duration.ofSeconds(90));
                    }
                    divisor = 4;
                } else {
                    for (int i = 0; i < requests; i++) {
                        StringBuilder ids = new StringBuilder();
                        for (int j = 0; j < BATCH; j++) {
                            long id = kind.equals("run") ? COUNTED_FROM + (long) i * BATCH + j
                                    : 9_000_000_000_000L + j;
                            ids.append(j == 0 ? "" : ",").append(id);
                        }
                        HttpResponse<String> answer = serving.post("/v1.0/bench/streaming/jobs/run",
                                "{\"job_ids\":[" + ids + "]}");
                        check(answer.statusCode() == 200, "run answered " + answer.statusCode() + ": "
                                + answer.body());
                        check(answer.body().contains(kind.equals("run") ? "\"is_success\":\"true\""
                                : "\"is_success\":\"false\""), "unexpected answer: " + answer.body());
                    }
                }
                Thread.sleep(1_000); // the holder's work that follows the last request
                double seconds = (System.nanoTime() - start) / 1e9;
                Map<Long, long[]> during = statementsByProcess(log, from);
                double[] s = perRequest(during, idle, serving.pid(), seconds, idleSeconds, divisor);
                long[] unattributed = during.getOrDefault(-1L, new long[2]);
                idleLines.add(String.format(Locale.ROOT, "%s, %s: %d statements from connections no longer open "
                        + "(not attributed).", setting, kind, unattributed[0]));
                String what = switch (kind) {
                    case "run" -> "run, batch of 10 fresh jobs (" + requests + " requests)";
                    case "refused" -> "refused, batch of 10 unknown ids (" + requests + " requests)";
                    default -> "run of 4 jobs launched on Flink (1 request, counted until all 4 run): per job";
                };
                double[] sRaw = perRequest(during, Map.of(), serving.pid(), seconds, idleSeconds, divisor);
                if (serving == holder) {
                    line("| %s | %s | %.1f (%.1f) | %.2f (%.2f) | (the same process) | |", setting, what, sRaw[0],
                            s[0], sRaw[1], s[1]);
                } else {
                    double[] h = perRequest(during, idle, holder.pid(), seconds, idleSeconds, divisor);
                    double[] hRaw = perRequest(during, Map.of(), holder.pid(), seconds, idleSeconds, divisor);
                    line("| %s | %s | %.1f (%.1f) | %.2f (%.2f) | %.1f (%.1f) | %.2f (%.2f) |", setting, what,
                            sRaw[0], s[0], sRaw[1], s[1], hRaw[0], h[0], hRaw[1], h[1]);
                }
                idleLines.add(String.format(Locale.ROOT, "%s, %s: counted over %.1f s.", setting, kind, seconds));
            }
            long[] holderIdle = idle.getOrDefault(holder.pid(), new long[2]);
            long[] servingIdle = idle.getOrDefault(serving.pid(), new long[2]);
            idleLines.add(String.format(Locale.ROOT, "Idle, %s (%.1f s): the holder %.1f statements/s (%.1f COMMITs/s)%s",
                    setting, idleSeconds, holderIdle[0] / idleSeconds, holderIdle[1] / idleSeconds,
                    serving == holder ? "." : String.format(Locale.ROOT, ", the other instance %.1f statements/s "
                            + "(%.1f COMMITs/s).", servingIdle[0] / idleSeconds, servingIdle[1] / idleSeconds)));
            if (!simulated) {
                serving.post("/v1.0/bench/streaming/jobs/stop", "{\"job_ids\":[1,2,3,4]}", "wait=60");
            }
        } finally {
            postgres.executeIn("postgres", "ALTER SYSTEM RESET log_statement", "ALTER SYSTEM RESET log_line_prefix",
                    "SELECT pg_reload_conf()");
        }
    }

    private static final List<String> idleLines = new ArrayList<>();

    private static double[] perRequest(Map<Long, long[]> during, Map<Long, long[]> idle, long pid, double seconds,
                                       double idleSeconds, int divisor) {
        long[] d = during.getOrDefault(pid, new long[2]);
        long[] i = idle.getOrDefault(pid, new long[2]);
        return new double[]{(d[0] - i[0] * seconds / idleSeconds) / divisor,
                (d[1] - i[1] * seconds / idleSeconds) / divisor};
    }

    /**
     * Statements (and COMMITs among them) PostgreSQL logged from {@code offset} on, by the process of the client: each
     * line names the client's port, and {@code ss} says which process holds that port now (the pools keep their
     * connections).
     */
    private static Map<Long, long[]> statementsByProcess(Path log, long offset) throws Exception {
        Map<Integer, Long> portToPid = new HashMap<>();
        Process ss = new ProcessBuilder("ss", "-tnpH", "dport = :" + postgres.port()).redirectErrorStream(true)
                .start();
        // Java's sockets show as IPv4-mapped IPv6 addresses ([::ffff:127.0.0.1]:port).
        Matcher socket = Pattern.compile("\\S*:(\\d+)\\s+\\S+:\\d+\\s+users:\\(\\(\"[^\"]*\",pid=(\\d+)")
                .matcher(new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        ss.waitFor();
        while (socket.find()) {
            portToPid.put(Integer.parseInt(socket.group(1)), Long.parseLong(socket.group(2)));
        }
        Map<Long, long[]> counts = new HashMap<>();
        byte[] bytes = Files.readAllBytes(log);
        String text = new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
        Matcher statement = Pattern.compile("(?m)^\\S+ \\S+ UTC 127\\.0\\.0\\.1\\((\\d+)\\) \\d+ LOG:  "
                + "(?:execute [^:]*|statement): ?(.*)$").matcher(text);
        while (statement.find()) {
            long pid = portToPid.getOrDefault(Integer.parseInt(statement.group(1)), -1L);
            long[] count = counts.computeIfAbsent(pid, p -> new long[2]);
            count[0]++;
            if (statement.group(2).trim().equals("COMMIT")) {
                count[1]++;
            }
        }
        return counts;
    }

    // ---------------------------------------------------------------- 3. takeover

    private static void takeover(FlinkSessionCluster flink) throws Exception {
        {
            line("");
            line("### 17c. Takeover: three instances on PostgreSQL in front of a Flink session cluster (6 slots, two "
                    + "datagen->blackhole jobs); the holder killed (kill -9) and job 1 cancelled in Flink at once");
            line("");
            line("| lease | round | (a) another instance holds the work, ms | (b) the catalogue says job 1 ended, ms "
                    + "| status then |");
            line("|---|---:|---:|---:|---|");
            Map<Duration, List<long[]>> results = new HashMap<>();
            for (Duration lease : LEASES) {
                String database = "takeover" + lease.toSeconds();
                postgres.executeIn("postgres", "CREATE DATABASE " + database);
                results.put(lease, takeoverRounds(flink, lease, database));
            }
            line("");
            line("| lease | (a) median ms | (a) max ms | lease + lease/3, ms | (b) median ms | (b) max ms |");
            line("|---|---:|---:|---:|---:|---:|");
            for (Duration lease : LEASES) {
                List<long[]> rounds = results.get(lease);
                List<Double> a = rounds.stream().map(r -> (double) r[0]).toList();
                List<Double> b = rounds.stream().map(r -> (double) r[1]).toList();
                line("| %d s | %.0f | %.0f | %d | %.0f | %.0f |", lease.toSeconds(), median(a),
                        a.stream().mapToDouble(d -> d).max().orElseThrow(), lease.toMillis() * 4 / 3, median(b),
                        b.stream().mapToDouble(d -> d).max().orElseThrow());
            }
        }
    }

    private static List<long[]> takeoverRounds(FlinkSessionCluster flink, Duration lease, String database)
            throws Exception {
        String project = "takeover";
        Path jobs = Files.writeString(dir.resolve("takeover-" + lease.toSeconds() + ".json"),
                "[" + sqlJob(project, 1) + ",\n" + sqlJob(project, 2) + "]");
        List<String> flags = List.of("--catalogue=" + postgres.jdbcUrl(database),
                "--catalogue-credentials=" + credentials, "--flink-rest=" + flink.rest(),
                "--lease-time=" + lease.toSeconds() + "s", "--readiness-cache=0s");
        List<Service> instances = new ArrayList<>();
        List<long[]> results = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                instances.add(Service.start("takeover-" + lease.toSeconds() + "-" + i, flags, jobs));
            }
            for (Service each : instances) {
                each.awaitReady();
            }
            HttpResponse<String> ran = instances.get(0).post("/v1.0/" + project + "/streaming/jobs/run",
                    "{\"job_ids\": [1, 2]}", "wait=60");
            check(ran.body().contains("job_running") && !ran.body().contains("job_submitting"),
                    "the jobs did not run: " + ran.body());
            for (int round = 1; round <= ROUNDS; round++) {
                Service holder = awaitHolder(instances, null);
                awaitStatus(database, project, 1, "job_running", Duration.ofSeconds(60));
                String flinkJob = runningFlinkJob(flink, project, 1);
                holder.kill();
                long killed = System.nanoTime();
                HttpResponse<String> cancel = HTTP.send(HttpRequest.newBuilder(flink.rest().resolve("/jobs/"
                                + flinkJob + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers.noBody())
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                check(cancel.statusCode() == 202, "Flink's cancel answered " + cancel.statusCode());
                long tookOver = -1;
                long ended = -1;
                String status = null;
                while ((tookOver < 0 || ended < 0) && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(120)) {
                    if (tookOver < 0) {
                        for (Service each : instances) {
                            if (each != holder && each.holds()) {
                                tookOver = (System.nanoTime() - killed) / 1_000_000;
                            }
                        }
                    }
                    if (ended < 0) {
                        String now = status(database, project, 1);
                        if (!now.equals("job_running")) {
                            ended = (System.nanoTime() - killed) / 1_000_000;
                            status = now;
                        }
                    }
                    Thread.sleep(25);
                }
                check(tookOver >= 0 && ended >= 0, "no takeover within 120 s (lease " + lease + ")");
                results.add(new long[]{tookOver, ended});
                line("| %d s | %d | %d | %d | %s |", lease.toSeconds(), round, tookOver, ended, status);
                System.out.println(OUT.get(OUT.size() - 1));
                holder.restart();
                holder.awaitReady();
                HttpResponse<String> again = instances.get(round % 3).post("/v1.0/" + project
                        + "/streaming/jobs/run", "{\"job_ids\": [1]}", "wait=60");
                check(again.body().contains("job_running"), "job 1 did not run again: " + again.body());
            }
            for (Service each : instances) {
                if (each.alive()) {
                    each.post("/v1.0/" + project + "/streaming/jobs/stop", "{\"job_ids\": [1, 2]}", "wait=60");
                    break;
                }
            }
        } finally {
            for (Service each : instances) {
                each.close();
            }
        }
        return results;
    }

    private static Service awaitHolder(List<Service> instances, Service not) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (Service each : instances) {
                if (each != not && each.holds()) {
                    return each;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no instance came to hold the cluster's work within 90 s");
    }

    private static void awaitStatus(String database, String project, long id, String wanted, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String now;
        while (!(now = status(database, project, id)).equals(wanted)) {
            check(System.nanoTime() < deadline, "job " + id + " is " + now + ", not " + wanted);
            Thread.sleep(100);
        }
    }

    /** The job's status in the catalogue in {@code database}, read from PostgreSQL itself. */
    private static String status(String database, String project, long id) {
        try (Connection connection = postgres.connect(database);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT status FROM jobs WHERE project_id = ? AND job_id = ?")) {
            select.setString(1, project);
            select.setLong(2, id);
            try (ResultSet row = select.executeQuery()) {
                check(row.next(), "no job " + id);
                return row.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runningFlinkJob(FlinkSessionCluster flink, String project, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> overview = HTTP.send(HttpRequest.newBuilder(flink.rest().resolve("/jobs/overview"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            for (JsonNode job : JSON.readTree(overview.body()).get("jobs")) {
                if (job.get("name").asText().startsWith(project + "/" + id + " ")
                        && job.get("state").asText().equals("RUNNING")) {
                    return job.get("jid").asText();
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("Flink runs no job " + project + "/" + id);
    }

    private static String sqlJob(String project, long id) throws IOException {
        String sql = "CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'rows-per-second' = '5');\n"
                + "CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');\n"
                + "INSERT INTO b SELECT a FROM s;";
        return "{\"project_id\": \"" + project + "\", \"job_id\": " + id + ", \"name\": \"job-" + id + "\", "
                + "\"job_type\": \"flink_opensource_sql_job\", \"status\": \"job_init\", \"has_savepoint\": false, "
                + "\"sql_body\": " + JSON.writeValueAsString(sql) + "}";
    }

    // ---------------------------------------------------------------- the service, wrk, figures

    /**
     * The PostgreSQL instance of 17a-17d: started once on a jobs file of one job (the schema made, job 1 the row to
     * copy), stopped, {@link #SERVICE_IDS} and {@link #BARE_IDS} more jobs copied from job 1 in one statement (the
     * change trigger off meanwhile: a notification per seeded row would only fill PostgreSQL's queue), then started
     * again.
     */
    private static Service seededPostgresService(String name) throws Exception {
        List<String> flags = List.of("--engine=simulated", "--launch-delay=10m", "--catalogue=" + postgres.jdbcUrl(),
                "--catalogue-credentials=" + credentials, "--lease-time=3s");
        Path jobs = jobsFile("bench", 1);
        try (Service first = Service.start(name, flags, jobs)) {
            first.awaitReady();
        }
        String columns = BareLoop.COLUMNS;
        String copied = columns.replace("job_id, name,", "g, 'bench-' || g,");
        long total = SERVICE_IDS + BARE_IDS;
        postgres.execute("ALTER TABLE jobs DISABLE TRIGGER jobs_changed",
                "INSERT INTO jobs (" + columns + ") SELECT " + copied + " FROM jobs, generate_series(2, " + total
                        + ") AS g WHERE project_id = 'bench' AND job_id = 1",
                "ALTER TABLE jobs ENABLE TRIGGER jobs_changed",
                "UPDATE project_jobs SET jobs = (SELECT COUNT(*) FROM jobs WHERE project_id = 'bench') "
                        + "WHERE project_id = 'bench'",
                "VACUUM ANALYZE jobs");
        Service service = Service.start(name, flags, jobs);
        service.awaitReady();
        return service;
    }

    private static Path jobsFile(String project, int count) throws IOException {
        StringBuilder jobs = new StringBuilder("[");
        for (int id = 1; id <= count; id++) {
            jobs.append(id == 1 ? "" : ",").append("{\"project_id\":\"").append(project).append("\",\"job_id\":")
                    .append(id).append(",\"name\":\"bench-").append(id).append("\",\"job_type\":\"flink_sql_job\",")
                    .append("\"status\":\"job_init\",\"has_savepoint\":false}");
        }
        return Files.writeString(dir.resolve(project + "-" + count + "-jobs.json"), jobs.append("]").toString());
    }

    record Wrk(long requests, double seconds, double p50Ms, double p99Ms, long errors, long non2xx, long lastId) {
        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private static Wrk wrk(int port, String mode, long from, Duration duration) throws Exception {
        return wrk(port, mode, from, duration, CONNECTIONS);
    }

    private static Wrk wrk(int port, String mode, long from, Duration duration, int connections) throws Exception {
        Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + duration.toSeconds() + "s",
                "-s", LUA.toString(), "http://127.0.0.1:" + port + "/v1.0/bench/streaming/jobs/run", "--",
                String.valueOf(BATCH), mode, String.valueOf(from)).redirectErrorStream(true).start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor();
        Matcher result = RESULT.matcher(output);
        check(result.find(), "wrk printed no result:\n" + output);
        JsonNode r = JSON.readTree(result.group(1));
        Wrk run = new Wrk(r.get("requests").asLong(), r.get("duration_us").asLong() / 1e6,
                r.get("p50_us").asLong() / 1000.0, r.get("p99_us").asLong() / 1000.0, r.get("socket_errors").asLong(),
                r.get("non_2xx").asLong(), r.get("last_id").asLong());
        System.out.printf("wrk %s on %d: %.0f requests/s, p50 %.2f ms, p99 %.2f ms, last id %d%n", mode, port,
                run.requestsPerSecond(), run.p50Ms(), run.p99Ms(), run.lastId());
        return run;
    }

    /** One packaged jar, as an operator starts it, its output in a log file of its own per start. */
    private static final class Service implements AutoCloseable {
        private final String name;
        private final List<String> command;
        private final Path data;
        private Process process;
        private int port;
        private int starts;

        private Service(String name, List<String> command, Path data) {
            this.name = name;
            this.command = command;
            this.data = data;
        }

        static Service start(String name, List<String> flags, Path jobs) throws Exception {
            Path data = dir.resolve(name);
            Files.createDirectories(data);
            List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx768m", "-XX:MaxDirectMemorySize=128m",
                    "-jar", JAR.toString(), "--port=0", "--jobs=" + jobs));
            if (flags.stream().noneMatch(flag -> flag.startsWith("--data-dir="))) {
                command.add("--data-dir=" + data);
            }
            command.addAll(flags);
            Service service = new Service(name, command, data);
            service.restart();
            return service;
        }

        /**
         * Starts the process and returns once it listens. On a loaded machine the service's first catalogue
         * connection can exceed its 3 s timeout, and the service then exits at start (as designed): tried again, up to
         * three times, as a supervisor would.
         */
        void restart() throws Exception {
            for (int attempt = 1; ; attempt++) {
                try {
                    startOnce();
                    return;
                } catch (CatalogueUnreachableAtStart e) {
                    System.out.println(name + ": attempt " + attempt + ": " + e.getMessage());
                    if (attempt == 3) {
                        throw e;
                    }
                }
            }
        }

        private void startOnce() throws Exception {
            Path log = data.resolve("service-" + (++starts) + ".log");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive() && Files.readString(log).contains("cannot be reached")) {
                    throw new CatalogueUnreachableAtStart(name + " ended; its log:\n" + Files.readString(log));
                }
                check(process.isAlive(), name + " ended; its log:\n" + Files.readString(log));
                Matcher listening = LISTENING.matcher(Files.readString(log));
                if (listening.find()) {
                    port = Integer.parseInt(listening.group(1));
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException(name + " did not listen within 120 s; its log: " + log);
        }

        long pid() {
            return process.pid();
        }

        boolean alive() {
            return process.isAlive();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        boolean holds() {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return JSON.readTree(ready.body()).path("holds_cluster_work").asText().equals("true");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        /** Ready and, once the local engine's warm-up rehearsal has run, quiet: it runs in the background at start. */
        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + port + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (ready.statusCode() == 200) {
                        awaitWarmedUp();
                        return;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException(name + " was not ready within 120 s");
        }

        private void awaitWarmedUp() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Path log = data.resolve("service-" + starts + ".log");
            while (System.nanoTime() < deadline && !Files.readString(log).contains("warmed up")) {
                Thread.sleep(200);
            }
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return post(path, body, null);
        }

        HttpResponse<String> post(String path, String body, String prefer) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(90)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (prefer != null) {
                request.header("Prefer", prefer);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    /** The service exited at start because its catalogue could not be reached in time. */
    private static final class CatalogueUnreachableAtStart extends IllegalStateException {
        CatalogueUnreachableAtStart(String message) {
            super(message);
        }
    }

    private static double median(List<Wrk> runs, ToDoubleFunction<Wrk> of) {
        return median(runs.stream().map(of::applyAsDouble).toList());
    }

    private static double min(List<Wrk> runs, ToDoubleFunction<Wrk> of) {
        return runs.stream().mapToDouble(of).min().orElseThrow();
    }

    private static double max(List<Wrk> runs, ToDoubleFunction<Wrk> of) {
        return runs.stream().mapToDouble(of).max().orElseThrow();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String memTotal() throws IOException {
        return Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
    }

    private static void line(String format, Object... args) {
        OUT.add(String.format(Locale.ROOT, format, args));
    }

    private static void check(boolean condition, String otherwise) {
        if (!condition) {
            throw new IllegalStateException(otherwise);
        }
    }
}
