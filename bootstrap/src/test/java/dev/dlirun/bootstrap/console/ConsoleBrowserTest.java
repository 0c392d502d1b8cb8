package dev.dlirun.bootstrap.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static dev.dlirun.bootstrap.console.StaticSite.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The browser fixture itself, on pages of its own served with the console's Content-Security-Policy (no packaged
 * server): screenshots, the console's errors (CSP violations among them) caught, axe-core's check, waits, sizes.
 */
class ConsoleBrowserTest {

    @RegisterExtension
    static final ConsoleBrowser browser = ConsoleBrowser.create();

    private static StaticSite site;

    @BeforeAll
    static void serveThePages() {
        site = StaticSite.serving(Map.of(
                "clean.html", page("A clean page", "<main><h1>Jobs</h1><p id=\"state\">loading</p></main>"
                        + "<script src=\"clean.js\"></script>"),
                "clean.js", "console.log('the page says hello');"
                        + "document.getElementById('state').textContent = 'ready';",
                "inline.html", page("An inline script", "<main><h1>Jobs</h1><p id=\"state\">untouched</p></main>"
                        + "<script>document.getElementById('state').textContent = 'ran';</script>"),
                "throws.html", page("A script that throws", "<main><h1>Jobs</h1></main>"
                        + "<script src=\"throws.js\"></script>"),
                "throws.js", "throw new Error('the script broke');",
                "later.html", page("An error later", "<main><h1>Jobs</h1></main><script src=\"later.js\"></script>"),
                "later.js", "setTimeout(() => console.error('an error 300 ms after loading'), 300);",
                "logs-an-error.html", page("An error logged", "<main><h1>Jobs</h1></main>"
                        + "<script src=\"logs-an-error.js\"></script>"),
                "logs-an-error.js", "console.error('the call failed: 503');",
                "inaccessible.html", "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Bad</title>"
                        + "<link rel=\"icon\" href=\"favicon.svg\"></head>"
                        + "<body><img src=\"missing-alt.png\"><form><input type=\"text\" id=\"q\"></form></body></html>"));
    }

    @AfterAll
    static void stopServing() {
        site.close();
    }

    @Test
    void aCleanPageUnderTheCspPassesTheConsoleAndAccessibilityChecksAndIsScreenshotted() throws IOException {
        browser.open(site.url("clean.html"));
        browser.waitFor(Duration.ofSeconds(5),
                driver -> driver.findElement(By.id("state")).getText().equals("ready"), "the script to run");

        Path shot = browser.screenshot("fixture-clean page");

        assertThat(shot).endsWith(Path.of("fixture-clean-page.png")).startsWith(Path.of("/"))
                .hasParent(Path.of(System.getProperty("basedir", ".")).resolve("target/console-screenshots")
                        .toAbsolutePath().normalize());
        // The window is 1280x720; new headless Chromium keeps room for a window's frame, so the page gets less height.
        assertThat(pngSize(shot)).as("width and height of the screenshot").satisfies(size -> {
            assertThat(size[0]).isEqualTo(1280);
            assertThat(size[1]).isBetween(500, 720);
        });
        browser.assertNoConsoleErrors();
        assertThat(browser.consoleMessages()).anySatisfy(entry ->
                assertThat(entry.getMessage()).contains("the page says hello"));
        browser.assertAccessible("fixture-clean");
        JsonNode results = new ObjectMapper().readTree(Path.of(System.getProperty("basedir", "."))
                .resolve("target/console-axe/fixture-clean.json").toFile());
        assertThat(results.get("url").asText()).isEqualTo(site.url("clean.html"));
        assertThat(results.get("violations")).isEmpty();
        assertThat(results.get("passes")).isNotEmpty();
    }

    @Test
    void anInlineScriptTheCspBlocksFailsTheConsoleCheck() {
        browser.open(site.url("inline.html"));

        assertThat(browser.driver().findElement(By.id("state")).getText()).as("the inline script ran not")
                .isEqualTo("untouched");
        browser.tolerate(".*"); // tolerating every error lets no CSP violation through
        assertThatThrownBy(browser::assertNoConsoleErrors).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 error(s) in the browser's console of ConsoleBrowserTest:")
                .hasMessageContaining(site.url("inline.html"))
                .hasMessageContaining("Executing inline script violates the following Content Security Policy "
                        + "directive 'script-src 'self''. Either the 'unsafe-inline' keyword, a hash");
        // Reported once: the check after the test finds nothing new.
        browser.assertNoConsoleErrors();
    }

    @Test
    void anUncaughtExceptionFailsTheConsoleCheck() {
        browser.open(site.url("throws.html"));

        assertThatThrownBy(browser::assertNoConsoleErrors).hasMessageContaining("SEVERE")
                .hasMessageContaining("Uncaught Error: the script broke");
    }

    @Test
    void anErrorLoggedAfterThePageWasLeftIsStillCaught() {
        browser.open(site.url("later.html"));
        browser.waitFor(Duration.ofSeconds(5), driver -> ((JavascriptExecutor) driver)
                .executeScript("return performance.now() > 1000"), "a second after the page loaded");
        browser.open(site.url("clean.html"));

        assertThatThrownBy(browser::assertNoConsoleErrors).hasMessageContaining("an error 300 ms after loading");
    }

