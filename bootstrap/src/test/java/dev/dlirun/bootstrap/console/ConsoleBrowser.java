package dev.dlirun.bootstrap.console;

import com.deque.html.axecore.results.CheckedNode;
import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dlirun.bootstrap.ScratchDirectory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A headless Chromium for the console's browser tests, driven by Selenium through the machine's ChromeDriver (never
 * Selenium Manager: nothing is downloaded). One per test class, as a JUnit extension on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ConsoleBrowser browser = ConsoleBrowser.create();
 * }</pre>
 *
 * Before the class's {@code @BeforeAll} methods it finds the binaries ({@link BrowserBinaries}: the class is skipped,
 * or fails in CI, when they are missing) and starts Chromium in a fresh profile, 1280x720, implicit wait 0. It keeps the
 * browser console's messages as they come; after each test it checks that none was an error (the whole run's rule: no
 * errors in the console, CSP violations included), then blanks the tab and restores the window's size; a failed test
 * leaves a screenshot. After the class it stops the browser and its driver, kills what is left of them and removes the
 * profile, whatever happened.
 */
public final class ConsoleBrowser implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, AutoCloseable {

    /** The window the tests start with. */
    public static final Dimension WIDE = new Dimension(1280, 720);
    /** A phone's window, for the narrow layout. */
    public static final Dimension NARROW = new Dimension(400, 800);
    /** The axe-core rule sets checked: WCAG 2.0 and 2.1, levels A and AA, and Deque's best practices. */
    public static final List<String> AXE_TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice");
    /** The impacts of axe-core's violations that fail {@link #assertAccessible}. */
    public static final List<String> FAILING_IMPACTS = List.of("serious", "critical");
    /**
     * What Chromium logs as an error for each call a page makes while the service is down (the console, say, retrying
     * during a restart): for {@link #tolerate} in a test that stops the service on purpose.
     */
    public static final String SERVICE_UNREACHABLE = Pattern.quote("Failed to load resource: net::ERR_CONNECTION_REFUSED");
    static final List<String> CHROMIUM_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--disable-quic", "--disable-extensions");

    private static final Path TARGET = Path.of(System.getProperty("basedir", ".")).resolve("target");
    private static final Path SCREENSHOTS = TARGET.resolve("console-screenshots");
    private static final Path AXE_RESULTS = TARGET.resolve("console-axe");
    private static final Path LOGS = TARGET.resolve("console-logs");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * Selenium warns at each start that it has no DevTools module for this Chromium's version: none is needed (the
     * console's messages come through ChromeDriver's log, {@link #clearSiteData} through ChromeDriver's own CDP call).
     * Held here, as java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final BrowserBinaries binaries;
    private ChromeDriverService service;
    private ChromeDriver driver;
    private Path profile;
    private Thread shutdownHook;
    private String label = "browser";
    /** The console's messages of the current test, checked by {@link #assertNoConsoleErrors()} already. */
    private final List<LogEntry> checked = new ArrayList<>();
    /** The console's messages of the current test not checked yet. */
    private final List<LogEntry> unchecked = new ArrayList<>();
    private final List<Pattern> tolerated = new ArrayList<>();

    private ConsoleBrowser(BrowserBinaries binaries) {
        this.binaries = binaries;
    }

    /** A browser of the binaries {@link BrowserBinaries#configured()} names, started when its test class starts. */
    public static ConsoleBrowser create() {
        return new ConsoleBrowser(BrowserBinaries.configured());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        label = context.getRequiredTestClass().getSimpleName();
        binaries.requireFor(context.getRequiredTestClass(), System.getenv(BrowserBinaries.REQUIRED));
        start();
    }

    /**
     * Starts Chromium and its driver (the extension does so before the test class; a test of its own may call it,
     * after checking {@link BrowserBinaries#missing()}). Prints how long the start took.
     */
    public void start() {
        long started = System.nanoTime();
        try {
            profile = Files.createTempDirectory("dlirun-chromium-profile");
            Files.createDirectories(LOGS);
            service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(binaries.chromedriver().toFile())
                    .usingAnyFreePort()
                    .withLogFile(LOGS.resolve("chromedriver-" + label + ".log").toFile())
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binaries.chromium().toFile());
        options.addArguments(CHROMIUM_FLAGS);
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + WIDE.width + "," + WIDE.height);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        shutdownHook = new Thread(this::quit, "console-browser-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            driver = new ChromeDriver(service, options);
            driver.manage().timeouts().implicitlyWait(Duration.ZERO);
            driver.manage().window().setSize(WIDE);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        System.err.printf("[console-browser] %s: %s started in %d ms (profile %s)%n", label,
                driver.getCapabilities().getBrowserVersion().isEmpty() ? "Chromium"
                        : "Chromium " + driver.getCapabilities().getBrowserVersion(),
                (System.nanoTime() - started) / 1_000_000, profile);
    }

    /** The driver, for what this class offers no helper for. */
    public WebDriver driver() {
        requireStarted();
        return driver;
    }

    /** Goes to {@code url} and collects the console's messages the page logged while loading. */
    public void open(String url) {
        requireStarted();
        driver.get(url);
        collectConsole();
    }

    /** Resizes the window to {@code size} (e.g. {@link #NARROW}); after each test it is {@link #WIDE} again. */
    public void resize(Dimension size) {
        requireStarted();
        driver.manage().window().setSize(size);
    }

    /** Resizes the window to {@link #NARROW}, 400x800. */
    public void narrow() {
        resize(NARROW);
    }

    /**
     * Waits up to {@code timeout} for {@code condition} to answer something other than null or false, polling every
     * 100 ms (an element not found yet, or gone stale, counts as not yet), and answers it. On timeout, fails saying
     * what was awaited, the page's URL and the path of a screenshot taken then.
     */
    public <T> T waitFor(Duration timeout, Function<? super WebDriver, T> condition, String description) {
        requireStarted();
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.ignoring(NoSuchElementException.class, StaleElementReferenceException.class);
        try {
            return wait.until(condition);
        } catch (TimeoutException e) {
            String url = driver.getCurrentUrl();
            Path shot = screenshot(label + "-timeout-" + Instant.now().toEpochMilli());
            throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + description
                    + "; the page is " + url + "; screenshot: " + shot, e);
        } finally {
            collectConsole();
        }
    }

