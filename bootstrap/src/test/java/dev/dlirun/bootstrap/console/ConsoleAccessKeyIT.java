package dev.dlirun.bootstrap.console;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.dlirun.bootstrap.console.ConsolePage.button;
import static dev.dlirun.bootstrap.console.ConsolePage.link;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console against the packaged server checking AK/SK signatures: the page signs each request in the browser with
 * Web Crypto as the SDK does, the server checks it as it checks the SDK's, and the secret never leaves the page's
 * memory.
 */
class ConsoleAccessKeyIT {

    @RegisterExtension
    static final ConsoleBrowser browser = ConsoleBrowser.create();

    private static final String ACCESS_KEY = "CONSOLEACCESSKEY";
    private static final String SECRET_KEY = "console-secret-key-of-the-test";

    private static PackagedServer server;
    private static ConsolePage console;

    @BeforeAll
    static void startTheServer() throws IOException {
        Path credentials = Files.createTempFile("console-credentials", ".json");
        Files.writeString(credentials, "[{\"access_key\": \"" + ACCESS_KEY + "\", \"secret_key\": \"" + SECRET_KEY
                + "\", \"projects\": [\"gamma\", \"alpha\"]}]");
        server = PackagedServer.start("--auth=aksk", "--credentials=" + credentials);
        console = new ConsolePage(browser, server.baseUrl());
    }

    @AfterAll
    static void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    /** The page's signer, run in the browser on the official SDK's own test vectors (contract.md, section 5). */
    @Test
    void thePagesSignerGivesTheSdksSignaturesForItsTestVectors() {
        console.open("");
        browser.waitForVisible(ConsolePage.SOON, By.id("access-key"));

        @SuppressWarnings("unchecked")
        List<String> signed = (List<String>) ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('/console/sign.js').then(async (m) => {
                  const key = await m.importSecret('SecretKey');
                  const at = new Date(Date.UTC(2019, 10, 15, 3, 36, 55));
                  const host = 'service.region.example.com';
                  const get = await m.sign({ method: 'GET', path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs', host,
                    query: [['marker', '13551d6b-755d-4757-b956-536f674975c0'], ['limit', '2']] }, 'AccessKey', key, at);
                  const post = await m.sign({ method: 'POST', path: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpc/123', host,
                    body: new TextEncoder().encode('{"key":"value"}') }, 'AccessKey', key, at);
                  const root = await m.sign({ method: 'GET', path: '/', host: 'example.com' }, 'AccessKey', key, at);
                  done([get['X-Sdk-Date'], get.Authorization, post.Authorization, root.Authorization]);
                }).catch((e) => done(['error', String(e)]));""");

        assertThat(signed).containsExactly("20191115T033655Z",
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                        + "Signature=fd95e7da6f695cfb4cabbb9d6b0968aec155bc576b064835282473539ae9ea1d",
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                        + "Signature=b5649aa774f6cac7437631662f08815fc65c70e40e486df6db2436ce68902771",
                "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, "
                        + "Signature=919ad8b75d4ad49da0d377e63ee21c4a7a54b752f6bf2878b4adbe9c19927da6");
    }

    @Test
    void aWrongSecretShowsDli0013AndNothingElse() {
        browser.tolerate("Failed to load resource: the server responded with a status of 401");
        console.open("");
        browser.screenshot("sign-in-access-key");
        browser.assertAccessible("sign-in-access-key");

        console.signInWithAccessKey(ACCESS_KEY, "not-" + SECRET_KEY);

        WebElement error = browser.waitForVisible(ConsolePage.SOON, By.id("sign-in-error"));
        assertThat(error.getText()).isEqualTo("DLI.0013: The access key or the signature is not valid.");
        assertThat(browser.driver().findElements(By.id("jobs"))).isEmpty();
        assertThat(browser.driver().findElements(By.cssSelector("#nav a, #nav select"))).isEmpty();
    }

    /**
     * Signed in with AK/SK, the page reads (GET, with a query), writes (POST and PUT, with a body) and deletes, each
     * request signed; the secret is in no storage the browser keeps, and signing out forgets it.
     */
    @Test
    void signedInWithAnAccessKeyEveryCallIsSignedAndTheSecretStaysInThePagesMemory() {
        console.open("");
        console.signInWithAccessKey(ACCESS_KEY, SECRET_KEY);
        console.awaitJobsList();
        assertThat(browser.driver().findElements(By.cssSelector("#project option"))).extracting(WebElement::getText)
                .containsExactly("alpha", "gamma");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/p/alpha/jobs");

        console.click(link("New SQL job"));
        browser.waitForVisible(ConsolePage.SOON, By.id("name")).sendKeys("signed-in-the-browser");
        browser.driver().findElement(By.id("sql")).sendKeys("CREATE TABLE s (n INT) WITH ('connector' = 'datagen');");
        console.click(By.id("save"));
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("job-title")).getText()
                .endsWith(": signed-in-the-browser"), "the created job's page");
        String jobUrl = browser.driver().getCurrentUrl();
        console.click(link("Edit"));
        WebElement desc = browser.waitForVisible(ConsolePage.SOON, By.id("desc"));
        browser.waitFor(ConsolePage.SOON, d -> !d.findElement(By.id("name")).getAttribute("value").isEmpty(),
                "the job loaded into the form");
        desc.sendKeys("changed in the console");
        console.click(By.id("save"));
        browser.waitFor(ConsolePage.SOON, d -> d.findElement(By.id("definition")).getText()
                .contains("changed in the console"), "the changed description");

        Object stored = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                indexedDB.databases().then((dbs) => done([localStorage.length, sessionStorage.length,
                  document.cookie, dbs.length]));""");
        assertThat(stored).isEqualTo(List.of(0L, 0L, "", 0L));
        String html = browser.driver().getPageSource();
        assertThat(html).doesNotContain(SECRET_KEY);

        console.click(button("Delete"));
        browser.driver().switchTo().alert().accept();
        console.awaitJobsList();
        assertThat(browser.driver().findElement(By.id("jobs")).getText()).doesNotContain("signed-in-the-browser");

        console.click(button("Sign out"));
        browser.waitForVisible(ConsolePage.SOON, By.id("access-key"));
        browser.driver().navigate().to(jobUrl);
        assertThat(browser.driver().findElements(By.id("jobs"))).isEmpty();
        assertThat(browser.waitForVisible(ConsolePage.SOON, By.id("secret-key")).getAttribute("value")).isEmpty();
    }
}
