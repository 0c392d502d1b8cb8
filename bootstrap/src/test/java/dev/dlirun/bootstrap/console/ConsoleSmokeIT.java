package dev.dlirun.bootstrap.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The browser against the packaged jar, as a process of its own: the console it serves, and the fixtures at work. */
class ConsoleSmokeIT {

    @RegisterExtension
    static final ConsoleBrowser browser = ConsoleBrowser.create();

    private static PackagedServer server;

    @BeforeAll
    static void startTheServer() {
        server = PackagedServer.start("--engine=simulated");
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * The console the jar serves at /console/ loads under its Content-Security-Policy without an error in the
     * browser's console (checked after the test) and without a serious accessibility violation, wide and narrow.
     */
    @Test
    void theConsoleLoadsCleanlyAndAccessibly() {
        browser.open(server.baseUrl() + "/console/");
        WebElement heading = browser.waitForVisible(Duration.ofSeconds(15), By.cssSelector("main h1"));

        assertThat(browser.driver().getTitle()).contains("dlirun");
        assertThat(heading.getText()).isNotBlank();
        browser.screenshot("console-first-page");
        browser.assertAccessible("console-first-page");
        browser.narrow();
        browser.screenshot("console-first-page-narrow");
        browser.assertAccessible("console-first-page-narrow");
    }

    /** What the browser shows of the service is there again, at the same address, once it restarted. */
    @Test
    void theBrowserReachesTheServiceAgainAtTheSameAddressAfterARestart() {
        // A page without a <link rel="icon"> makes Chromium ask for /favicon.ico, which the service has not.
        browser.tolerate("/favicon\\.ico - Failed to load resource: the server responded with a status of 404");
        String live = server.baseUrl() + "/health/live";
        browser.open(live);
        assertThat(browser.driver().findElement(By.tagName("body")).getText()).isEqualTo("{\"status\":\"UP\"}");
        int port = server.port();

        server.restart();

        assertThat(server.port()).isEqualTo(port);
        assertThat(server.running()).isTrue();
        browser.driver().navigate().refresh();
        browser.waitFor(Duration.ofSeconds(10), driver -> driver.findElement(By.tagName("body")).getText()
                .equals("{\"status\":\"UP\"}"), "the service's answer after the restart");
        assertThat(server.output()).filteredOn(line -> line.contains("listening on " + server.baseUrl())).hasSize(2);
    }
}