    /** Waits up to {@code timeout} for the element {@code locator} finds to be displayed, and answers it. */
    public WebElement waitForVisible(Duration timeout, By locator) {
        return waitFor(timeout, browser -> {
            WebElement element = browser.findElement(locator);
            return element.isDisplayed() ? element : null;
        }, locator + " displayed");
    }

    /**
     * Writes a screenshot of the window to {@code target/console-screenshots/<name>.png} (characters other than
     * letters, digits, dot, dash and underscore become dashes) and answers its path.
     */
    public Path screenshot(String name) {
        requireStarted();
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "-") + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            collectConsole();
        }
    }

    /**
     * Runs axe-core on the page as it is ({@link #AXE_TAGS}), writes its whole result to
     * {@code target/console-axe/<pageName>.json}, and fails listing every violation of impact serious or critical: its
     * rule, impact and help, and the first few elements it found it on.
     */
    public void assertAccessible(String pageName) {
        requireStarted();
        Results results = new AxeBuilder().withTags(AXE_TAGS).analyze(driver);
        collectConsole();
        Path file = AXE_RESULTS.resolve(pageName.replaceAll("[^A-Za-z0-9._-]", "-") + ".json");
        try {
            Files.createDirectories(AXE_RESULTS);
            JSON.writeValue(file.toFile(), results);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (results.isErrored()) {
            throw new AssertionError("axe-core could not check " + pageName + ": " + results.getErrorMessage()
                    + " (" + file.toAbsolutePath() + ")");
        }
        List<Rule> failing = results.getViolations().stream()
                .filter(rule -> FAILING_IMPACTS.contains(rule.getImpact())).toList();
        if (!failing.isEmpty()) {
            throw new AssertionError(failing.size() + " serious or critical accessibility violation(s) on "
                    + pageName + " (" + results.getUrl() + "; all results in " + file.toAbsolutePath() + "):\n"
                    + failing.stream().map(ConsoleBrowser::describe).collect(Collectors.joining("\n")));
        }
    }

    private static String describe(Rule rule) {
        List<CheckedNode> nodes = rule.getNodes() == null ? List.of() : rule.getNodes();
        String targets = nodes.stream().limit(3).map(node -> String.valueOf(node.getTarget()))
                .collect(Collectors.joining(", "));
        return "  " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " on " + nodes.size()
                + " element(s): " + targets + (nodes.size() > 3 ? ", ..." : "");
    }

    /**
     * Fetches the messages the browser's console got since the last fetch (ChromeDriver keeps them until asked) and
     * adds them to the current test's. The helpers here call it after each thing they do; a test that works the
     * driver directly need not (the check fetches first), but may.
     */
    public void collectConsole() {
        if (driver == null) {
            return;
        }
        unchecked.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    }

    /** Every message the console got during the current test, at every level. */
    public List<LogEntry> consoleMessages() {
        collectConsole();
        return Stream.concat(checked.stream(), unchecked.stream()).toList();
    }

    /**
     * Lets the current test's console hold errors matching {@code message} (a regular expression found in the
     * message): for a test that provokes one on purpose, say a failed call the page shows. Never a CSP violation.
     */
    public void tolerate(String message) {
        tolerated.add(Pattern.compile(message));
    }

    /**
     * Fails listing every error the console got since the last check: SEVERE messages (uncaught exceptions, failed
     * loads, {@code console.error}) and every message about the Content-Security-Policy ("Content Security Policy",
     * "Refused to"), which no {@link #tolerate} lets through. Each message is checked once: after a failure, the next
     * check (the one after the test, say) looks at newer messages only.
     */
    public void assertNoConsoleErrors() {
        collectConsole();
        List<LogEntry> errors = unchecked.stream().filter(this::isError).toList();
        checked.addAll(unchecked);
        unchecked.clear();
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.size() + " error(s) in the browser's console of " + label + ":\n"
                    + errors.stream().map(entry -> "  " + entry.getLevel() + " "
                            + Instant.ofEpochMilli(entry.getTimestamp()) + " " + entry.getMessage())
                    .collect(Collectors.joining("\n")));
        }
    }

    boolean isError(LogEntry entry) {
        String message = entry.getMessage();
        if (isCspViolation(message)) {
            return true;
        }
        return entry.getLevel().intValue() >= Level.SEVERE.intValue()
                && tolerated.stream().noneMatch(pattern -> pattern.matcher(message).find());
    }

    static boolean isCspViolation(String message) {
        return message.contains("Content Security Policy") || message.contains("Refused to");
    }

    /**
     * Forgets what the browser stored for {@code origin} (e.g. {@code http://127.0.0.1:8080}): its cookies, local and
     * session storage, IndexedDB, cache and service workers. Tests share a browser; this gives one a clean slate.
     */
    public void clearSiteData(String origin) {
        requireStarted();
        driver.executeCdpCommand("Storage.clearDataForOrigin", Map.of("origin", origin, "storageTypes", "all"));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (driver == null) {
            return;
        }
        String test = label + "-" + context.getRequiredTestMethod().getName();
        try {
            if (context.getExecutionException().isPresent()) {
                System.err.println("[console-browser] " + test + " failed on " + driver.getCurrentUrl()
                        + "; screenshot: " + screenshot(test + "-failed"));
            }
            // Leaving the page stops what it does in the background, so that nothing it logs counts for the next test.
            driver.get("about:blank");
            driver.manage().window().setSize(WIDE);
            assertNoConsoleErrors();
        } finally {
            checked.clear();
            unchecked.clear();
            tolerated.clear();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                assertNoConsoleErrors();
            }
        } finally {
            close();
        }
    }

    /** Stops the browser and its driver, kills whatever of them is left and removes the profile. */
    @Override
    public void close() {
        quit();
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or ran, quit() itself
            }
            shutdownHook = null;
        }
    }

    private synchronized void quit() {
        // Every process of this browser, found before they are asked to stop: ChromeDriver's tree, and whatever runs
        // on this browser's own profile.
        List<ProcessHandle> processes = new ArrayList<>(ours());
        try {
            if (driver != null) {
                driver.quit();
            }
        } catch (WebDriverException e) {
            System.err.println("[console-browser] quitting the driver: " + e.getMessage());
        } finally {
            driver = null;
            try {
                if (service != null) {
                    service.stop();
                }
            } finally {
                service = null;
                processes.addAll(ours());
                kill(processes);
                deleteProfile();
            }
        }
    }

    /** ChromeDriver and its descendants, and any process started with this browser's profile directory. */
    private List<ProcessHandle> ours() {
        List<ProcessHandle> ours = new ArrayList<>();
        if (profile != null) {
            String flag = "--user-data-dir=" + profile;
            ProcessHandle.allProcesses()
                    .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(flag))
                    .forEach(ours::add);
        }
        if (service != null) {
            String port = "--port=" + service.getUrl().getPort();
            ProcessHandle.current().children()
                    .filter(child -> child.info().command().map(command -> command.endsWith("chromedriver")).orElse(false)
                            && child.info().arguments().map(List::of).orElse(List.of()).contains(port))
                    .forEach(driverProcess -> {
                        ours.add(driverProcess);
                        driverProcess.descendants().forEach(ours::add);
                    });
        }
        return ours;
    }

    private static void kill(Collection<ProcessHandle> processes) {
        List<ProcessHandle> alive = processes.stream().filter(ProcessHandle::isAlive).distinct().toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : alive) {
            process.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).exceptionally(timeout -> process)
                    .join();
        }
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        // Chromium may still be writing as it dies: try again a few times.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                ScratchDirectory.delete(profile);
                profile = null;
                return;
            } catch (IOException | UncheckedIOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        System.err.println("[console-browser] could not remove the profile " + profile);
    }

    /** Whether the browser runs. */
    public boolean started() {
        return driver != null;
    }

    private void requireStarted() {
        if (driver == null) {
            throw new IllegalStateException("the browser is not started: register ConsoleBrowser as a static "
                    + "@RegisterExtension field, or call start()");
        }
    }
}