    @Test
    void anErrorTheTestToleratesPassesAndOthersDoNot() {
        browser.tolerate("the call failed: \\d+");
        browser.open(site.url("logs-an-error.html"));
        browser.assertNoConsoleErrors();

        browser.open(site.url("throws.html"));
        assertThatThrownBy(browser::assertNoConsoleErrors).hasMessageContaining("the script broke");
    }

    @Test
    void callsRefusedWhileTheServiceIsDownAreErrorsATestStoppingItOnPurposeTolerates() {
        StaticSite down = StaticSite.serving(Map.of(
                "calls.html", page("Calls", "<main><h1>Calls</h1><button id=\"call\">Call</button></main>"
                        + "<script src=\"calls.js\"></script>"),
                "calls.js", "document.getElementById('call').addEventListener('click',"
                        + " () => fetch('ping').catch(() => { document.title = 'refused'; }));"));
        browser.open(down.url("calls.html"));
        down.close();
        browser.tolerate(ConsoleBrowser.SERVICE_UNREACHABLE);

        browser.driver().findElement(By.id("call")).click();
        browser.waitFor(Duration.ofSeconds(5), driver -> driver.getTitle().equals("refused"), "the call to fail");

        browser.assertNoConsoleErrors();
        assertThat(browser.consoleMessages()).anySatisfy(entry -> assertThat(entry.getMessage())
                .isEqualTo(down.url("ping") + " - Failed to load resource: net::ERR_CONNECTION_REFUSED"));
    }

    /** The check after each test, without the test asking: it fails the test, and leaves a blank wide page. */
    @Test
    void afterEachTestTheConsoleIsCheckedAndThePageBlankedAndWidened() throws Exception {
        browser.open(site.url("logs-an-error.html"));
        browser.narrow();
        Method self = ConsoleBrowserTest.class.getDeclaredMethod("afterEachTestTheConsoleIsCheckedAndThePageBlankedAndWidened");

        assertThatThrownBy(() -> browser.afterEach(contextOf(self))).hasMessageContaining("the call failed: 503");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo("about:blank");
        assertThat(browser.driver().manage().window().getSize()).isEqualTo(ConsoleBrowser.WIDE);
        assertThat(browser.consoleMessages()).as("the next test starts afresh").isEmpty();
    }

    @Test
    void anInaccessiblePageFailsTheAxeCheckNamingEachSeriousViolationAndWhere() throws IOException {
        browser.open(site.url("inaccessible.html"));
        browser.tolerate("missing-alt\\.png"); // the image is missing too: the browser says so

        assertThatThrownBy(() -> browser.assertAccessible("fixture-inaccessible"))
                .hasMessageContaining("serious or critical accessibility violation(s) on fixture-inaccessible")
                .hasMessageContaining("image-alt (critical): Images must have alternative text on 1 element(s): [img]")
                .hasMessageContaining("label (critical)")
                .hasMessageContaining("[#q]")
                .hasMessageNotContaining("landmark-one-main"); // moderate: in the file, not a failure
        JsonNode results = new ObjectMapper().readTree(Path.of(System.getProperty("basedir", "."))
                .resolve("target/console-axe/fixture-inaccessible.json").toFile());
        assertThat(results.get("violations").findValuesAsText("id")).contains("image-alt", "label", "html-has-lang",
                "landmark-one-main");
    }

    @Test
    void aWaitThatTimesOutSaysWhatItAwaitedWhereAndLeavesAScreenshot() {
        browser.open(site.url("clean.html"));

        assertThatThrownBy(() -> browser.waitFor(Duration.ofMillis(300), driver -> false, "the moon to rise"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("timed out after 300 ms waiting for the moon to rise; the page is "
                        + site.url("clean.html") + "; screenshot: ")
                .satisfies(failure -> assertThat(Path.of(failure.getMessage().replaceAll("(?s).*screenshot: ", "")))
                        .isRegularFile());
    }

    @Test
    void theWindowNarrowsToAPhonesWidthAndWidensAgain() {
        browser.open(site.url("clean.html"));

        browser.narrow();
        assertThat(innerWidth()).isEqualTo(400);
        browser.resize(ConsoleBrowser.WIDE);
        assertThat(innerWidth()).isEqualTo(1280);
    }

    private static long innerWidth() {
        return (Long) ((JavascriptExecutor) browser.driver()).executeScript("return window.innerWidth");
    }

    /** Width and height of a PNG file, from its header. */
    private static int[] pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            byte[] signature = data.readNBytes(8);
            assertThat(signature).startsWith(0x89, 'P', 'N', 'G');
            data.skipNBytes(8); // the IHDR chunk's length and type
            return new int[] {data.readInt(), data.readInt()};
        }
    }

    /** Enough of a JUnit context for the browser's check after a test: the test, which did not fail. */
    private static ExtensionContext contextOf(Method test) {
        return (ExtensionContext) Proxy.newProxyInstance(ExtensionContext.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequiredTestMethod" -> test;
                    case "getExecutionException" -> Optional.empty();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
