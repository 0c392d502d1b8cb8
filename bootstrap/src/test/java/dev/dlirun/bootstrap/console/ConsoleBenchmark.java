package dev.dlirun.bootstrap.console;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chromium.HasCdp;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's benchmark (issue 30): how long the jobs list takes to be on screen and usable, with 50 jobs and with
 * 100 000 jobs in the project, next to the bare API call that fills it; and how many requests the open console makes
 * while idle, shown and hidden. Not a test: a {@code main} run by hand or as the suite's section {@code console}, never
 * by {@code ./mvnw verify} (its name matches neither surefire's nor failsafe's patterns).
 *
 * <p>The service is the packaged jar ({@link PackagedServer}, {@code --engine=simulated}: jobs are listed, not run).
 * Project {@value #LARGE} gets its 100 000 jobs from a jobs file imported at start (or, with
 * {@code -Dbench.fill=api}, through the API's create, 8 callers at once); project {@value #SMALL} gets its 50 through
 * the API.
 * The browser is {@link ConsoleBrowser} (headless Chromium).
 *
 * <p>Time to list: loads taking turns (small, large; HTTP cache kept, then cleared), each a fresh navigation (to
 * {@code about:blank}, then to {@code <base>/console/#/p/<project>/jobs}), reading the User Timing mark
 * {@code dlirun:jobs-shown} the jobs view sets once the list is on screen and its controls work (ms since the
 * navigation started) and the Resource Timing entry of the page's own list call. Before each load, the bare call:
 * {@code curl} in a process of its own, the same request ({@code GET /v1.0/<project>/streaming/jobs?order=desc&limit=10
 * &offset=0}), its {@code time_total}. Before each of them one job of the project is changed (not timed), so that no
 * list comes from H2's cache of query results, as on a busy service.
 *
 * <p>Idle requests: the service's access log (one line per request) counted over 60 s ({@code bench.idleSeconds}) with the
 * list open, with a job's detail open, and then with each hidden behind a second tab (the page's own log of
 * {@code visibilitychange} proves it hidden throughout); then a running job's detail, shown and hidden, on a second jar
 * on the Flink engine (the simulated engine has no rates or checkpoints to show).
 *
 * <p>Run from {@code bootstrap/} after {@code ./mvnw install -DskipTests} (the jar) and
 * {@code dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt}:
 * {@code java -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) dev.dlirun.bootstrap.console.ConsoleBenchmark}
 * (about 9 minutes), or as the suite's section: {@code BENCH_OPTS=-Dbench.sections=console bash .ci/bench}.
 * Properties: {@code bench.loads} (measured loads per case, 21), {@code bench.warmUps} (3), {@code bench.jobs}
 * (100000), {@code bench.fill} ({@code file} or {@code api}), {@code bench.clients} (API callers, 8),
 * {@code bench.idleSeconds} (60), {@code bench.idle} and {@code bench.flink} ({@code false} leaves out the idle counts,
 * or the Flink engine's part), {@code dlirun.jar}. Prints its report, Markdown, after the line {@value #REPORT}; shows
 * its rows on stderr as they come. Results and their history: {@code bootstrap/benchmarks.md}, section 14.
 */
public final class ConsoleBenchmark {

    /** The line after which the benchmark prints its report (the suite copies what follows). */
    public static final String REPORT = "--- report ---";
    static final String SMALL = "bench-small";
    static final String LARGE = "bench-large";
    private static final int SMALL_JOBS = 50;
    private static final int LARGE_JOBS = Integer.getInteger("bench.jobs", 100_000);
    private static final int LOADS = Integer.getInteger("bench.loads", 21);
    private static final int WARM_UPS = Integer.getInteger("bench.warmUps", 3);
    private static final int IDLE_SECONDS = Integer.getInteger("bench.idleSeconds", 60);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 8);
    private static final String FILL = System.getProperty("bench.fill", "file");
    private static final String[] STATUSES = {"job_init", "job_cancel_success", "job_finish", "job_submit_fail"};
    /** An access log line: {@code ... dlirun.access ... - GET /path 200 3ms jobs=0}. */
    private static final Pattern ACCESS = Pattern.compile("dlirun\\.access.* - ([A-Z]+) (\\S+) (\\d{3}) (\\d+)ms");
    /** What the job detail page's calls answer on the simulated engine (no planner, no Flink run): 400 DLI.0007. */
    private static final String SIMULATED_REFUSALS =
            "/(gen-graph|checkpoints|execute-graph|exceptions) - Failed to load resource: the server responded with "
                    + "a status of 400";

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final PackagedServer server;
    private final ConsoleBrowser browser;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final AtomicInteger touches = new AtomicInteger();

    private ConsoleBenchmark(PackagedServer server, ConsoleBrowser browser) {
        this.server = server;
        this.browser = browser;
    }

    public static void main(String[] args) throws Exception {
        List<String> missing = BrowserBinaries.configured().missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("no browser: " + String.join(", ", missing));
        }
        Path dir = Files.createTempDirectory("dlirun-console-bench");
        List<String> flags = new ArrayList<>(List.of("--engine=simulated"));
        List<String> fills = new ArrayList<>();
        if (FILL.equals("file")) {
            long written = System.nanoTime();
            Path file = jobsFile(dir.resolve("jobs.json"));
            fills.add(String.format(Locale.ROOT, "fill: %d jobs of %s written to a jobs file (%.1f MB) in %d ms",
                    LARGE_JOBS, LARGE, Files.size(file) / 1e6, millisSince(written)));
            flags.add("--jobs=" + file);
        }
        long starting = System.nanoTime();
        try (PackagedServer server = PackagedServer.start(flags.toArray(String[]::new));
             ConsoleBrowser browser = ConsoleBrowser.create()) {
            fills.add(String.format(Locale.ROOT, "fill: the server listened %d ms after its start%s", millisSince(starting),
                    FILL.equals("file") ? " (jobs file imported before it listens)" : " (empty catalogue)"));
            ConsoleBenchmark bench = new ConsoleBenchmark(server, browser);
            fills.add(bench.createThroughApi(SMALL, SMALL_JOBS));
            if (FILL.equals("api")) {
                fills.add(bench.createThroughApi(LARGE, LARGE_JOBS));
            }
            bench.expectCount(SMALL, SMALL_JOBS);
            bench.expectCount(LARGE, LARGE_JOBS);
            fills.forEach(line -> System.err.println("[console-bench] " + line));
            browser.start();
            bench.timeToList();
            if (Boolean.parseBoolean(System.getProperty("bench.idle", "true"))) {
                bench.idleRequests();
                if (Boolean.parseBoolean(System.getProperty("bench.flink", "true"))) {
                    bench.runningDetail();
                }
            }
            System.out.println(REPORT);
            fills.forEach(line -> System.out.println("- " + line));
            bench.notes.forEach(line -> System.out.println("- " + line));
            System.out.println();
            bench.rows.forEach(System.out::println);
        } finally {
            deleteQuietly(dir);
        }
    }

    // ------------------------------------------------------------------------------------------------ the fill

    /** 100 000 jobs of {@link #LARGE} as the README's jobs file has them: SQL drafts in four statuses that never run. */
    private static Path jobsFile(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[");
            for (int i = 1; i <= LARGE_JOBS; i++) {
                out.write((i > 1 ? ",\n" : "") + "{\"project_id\": \"" + LARGE + "\", \"job_id\": " + i
                        + ", \"name\": \"large-" + i + "\", \"job_type\": \"flink_opensource_sql_job\", \"status\": \""
                        + STATUSES[i % STATUSES.length] + "\", \"has_savepoint\": false, \"sql_body\": \"SELECT 1\"}");
            }
            out.write("]");
        }
        return file;
    }

    /** Creates {@code count} SQL jobs in {@code project} through the API, {@link #CLIENTS} callers at once. */
    private String createThroughApi(String project, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService callers = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                done.add(callers.submit(() -> {
                    for (int i = next.incrementAndGet(); i <= count; i = next.incrementAndGet()) {
                        HttpResponse<String> answer = send("POST", "/v1.0/" + project + "/streaming/sql-jobs",
                                "{\"name\": \"" + project + "-" + i + "\", \"queue_name\": \"q" + (i % 4) + "\", "
                                        + "\"sql_body\": \"SELECT " + i + "\"}");
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("create " + i + ": " + answer.statusCode() + " "
                                    + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> caller : done) {
                caller.get();
            }
        } finally {
            callers.shutdownNow();
        }
        long millis = millisSince(started);
        return String.format(Locale.ROOT, "fill: %d jobs of %s created through the API by %d callers in %d ms "
                + "(%.0f creates/s)", count, project, CLIENTS, millis, count * 1000.0 / Math.max(1, millis));
    }

    private void expectCount(String project, int count) throws Exception {
        String body = send("GET", listPath(project), null).body();
        if (!body.contains("\"total_count\":" + count + ",") && !body.contains("\"total_count\":" + count + "}")) {
            throw new IllegalStateException(project + " should hold " + count + " jobs: " + body.substring(0,
                    Math.min(300, body.length())));
        }
    }

    // ------------------------------------------------------------------------------------------ time to list

    /** One page load's figures, ms since the navigation started (the list call's duration: its own). */
    private record Load(double shown, double listStart, double listDuration, double listEnd, double bare,
                        double transferred, double html, double modules, double projectsEnd) {
    }

    private void timeToList() throws Exception {
        String[][] cases = {{SMALL, "kept"}, {LARGE, "kept"}, {SMALL, "cleared"}, {LARGE, "cleared"}};
        Map<String, List<Load>> loads = new TreeMap<>();
        List<Double> floor = new ArrayList<>();
        // A page without a <link rel="icon"> (the floor's JSON answer) makes Chromium ask for /favicon.ico: 404.
        browser.tolerate("/favicon\\.ico - Failed to load resource: the server responded with a status of 404");
        for (int round = -WARM_UPS; round < LOADS; round++) {
            double navigation = bareNavigation();
            if (round >= 0) {
                floor.add(navigation);
            }
            for (String[] c : cases) {
                Load load = load(c[0], c[1].equals("cleared"));
                if (round >= 0) {
                    loads.computeIfAbsent(c[0] + "/" + c[1], k -> new ArrayList<>()).add(load);
                }
            }
        }
        browser.assertNoConsoleErrors();
        notes.add(String.format(Locale.ROOT, "loads=%d measured per case after %d warm-up rounds, taking turns", LOADS,
                WARM_UPS));
        row("| jobs in the project | HTTP cache | page shown, p50 / p90 ms | its list call, p50 / p90 ms "
                + "| bare call (curl), p50 / p90 ms | page adds (p50 shown - p50 bare), ms | shown / bare "
                + "| list call starts at, p50 ms | drawn after the answer, p50 ms |");
        row("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (String[] c : cases) {
            List<Load> measured = loads.get(c[0] + "/" + c[1]);
            double shown = median(measured, Load::shown);
            double bare = median(measured, Load::bare);
            row(String.format(Locale.ROOT, "| %s | %s | %.0f / %.0f | %.1f / %.1f | %.1f / %.1f | %.0f | %.1f "
                            + "| %.0f | %.1f |",
                    c[0].equals(SMALL) ? "50" : String.format(Locale.ROOT, "%,d", LARGE_JOBS).replace(',', ' '),
                    c[1].equals("kept") ? "kept (files revalidated)" : "cleared before each load",
                    shown, p90(measured, Load::shown), median(measured, Load::listDuration),
                    p90(measured, Load::listDuration), bare, p90(measured, Load::bare), shown - bare, shown / bare,
                    median(measured, Load::listStart), median(measured, load -> load.shown() - load.listEnd())));
        }
        row("");
        row("| where the time goes (p50, ms since the navigation started) | HTML answered | modules run "
                + "(DOMContentLoaded) | projects call answered | list call starts | list call answered | shown |");
        row("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] c : cases) {
            List<Load> measured = loads.get(c[0] + "/" + c[1]);
            row(String.format(Locale.ROOT, "| %s jobs, HTTP cache %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |",
                    c[0].equals(SMALL) ? "50" : String.format(Locale.ROOT, "%,d", LARGE_JOBS).replace(',', ' '),
                    c[1], median(measured, Load::html), median(measured, Load::modules),
                    median(measured, Load::projectsEnd), median(measured, Load::listStart),
                    median(measured, Load::listEnd), median(measured, Load::shown)));
        }
        row(String.format(Locale.ROOT, "| the browser's floor: a navigation to `/health/live` (a JSON answer, no "
                + "script), to its load event: p50 %.1f, p90 %.1f | | | | | | |", median(floor, x -> x),
                p90(floor, x -> x)));
        for (String[] c : cases) {
            List<Load> measured = loads.get(c[0] + "/" + c[1]);
            notes.add("samples " + c[0] + "/" + c[1] + " shown: " + samples(measured, Load::shown) + "; bare: "
                    + samples(measured, Load::bare) + "; list call: " + samples(measured, Load::listDuration)
                    + "; bytes over the wire, p50: " + median(measured, Load::transferred));
        }
        serverTimes();
    }

    /** One cold load of the jobs list of {@code project}, after the bare call (both after a change of one job). */
    private Load load(String project, boolean clearCache) throws Exception {
        WebDriver driver = browser.driver();
        touch(project);
        double bare = curl(project);
        driver.get("about:blank");
        if (clearCache) {
            ((HasCdp) driver).executeCdpCommand("Network.clearBrowserCache", Map.of());
        }
        touch(project);
        driver.get(server.baseUrl() + "/console/#/p/" + project + "/jobs");
        browser.waitFor(Duration.ofSeconds(30), d -> (Boolean) js(d,
                "return performance.getEntriesByName('dlirun:jobs-shown').length > 0"), "the jobs-shown mark");
        @SuppressWarnings("unchecked")
        Map<String, Object> figures = (Map<String, Object>) js(driver, """
                const shown = performance.getEntriesByName('dlirun:jobs-shown')[0];
                const list = performance.getEntriesByType('resource').filter((e) => e.name.includes('/streaming/jobs?'))[0];
                const nav = performance.getEntriesByType('navigation')[0];
                const projects = performance.getEntriesByType('resource').filter((e) => e.name.includes('/v3/auth/projects'))[0];
                return {shown: shown.startTime, listStart: list.startTime, listDuration: list.duration,
                        html: nav.responseEnd, modules: nav.domContentLoadedEventEnd, projectsEnd: projects.responseEnd,
                        listEnd: list.responseEnd, url: list.name,
                        transferred: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                            .reduce((n, e) => n + e.transferSize, 0),
                        rows: document.querySelectorAll('#jobs tbody tr[data-job-id]').length,
                        caption: document.querySelector('#jobs caption').textContent};""");
        String caption = String.valueOf(figures.get("caption"));
        int expected = project.equals(SMALL) ? SMALL_JOBS : LARGE_JOBS;
        if (((Number) figures.get("rows")).intValue() != 10 || !caption.contains(": " + expected + " in all")
                || !String.valueOf(figures.get("url")).endsWith(listPath(project))) {
            throw new IllegalStateException("the page did not show the list it should: " + figures);
        }
        driver.get("about:blank");
        return new Load(number(figures, "shown"), number(figures, "listStart"), number(figures, "listDuration"),
                number(figures, "listEnd"), bare, number(figures, "transferred"), number(figures, "html"),
                number(figures, "modules"), number(figures, "projectsEnd"));
    }

    /** The browser's floor: a fresh navigation to a page of the same server with no script, to its load event, ms. */
    private double bareNavigation() {
        WebDriver driver = browser.driver();
        driver.get("about:blank");
        driver.get(server.baseUrl() + "/health/live");
        double loaded = browser.waitFor(Duration.ofSeconds(30), d -> {
            Number end = (Number) js(d, "const n = performance.getEntriesByType('navigation')[0];"
                    + " return n && n.loadEventEnd > 0 ? n.loadEventEnd : null");
            return end == null ? null : end.doubleValue();
        }, "the load event of /health/live");
        driver.get("about:blank");
        return loaded;
    }

    /** The bare call, from a process of its own: curl's {@code time_total}, ms. */
    private double curl(String project) throws Exception {
        Process curl = new ProcessBuilder("curl", "-s", "-o", "/dev/null", "-H", "Accept: application/json", "-w",
                "%{http_code} %{time_total}", server.baseUrl() + listPath(project)).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (curl.waitFor() != 0 || !out.startsWith("200 ")) {
            throw new IllegalStateException("curl: " + out);
        }
        return Double.parseDouble(out.substring(4)) * 1000;
    }

    /** Changes one job of the project (its description), so that the next list is not answered from H2's cache. */
    private void touch(String project) throws Exception {
        String id = project.equals(LARGE) && FILL.equals("file") ? "1" : firstId(project);
        HttpResponse<String> answer = send("PUT", "/v1.0/" + project + "/streaming/sql-jobs/" + id,
                "{\"desc\": \"touched " + touches.incrementAndGet() + "\"}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("touch: " + answer.statusCode() + " " + answer.body());
        }
    }

    private final Map<String, String> firstIds = new TreeMap<>();

    private String firstId(String project) throws Exception {
        if (!firstIds.containsKey(project)) {
            String body = send("GET", "/v1.0/" + project + "/streaming/jobs?order=asc&limit=1", null).body();
            Matcher id = Pattern.compile("\"job_id\":(\\d+)").matcher(body);
            if (!id.find()) {
                throw new IllegalStateException("no job in " + project + ": " + body);
            }
            firstIds.put(project, id.group(1));
        }
        return firstIds.get(project);
    }

    /** The server's own time for the list calls of the run (the access log, whole ms): the page's and curl's. */
    private void serverTimes() {
        for (String project : List.of(SMALL, LARGE)) {
            List<Double> millis = new ArrayList<>();
            for (String line : server.output()) {
                Matcher access = ACCESS.matcher(line);
                if (access.find() && access.group(1).equals("GET")
                        && access.group(2).equals("/v1.0/" + project + "/streaming/jobs")) {
                    millis.add(Double.parseDouble(access.group(4)));
                }
            }
            notes.add(String.format(Locale.ROOT, "server's own time for the list calls of %s (access log, whole ms, "
                    + "%d calls): p50 %.0f, p90 %.0f, max %.0f", project, millis.size(), median(millis, x -> x),
                    p90(millis, x -> x), Collections.max(millis)));
        }
    }

    // ----------------------------------------------------------------------------------------- idle requests

    private void idleRequests() throws Exception {
        String draft = create(SMALL, "idle-detail");
        row("");
        row(IDLE_HEADER);
        row("|---|---:|---:|---|---|");
        String listUrl = server.baseUrl() + "/console/#/p/" + SMALL + "/jobs";
        String detailUrl = server.baseUrl() + "/console/#/p/" + SMALL + "/jobs/" + draft;
        // The detail's first look asks for the job's graph (gen-graph), which the simulated engine refuses (no planner).
        browser.tolerate(SIMULATED_REFUSALS);
        idle(server, "jobs list (50 jobs), shown", listUrl, false);
        idle(server, "a job's detail (a draft, never run), shown", detailUrl, false);
        idle(server, "jobs list, hidden behind a second tab", listUrl, true);
        idle(server, "a job's detail (a draft), hidden behind a second tab", detailUrl, true);
        browser.driver().get("about:blank");
        browser.assertNoConsoleErrors();
    }

    private static final String IDLE_HEADER = "| the open console, idle for " + IDLE_SECONDS + " s "
            + "| requests to the service | per minute | what it asked | the tab's visibilityState |";

    /** Counts the requests {@code on} gets in {@link #IDLE_SECONDS} s from the page at {@code url}, shown or hidden. */
    private void idle(PackagedServer on, String what, String url, boolean hidden) throws Exception {
        WebDriver driver = browser.driver();
        driver.get("about:blank");
        driver.get(url);
        browser.waitFor(Duration.ofSeconds(30), d -> (Boolean) js(d,
                "return document.querySelector('main h1') !== null && !document.querySelector('[aria-busy=true]')"
                        + " && document.getElementById('alert').hidden"), "the page drawn");
        // What the page does once when it opens (the detail's first look: graph, savepoints, log) is not idling.
        Thread.sleep(3000);
        String first = driver.getWindowHandle();
        if (hidden) {
            // The page logs its own visibility changes: the proof that it was hidden while the requests were counted.
            js(driver, "window.visibilityLog = []; document.addEventListener('visibilitychange', () => "
                    + "window.visibilityLog.push([Math.round(performance.now()), document.visibilityState]));");
            driver.switchTo().newWindow(WindowType.TAB);
            Thread.sleep(500);
        }
        int from = on.output().size();
        long started = System.nanoTime();
        Thread.sleep(IDLE_SECONDS * 1000L);
        List<String> lines = on.output();
        long millis = millisSince(started);
        String visibility;
        if (hidden) {
            driver.close();
            driver.switchTo().window(first);
            String log = String.valueOf(js(driver, "return JSON.stringify(window.visibilityLog)"));
            // Hidden once, before the count began, and visible again only when switched back to (after it).
            if (!log.matches("\\[\\[\\d+,\"hidden\"\\](,\\[\\d+,\"visible\"\\])?\\]")) {
                throw new IllegalStateException("the first tab was not hidden throughout the count: " + log);
            }
            // Shown again, it asks at once rather than at its next tick.
            Thread.sleep(1500);
            long again = on.output().subList(lines.size(), on.output().size()).stream()
                    .filter(line -> ACCESS.matcher(line).find()).count();
            visibility = "hidden during the count (the page's own log of visibilitychange, ms: " + log
                    + ", the last being the switch back, after which it made " + again + " request(s) within 1.5 s)";
        } else {
            visibility = String.valueOf(js(driver, "return document.visibilityState"));
        }
        Map<String, Integer> asked = new TreeMap<>();
        int count = 0;
        for (String line : lines.subList(from, lines.size())) {
            Matcher access = ACCESS.matcher(line);
            if (access.find() && !access.group(2).equals("/metrics")) {
                count++;
                asked.merge(access.group(1) + " " + access.group(2).replaceAll("/\\d+(/|$)", "/{id}$1")
                        + " " + access.group(3), 1, Integer::sum);
            }
        }
        row(String.format(Locale.ROOT, "| %s | %d | %.1f | %s | %s |", what, count, count * 60_000.0 / millis,
                asked.isEmpty() ? "nothing" : asked.toString().replaceAll("[{}]", "").replace("|", "\\|"),
                visibility));
        driver.get("about:blank");
    }

    /**
     * A running job's detail, the busiest view (it also samples the job's rates and, every third look, its checkpoints),
     * shown and hidden: on a second server on the Flink engine (the local cluster), as the simulated engine has no
     * rates or checkpoints to show.
     */
    private void runningDetail() throws Exception {
        long started = System.nanoTime();
        try (PackagedServer flink = PackagedServer.start()) {
            awaitReady(flink);
            notes.add("the Flink engine's server ready " + millisSince(started) + " ms after its start");
            String job = create(flink, SMALL, "idle-running", RUNNING_SQL, true);
            HttpResponse<String> run = send(flink, "POST", "/v1.0/" + SMALL + "/streaming/jobs/run",
                    "{\"job_ids\": [" + job + "]}", Map.of("Prefer", "wait=120"));
            if (run.statusCode() != 200 || !run.body().contains("job_running")) {
                throw new IllegalStateException("the job did not run: " + run.statusCode() + " " + run.body());
            }
            String url = flink.baseUrl() + "/console/#/p/" + SMALL + "/jobs/" + job;
            idle(flink, "a running job's detail (Flink engine), shown", url, false);
            idle(flink, "a running job's detail (Flink engine), hidden behind a second tab", url, true);
            browser.driver().get("about:blank");
            browser.assertNoConsoleErrors();
        }
    }

    /** datagen at 10 rows/s into a blackhole, checkpointed: a job with rates and checkpoints to show. */
    private static final String RUNNING_SQL = "CREATE TABLE src (k INT, v STRING) WITH ('connector' = 'datagen', "
            + "'rows-per-second' = '10', 'fields.k.min' = '1', 'fields.k.max' = '100'); "
            + "CREATE TABLE out_t (k INT, n BIGINT) WITH ('connector' = 'blackhole'); "
            + "INSERT INTO out_t SELECT k, COUNT(*) FROM src GROUP BY k";

    private void awaitReady(PackagedServer on) throws Exception {
        long giveUp = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < giveUp) {
            if (send(on, "GET", "/health/ready", null, Map.of()).statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Flink engine's server was not ready within 3 minutes");
    }

    private String create(String project, String name) throws Exception {
        return create(server, project, name, "SELECT 1", false);
    }

    private String create(PackagedServer on, String project, String name, String sql, boolean checkpoints)
            throws Exception {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("name", name, "sql_body", sql));
        if (checkpoints) {
            body.put("checkpoint_enabled", true);
            body.put("checkpoint_interval", 5);
        }
        HttpResponse<String> answer = send(on, "POST", "/v1.0/" + project + "/streaming/sql-jobs",
                JSON.writeValueAsString(body), Map.of());
        Matcher id = Pattern.compile("\"job_id\":(\\d+)").matcher(answer.body());
        if (answer.statusCode() != 200 || !id.find()) {
            throw new IllegalStateException("create " + name + ": " + answer.body());
        }
        return id.group(1);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static String listPath(String project) {
        return "/v1.0/" + project + "/streaming/jobs?order=desc&limit=10&offset=0";
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(server, method, path, body, Map.of());
    }

    private HttpResponse<String> send(PackagedServer to, String method, String path, String body,
                                      Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(to.baseUrl() + path))
                .timeout(Duration.ofSeconds(180)).header("Accept", "application/json");
        headers.forEach(request::header);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A row of the report: kept for the end, and shown at once on stderr to follow the run. */
    private void row(String text) {
        rows.add(text);
        System.err.println("[console-bench] " + text);
    }

    private static Object js(WebDriver driver, String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static double number(Map<String, Object> figures, String name) {
        return ((Number) figures.get(name)).doubleValue();
    }

    private static <T> double median(List<T> samples, java.util.function.ToDoubleFunction<T> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The 90th percentile, nearest rank. */
    private static <T> double p90(List<T> samples, java.util.function.ToDoubleFunction<T> value) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        return sorted[(int) Math.ceil(0.9 * sorted.length) - 1];
    }

    private static <T> String samples(List<T> samples, java.util.function.ToDoubleFunction<T> value) {
        return samples.stream().mapToDouble(value).mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).toList()
                .toString();
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static void deleteQuietly(Path dir) {
        try {
            dev.dlirun.bootstrap.ScratchDirectory.delete(dir);
        } catch (IOException | RuntimeException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
