package dev.dlirun.bootstrap.console;

import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the browser tests find Chromium and its ChromeDriver: the system properties {@code dlirun.chromium} and
 * {@code dlirun.chromedriver}, by default Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}. Nothing
 * is ever downloaded: when either is missing, a test class that needs them is skipped, saying so loudly, or fails when
 * the environment variable {@value #REQUIRED} is {@code 1} (as it is in CI).
 */
public record BrowserBinaries(Path chromium, Path chromedriver) {

    /** The environment variable that turns a missing browser from a skip into a failure. */
    public static final String REQUIRED = "DLIRUN_BROWSER_REQUIRED";
    static final String INSTALL = "apt-get install -y chromium chromium-driver";

    /** The binaries the system properties name, or Debian's. */
    public static BrowserBinaries configured() {
        return new BrowserBinaries(Path.of(System.getProperty("dlirun.chromium", "/usr/bin/chromium")),
                Path.of(System.getProperty("dlirun.chromedriver", "/usr/bin/chromedriver")));
    }

    /** What is missing, one phrase each, naming the path looked at and the property that moves it; empty if none. */
    public List<String> missing() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add("Chromium (no executable " + chromium + "; -Ddlirun.chromium=PATH names another)");
        }
        if (!Files.isExecutable(chromedriver)) {
            missing.add("ChromeDriver (no executable " + chromedriver + "; -Ddlirun.chromedriver=PATH names another)");
        }
        return missing;
    }

    /**
     * Returns when both binaries are there. Otherwise fails (an {@link AssertionError}) when {@code required} is
     * {@code "1"}, or else skips {@code testClass} (a {@link TestAbortedException}, as a JUnit assumption does); either
     * way the message, also printed to stderr, says what is missing, which test class's browser tests do not run and
     * how to install the browser.
     */
    public void requireFor(Class<?> testClass, String required) {
        List<String> missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String file = "bootstrap/src/test/java/" + testClass.getName().replace('.', '/') + ".java";
        boolean mustRun = "1".equals(required);
        String message = "!!! BROWSER TESTS " + (mustRun ? "CANNOT RUN" : "SKIPPED") + ": "
                + String.join(" and ", missing) + " missing. The browser tests of " + file
                + (mustRun ? " must run (" + REQUIRED + "=1)" : " are skipped")
                + "; `" + INSTALL + "` enables them. !!!";
        System.err.println(message);
        if (mustRun) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }
}
