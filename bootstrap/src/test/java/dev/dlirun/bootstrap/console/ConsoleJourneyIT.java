package dev.dlirun.bootstrap.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dlirun.api.signing.SdkHmacSha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.dlirun.bootstrap.console.ConsolePage.button;
import static dev.dlirun.bootstrap.console.ConsolePage.link;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser against the packaged server with its embedded Flink cluster, callers signing in with
 * tokens: a job written, checked, run, stopped with a savepoint and resumed from it in the console, its counts
 * continuing in its output; a failing job's root cause and history; a batch start's outcomes; another project's job
 * out of sight; the page carrying on across a restart of the service. After each test the browser's console must hold
 * no error; each page is checked with axe-core and photographed under {@code target/console-screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleJourneyIT {

    @RegisterExtension
    static final ConsoleBrowser browser = ConsoleBrowser.create();

    private static final String ALPHA_TOKEN = "alpha-token-for-the-console";
    private static final String BETA_TOKEN = "beta-token-for-the-console";
    private static final Duration FLINK = Duration.ofSeconds(150);
    /** The browser's own line for a call the service answered 4xx: expected where a test provokes a refusal. */
    private static final String REFUSED_CALL = "Failed to load resource: the server responded with a status of 4";

    /** The job written in the console: counts per user, resumable, its output read back. */
    private static final String SQL_WITH_A_MISTAKE = """
            CREATE TABLE clicks (
              user_id INT,
              ts AS PROCTIME()
            ) WITH (
              'connector' = 'datagen',
              'rows-per-second' = '10',
              'fields.user_id.min' = '1',
              'fields.user_id.max' = '3'
            );
            CREATE TABLE counts (user_id INT, clicks BIGINT) WITH (
              'connector' = 'filesystem',
              'path' = 'output/console-counts',
              'format' = 'json',
              'sink.rolling-policy.rollover-interval' = '2 s',
              'sink.rolling-policy.check-interval' = '1 s'
            );
            INSERT INTO counts
            SELECT user_idd, COUNT(*) OVER (
              PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            FROM clicks;""";
    /** Where the mistake is (1-based): the column that does not exist. */
    private static final int MISTAKE_LINE = 18;
    private static final int MISTAKE_COLUMN = 8;
    private static final Pattern COUNT = Pattern.compile("\\{\"user_id\":(\\d+),\"clicks\":(\\d+)}");

    private static PackagedServer server;
    private static ServiceCalls alpha;
    private static ConsolePage console;
    private static long betaJob;
    private static long countsJob;

    @BeforeAll
    static void startTheServer() throws IOException {
        Path tokens = Files.createTempFile("console-tokens", ".json");
        Files.writeString(tokens, "[{\"token_sha256\": \"" + SdkHmacSha256.sha256Hex(ALPHA_TOKEN)
                + "\", \"projects\": [\"alpha\"]}, {\"token_sha256\": \"" + SdkHmacSha256.sha256Hex(BETA_TOKEN)
                + "\", \"projects\": [\"beta\"]}]");
        server = PackagedServer.start("--auth=token", "--tokens=" + tokens);
        alpha = new ServiceCalls(server, ALPHA_TOKEN);
        betaJob = new ServiceCalls(server, BETA_TOKEN).createSqlJob("beta", "beta-secret",
                "CREATE TABLE s (n INT) WITH ('connector' = 'datagen');", Map.of());
        console = new ConsolePage(browser, server.baseUrl());
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    private static void signedIn(String fragment) {
        console.open(fragment);
        console.signInWithToken(ALPHA_TOKEN);
    }

    @Test
    @Order(1)
    void aWrongTokenShowsDli0013AndNothingElse() {
        browser.tolerate(REFUSED_CALL + "01");
        console.open("");
        browser.waitForVisible(ConsolePage.SOON, By.id("token"));
        browser.screenshot("sign-in-token");
        browser.assertAccessible("sign-in-token");

        console.signInWithToken("not-" + ALPHA_TOKEN);

        WebElement error = browser.waitForVisible(ConsolePage.SOON, By.id("sign-in-error"));
        assertThat(error.getText()).startsWith("DLI.0013: ");
        assertThat(browser.driver().findElements(By.id("jobs"))).as("no jobs shown").isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#nav a, #nav select"))).as("no project offered").isEmpty();
        assertThat(browser.driver().findElement(By.id("token")).isDisplayed()).isTrue();
        browser.screenshot("sign-in-token-refused");
    }

    @Test
    @Order(2)
    void aJobWrittenWithAMistakeIsMarkedWhereItIsAndOnceFixedRunsWhenFlinkRunsAllItsTasks() throws Exception {
        signedIn("");
        console.awaitJobsList();
        assertThat(browser.driver().findElements(By.cssSelector("#project option"))).extracting(WebElement::getText)
                .as("the projects the token may use, and only those").containsExactly("alpha");
        console.click(link("New SQL job"));
        browser.waitForVisible(ConsolePage.SOON, By.id("name")).sendKeys("console-counts");
        WebElement interval = browser.driver().findElement(By.id("checkpoint-interval"));
        interval.clear();
        interval.sendKeys("2");
        browser.driver().findElement(By.id("sql")).sendKeys(SQL_WITH_A_MISTAKE);

        console.click(By.id("check"));

        WebElement editor = browser.waitFor(FLINK, d -> {
            WebElement e = d.findElement(By.cssSelector(".editor"));
            return e.getAttribute("data-error-line") != null ? e : null;
        }, "the mistake marked in the editor");
        assertThat(editor.getAttribute("data-error-line")).isEqualTo(String.valueOf(MISTAKE_LINE));
        assertThat(editor.getAttribute("data-error-column")).isEqualTo(String.valueOf(MISTAKE_COLUMN));
        assertThat(browser.driver().findElement(By.cssSelector(".editor-gutter span.error")).getText())
                .isEqualTo(String.valueOf(MISTAKE_LINE));
        assertThat(browser.driver().findElement(By.id("sql")).getAttribute("aria-invalid")).isEqualTo("true");
        String shown = browser.driver().findElement(By.id("check-result")).getText();
        assertThat(shown).startsWith("DLI.16101: ").contains("Column 'user_idd' not found");
        // The caret is put where Flink says the mistake is: on the unknown column.
        Number caret = (Number) console.script("return document.getElementById('sql').selectionStart");
        assertThat(SQL_WITH_A_MISTAKE.substring(caret.intValue())).startsWith("user_idd, COUNT(*)");
        countsJob = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/jobs/(\\d+)/edit$", "$1"));
        browser.screenshot("job-editor-mistake");
        browser.assertAccessible("job-editor-mistake");

        WebElement sql = browser.driver().findElement(By.id("sql"));
        sql.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        sql.sendKeys(SQL_WITH_A_MISTAKE.replace("user_idd", "user_id"));
        console.click(By.id("check"));
        browser.waitFor(FLINK, d -> d.findElement(By.id("check-result")).getText().startsWith("Check passed"),
                "the fixed SQL to pass its check");
        assertThat(browser.driver().findElements(By.cssSelector("#check-graph svg[role=img]"))).hasSize(1);
        assertThat(browser.driver().findElement(By.cssSelector(".editor")).getAttribute("data-error-line")).isNull();
        browser.screenshot("job-editor-checked");

        console.click(By.id("save"));
        browser.waitFor(ConsolePage.SOON, d -> d.getCurrentUrl().endsWith("/jobs/" + countsJob), "the job's page");
        console.awaitJobStatus("job_init", ConsolePage.SOON);
        console.click(By.id("start-job"));
        console.click(link("← All jobs"));
        console.awaitJobsList();

        List<String> seen = new ArrayList<>();
        browser.waitFor(FLINK, d -> {
            String status = console.rowStatus(countsJob);
            if (status != null && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status))) {
                seen.add(status);
            }
            return "job_running".equals(status);
        }, "job " + countsJob + "'s row to turn job_running");
        // Flink's own record of the run: each of its tasks switched to RUNNING before the row said so.
        Set<String> running = tasksSwitchedToRunning(countsJob);
        int tasks = taskCount(countsJob);
        assertThat(running).as("tasks Flink reports running when the row turned job_running").hasSize(tasks);
        assertThat(seen).as("what the row showed before").doesNotContain("job_submit_fail", "job_running_exception")
                .last().isEqualTo("job_running");
        browser.screenshot("jobs-list");
        browser.assertAccessible("jobs-list");
        browser.narrow();
        browser.screenshot("jobs-list-narrow");
        browser.assertAccessible("jobs-list-narrow");
    }

    @Test
    @Order(3)
    void stoppedWithASavepointAndStartedFromItTheJobsCountsContinue() throws Exception {
        signedIn("#/p/alpha/jobs/" + countsJob);
        console.awaitJobStatus("job_running", ConsolePage.SOON);
        Path output = server.dataDir().resolve("projects/alpha/output/console-counts");
        browser.waitFor(FLINK, d -> !committed(output).isEmpty(), "the job's first committed output");
        // The chart has points and the graph is drawn.
        browser.waitFor(ConsolePage.SOON, d -> d.findElements(By.cssSelector("#rates-chart svg[role=img]")).size() == 1,
                "the rates chart");
        browser.waitFor(FLINK, d -> d.findElements(By.cssSelector("#graph-body svg[role=img]")).size() == 1,
                "the operator graph");
        browser.screenshot("job-running");
        browser.assertAccessible("job-running");

        console.click(By.id("job-stop-savepoint"));
        console.click(By.id("stop-job"));
        console.awaitJobStatus("job_cancel_success", FLINK);
        WebElement savepoint = browser.waitForVisible(ConsolePage.SOON, By.cssSelector("#savepoints-body tbody tr"));
        assertThat(savepoint.getText()).contains("stop").contains("current");
        JsonNode stopped = alpha.detail("alpha", countsJob);
        assertThat(stopped.path("has_savepoint").asBoolean()).isTrue();
        assertThat(savepoint.getText()).contains(stopped.path("savepoint_path").asText());
        Map<Integer, List<Long>> before = countsByUser(committed(output));
        assertThat(before).isNotEmpty();
        browser.screenshot("job-stopped-with-savepoint");

        console.click(By.id("job-resume"));
        console.click(By.id("start-job"));
        console.awaitJobStatus("job_running", FLINK);
        browser.waitFor(FLINK, d -> before.keySet().stream().allMatch(user -> highest(countsByUser(committed(output))
                .get(user)) > highest(before.get(user))), "every user's count beyond its count at the stop");

        // Each user's counts, over both runs, are 1, 2, 3 ... once each: the resumed run went on from the savepoint's
        // counts. A fresh start would have counted from 1 again.
        countsByUser(committed(output)).forEach((user, counts) -> assertThat(counts)
                .as("user " + user + "'s counts over both runs").containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, counts.size()).boxed().toList()));
    }

    @Test
    @Order(4)
    void aFailingJobShowsItsRootCauseAndExceptionHistory() {
        long failing = alpha.createSqlJob("alpha", "console-bad-cast", """
                CREATE TABLE numbers (n STRING) WITH ('connector' = 'datagen', 'rows-per-second' = '5',
                  'fields.n.length' = '4');
                CREATE TABLE sink (n INT) WITH ('connector' = 'blackhole');
                INSERT INTO sink SELECT CAST(n AS INT) FROM numbers;""", Map.of());
        alpha.run("alpha", failing);
        signedIn("#/p/alpha/jobs/" + failing);

        console.awaitJobStatus("job_running_exception", FLINK);
        WebElement why = browser.waitFor(ConsolePage.SOON, d -> {
            WebElement e = d.findElement(By.id("status-desc"));
            return e.getText().contains("NumberFormatException") ? e : null;
        }, "the root cause in the job's status");
        assertThat(why.getText()).startsWith("Why: ");
        // The page re-renders these parts as it polls: each element is read within the wait, which reads again when
        // a re-render replaced the element between finding and reading it.
        List<String> history = browser.waitFor(ConsolePage.SOON, d -> {
            List<String> rows = d.findElements(By.cssSelector("#exception-history tbody tr")).stream()
                    .map(WebElement::getText).toList();
            return rows.isEmpty() ? null : rows;
        }, "the exception history");
        assertThat(history).allSatisfy(row -> assertThat(row).contains("NumberFormatException"));
        String rootCause = browser.waitFor(ConsolePage.SOON,
                d -> d.findElement(By.cssSelector("#exceptions-body .root-cause")).getText(), "the root cause");
        assertThat(rootCause).contains("NumberFormatException");
        long[] asked = {0};
        browser.waitFor(ConsolePage.SOON, d -> {
            if (d.findElement(By.id("log-body")).getText().contains("NumberFormatException")) {
                return true;
            }
            if (System.nanoTime() - asked[0] > 2_000_000_000L) {
                asked[0] = System.nanoTime();
                console.click(button("Refresh the log"));
            }
            return false;
        }, "the failure in the job's log");
        browser.screenshot("job-failed");
        browser.assertAccessible("job-failed");
        browser.narrow();
        browser.screenshot("job-failed-narrow");
        browser.assertAccessible("job-failed-narrow");
    }

    @Test
    @Order(5)
    void aBatchStartOfThreeJobsShowsOneOutcomeForEach() {
        String sql = "CREATE TABLE s (n INT) WITH ('connector' = 'datagen', 'rows-per-second' = '1');\n"
                + "CREATE TABLE b (n INT) WITH ('connector' = 'blackhole');\nINSERT INTO b SELECT n FROM s;";
        long first = alpha.createSqlJob("alpha", "console-batch-1", sql, Map.of());
        long second = alpha.createSqlJob("alpha", "console-batch-2", sql, Map.of());
        signedIn("#/p/alpha/jobs?name=console-");
        console.awaitJobsList();
        for (long job : List.of(first, second, countsJob)) {
            console.click(By.cssSelector("#jobs tbody tr[data-job-id='" + job + "'] input[type=checkbox]"));
        }
        assertThat(browser.driver().findElement(By.id("selection")).getText()).isEqualTo("3 job(s) selected");

        console.click(button("Start selected"));

        browser.waitFor(ConsolePage.SOON, d -> d.findElements(By.cssSelector("#batch-result li")).size() == 3,
                "three outcomes");
        List<WebElement> outcomes = browser.driver().findElements(By.cssSelector("#batch-result li"));
        Map<String, WebElement> byJob = new HashMap<>();
        outcomes.forEach(o -> byJob.put(o.getAttribute("data-job-id"), o));
        assertThat(byJob.get(String.valueOf(first)).getAttribute("class")).isEqualTo("ok");
        assertThat(byJob.get(String.valueOf(second)).getAttribute("class")).isEqualTo("ok");
        assertThat(byJob.get(String.valueOf(countsJob)).getAttribute("class")).isEqualTo("refused");
        assertThat(byJob.get(String.valueOf(countsJob)).getText())
                .contains("Job " + countsJob + " cannot be started in status job_running.");
        console.awaitRowStatus(first, "job_running", FLINK);
        console.awaitRowStatus(second, "job_running", FLINK);
        browser.screenshot("jobs-batch-start");
        alpha.call("POST", "/v1.0/alpha/streaming/jobs/stop", Map.of("job_ids", List.of(first, second)));
    }

    @Test
    @Order(6)
    void anotherProjectsJobIsNeverShownAndItsAddressAnswersDli16001() {
        browser.tolerate(REFUSED_CALL + "00");
        signedIn("#/p/alpha/jobs?name=beta-secret");
        console.awaitJobsList();
        assertThat(console.row(betaJob)).isEmpty();
        String listed = browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.cssSelector("#jobs tbody")).getText(),
                "the list's body");
        assertThat(listed).isEqualTo("No jobs match.");

        console.open("#/p/alpha/jobs/" + betaJob);
        console.signInWithToken(ALPHA_TOKEN);

        WebElement error = browser.waitForVisible(ConsolePage.SOON, By.id("job-error"));
        assertThat(error.getText()).isEqualTo("DLI.16001: Job " + betaJob + " does not exist.");
        assertThat(browser.driver().findElement(By.tagName("main")).getText()).doesNotContain("beta-secret");
        browser.screenshot("job-of-another-project");
    }

    @Test
    @Order(7)
    void theConsoleCanBeWorkedWithTheKeyboardAlone() {
        console.open("#/p/alpha/jobs");
        WebElement token = browser.waitForVisible(ConsolePage.SOON, By.id("token"));
        assertThat(browser.driver().switchTo().activeElement()).as("the form takes the focus").isEqualTo(token);
        token.sendKeys(ALPHA_TOKEN, Keys.ENTER);
        console.awaitJobsList();

        WebElement target = browser.driver().findElement(By.cssSelector(
                "#jobs tbody tr[data-job-id='" + countsJob + "'] a"));
        int presses = 0;
        while (!browser.driver().switchTo().activeElement().equals(target)) {
            assertThat(presses++).as("Tab reaches the job's link").isLessThan(80);
            browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
        }
        target.sendKeys(Keys.ENTER);
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("job-title")).getText()
                .startsWith("Job " + countsJob + ": console-counts"), "the job's page, opened with Enter");
    }

    /** A template starts a new job; a change the service refuses while the job runs is shown with its reason. */
    @Test
    @Order(8)
    void aTemplateStartsANewJobAndARefusedChangeToARunningJobSaysWhy() {
        browser.tolerate(REFUSED_CALL + "00");
        String templateSql = "CREATE TABLE t (n INT) WITH ('connector' = 'datagen');\n"
                + "CREATE TABLE b (n INT) WITH ('connector' = 'blackhole');\nINSERT INTO b SELECT n FROM t;";
        alpha.call("POST", "/v1.0/alpha/streaming/job-templates", Map.of("name", "console-template",
                "sql_body", templateSql));
        signedIn("#/p/alpha/new");
        WebElement templates = browser.waitFor(ConsolePage.SOON, d -> {
            WebElement select = d.findElement(By.id("template"));
            return select.getText().contains("console-template") ? select : null;
        }, "the project's templates offered");
        new org.openqa.selenium.support.ui.Select(templates).selectByVisibleText("console-template");
        assertThat(browser.driver().findElement(By.id("sql")).getAttribute("value")).isEqualTo(templateSql);
        assertThat(browser.driver().findElement(By.id("name")).getAttribute("value")).isEqualTo("console-template");
        console.click(By.id("save"));
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("job-title")).getText().endsWith(": console-template"),
                "the job made from the template");
        long made = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/jobs/(\\d+)$", "$1"));
        assertThat(alpha.detail("alpha", made).path("sql_body").asText()).isEqualTo(templateSql);

        assertThat(alpha.detail("alpha", countsJob).path("status").asText()).isEqualTo("job_running");
        console.open("#/p/alpha/jobs/" + countsJob + "/edit");
        console.signInWithToken(ALPHA_TOKEN);
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("edit-note")).getText().contains("job_running"),
                "the page saying the job runs");
        WebElement parallelism = browser.driver().findElement(By.id("parallel"));
        parallelism.clear();
        parallelism.sendKeys("2");
        console.click(By.id("save"));

        WebElement alert = browser.waitForVisible(ConsolePage.SOON, By.id("alert"));
        assertThat(alert.getText()).startsWith("DLI.0007: Job " + countsJob + " is job_running")
                .contains("Stop it first to change parallel_number");
        assertThat(browser.driver().getCurrentUrl()).as("the edit stays open").endsWith("/jobs/" + countsJob + "/edit");
        assertThat(alpha.detail("alpha", countsJob).path("job_config").path("parallel_number").asInt()).isEqualTo(1);
        browser.screenshot("job-edit-refused");
        browser.assertAccessible("job-edit-refused");
    }

    @Test
    @Order(99)
    void thePageCarriesOnWhenTheServiceRestarts() {
        browser.tolerate(ConsoleBrowser.SERVICE_UNREACHABLE);
        signedIn("#/p/alpha/jobs");
        console.awaitJobsList();

        assertThat(server.stop()).isZero();
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("connection")).isDisplayed(),
                "the page saying the service does not answer");
        browser.screenshot("service-gone");
        server.startAgain();
        long created = alpha.createSqlJob("alpha", "console-after-restart", "CREATE TABLE s (n INT) WITH "
                + "('connector' = 'datagen');", Map.of());

        browser.waitFor(Duration.ofSeconds(60), d -> console.row(created).isPresent()
                && !d.findElement(By.id("connection")).isDisplayed(), "the list again, with the job made after the restart");
    }

    /** The names of the tasks Flink's JobManager recorded switching from INITIALIZING to RUNNING, read through the API. */
    private static Set<String> tasksSwitchedToRunning(long job) {
        JsonNode log = alpha.call("GET", "/v1.0/alpha/streaming/jobs/" + job + "/logs?limit=1000", null);
        Pattern switched = Pattern.compile("ExecutionGraph - (.+?) \\(\\d+/\\d+\\) \\(\\S+\\) switched from INITIALIZING to RUNNING");
        Set<String> tasks = new HashSet<>();
        for (JsonNode line : log.path("lines")) {
            Matcher m = switched.matcher(line.path("line").asText());
            if (m.find()) {
                tasks.add(m.group(1));
            }
        }
        return tasks;
    }

    /** How many tasks the job's graph has, as the gen-graph check counts them. */
    private static int taskCount(long job) throws IOException {
        JsonNode answer = alpha.call("POST", "/v3/alpha/streaming/jobs/" + job + "/gen-graph",
                Map.of("graph_type", "job_graph"));
        return ServiceCalls.JSON.readTree(answer.path("stream_graph").asText()).path("vertices").size();
    }

    private static Set<Path> committed(Path output) {
        if (!Files.isDirectory(output)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(output)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every count the output holds, by user, in ascending order. */
    private static Map<Integer, List<Long>> countsByUser(Set<Path> files) {
        Map<Integer, List<Long>> counts = new java.util.TreeMap<>();
        counts(files, (user, count) -> counts.computeIfAbsent(user, u -> new ArrayList<>()).add(count));
        counts.values().forEach(java.util.Collections::sort);
        return counts;
    }

    private static long highest(List<Long> counts) {
        return counts == null || counts.isEmpty() ? 0 : counts.get(counts.size() - 1);
    }

    private static void counts(Set<Path> files, java.util.function.BiConsumer<Integer, Long> each) {
        for (Path file : files) {
            try {
                Matcher m = COUNT.matcher(Files.readString(file));
                while (m.find()) {
                    each.accept(Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
