package dev.dlirun.bootstrap.console;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the browser tests do with the console, in the words of its pages: sign in, open a project's jobs, read a row's
 * status, open a job. Elements are found by the ids and labels people and assistive technology use too.
 */
final class ConsolePage {

    static final Duration SOON = Duration.ofSeconds(20);

    private final ConsoleBrowser browser;
    private final String base;

    ConsolePage(ConsoleBrowser browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    WebDriver driver() {
        return browser.driver();
    }

    /**
     * Opens the console at {@code fragment} (e.g. {@code #/p/alpha/jobs}) in a fresh page, as a link or a bookmark
     * does: by way of a blank page, since going from one fragment to another of the same page would not load it again.
     */
    void open(String fragment) {
        browser.open("about:blank");
        browser.open(base + "/console/" + fragment);
    }

    /** Signs in on the form the page shows: a token, or an access key and secret key. */
    void signInWithToken(String token) {
        WebElement field = browser.waitForVisible(SOON, By.id("token"));
        field.sendKeys(token);
        field.submit();
    }

    void signInWithAccessKey(String accessKey, String secretKey) {
        browser.waitForVisible(SOON, By.id("access-key")).sendKeys(accessKey);
        WebElement secret = driver().findElement(By.id("secret-key"));
        secret.sendKeys(secretKey);
        secret.submit();
    }

    /** Waits for the jobs list to be on screen and filled (its table no longer busy). */
    void awaitJobsList() {
        browser.waitFor(SOON, d -> "false".equals(d.findElement(By.id("jobs")).getAttribute("aria-busy")),
                "the jobs list shown");
    }

    /** The row of a job in the list, if the list shows it. */
    Optional<WebElement> row(long jobId) {
        List<WebElement> rows = driver().findElements(By.cssSelector("#jobs tbody tr[data-job-id='" + jobId + "']"));
        return rows.stream().findFirst();
    }

    /** The status a job's row shows, or null when it shows none (not listed). */
    String rowStatus(long jobId) {
        return row(jobId).map(r -> r.getAttribute("data-status")).orElse(null);
    }

    /** Waits until the job's row shows {@code status}. */
    void awaitRowStatus(long jobId, String status, Duration within) {
        browser.waitFor(within, d -> status.equals(rowStatus(jobId)), "job " + jobId + "'s row to show " + status);
    }

    /** The status the job's page shows. */
    String jobStatus() {
        return driver().findElement(By.cssSelector(".status-line")).getAttribute("data-status");
    }

    void awaitJobStatus(String status, Duration within) {
        browser.waitFor(within, d -> status.equals(jobStatus()), "the job's page to show " + status);
    }

    /** Clicks the element, scrolled into view first (a narrow window may hide it below the fold). */
    void click(By locator) {
        WebElement element = browser.waitFor(SOON, d -> {
            WebElement e = d.findElement(locator);
            return e.isDisplayed() && e.isEnabled() ? e : null;
        }, locator + " clickable");
        ((JavascriptExecutor) driver()).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    /** A button by its visible name. */
    static By button(String name) {
        return By.xpath("//button[normalize-space(.)='" + name + "']");
    }

    /** A link by its visible name. */
    static By link(String name) {
        return By.xpath("//a[normalize-space(.)='" + name + "']");
    }

    /** Runs a script in the page and answers its result. */
    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver()).executeScript(script, arguments);
    }
}
