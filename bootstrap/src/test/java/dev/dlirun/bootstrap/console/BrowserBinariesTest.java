package dev.dlirun.bootstrap.console;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Without Chromium or its driver, the browser tests are skipped saying so, or fail where they must run. */
class BrowserBinariesTest {

    @TempDir
    Path dir;

    @Test
    void withBothBinariesThereNothingIsMissingAndTheTestsRun() throws Exception {
        BrowserBinaries binaries = new BrowserBinaries(executable("chromium"), executable("chromedriver"));

        assertThat(binaries.missing()).isEmpty();
        binaries.requireFor(ConsoleSmokeIT.class, "1");
    }

    @Test
    void aMissingBrowserSkipsTheTestClassSayingWhatIsMissingAndHowToInstallIt() throws Exception {
        Path chromium = dir.resolve("no-chromium");
        BrowserBinaries binaries = new BrowserBinaries(chromium, executable("chromedriver"));

        assertThatThrownBy(() -> binaries.requireFor(ConsoleSmokeIT.class, null))
                .isInstanceOf(TestAbortedException.class)
                .hasMessage("!!! BROWSER TESTS SKIPPED: Chromium (no executable " + chromium + "; -Ddlirun.chromium=PATH"
                        + " names another) missing. The browser tests of "
                        + "bootstrap/src/test/java/dev/dlirun/bootstrap/console/ConsoleSmokeIT.java are skipped; "
                        + "`apt-get install -y chromium chromium-driver` enables them. !!!");
    }

    @Test
    void whereTheBrowserIsRequiredItsAbsenceFailsNamingBothMissingBinaries() throws Exception {
        Path driver = Files.createFile(dir.resolve("chromedriver-not-executable"));
        BrowserBinaries binaries = new BrowserBinaries(dir.resolve("no-chromium"), driver);

        assertThatThrownBy(() -> binaries.requireFor(ConsoleSmokeIT.class, "1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("!!! BROWSER TESTS CANNOT RUN: Chromium (no executable ")
                .hasMessageContaining(" and ChromeDriver (no executable " + driver
                        + "; -Ddlirun.chromedriver=PATH names another) missing. The browser tests of "
                        + "bootstrap/src/test/java/dev/dlirun/bootstrap/console/ConsoleSmokeIT.java must run "
                        + "(DLIRUN_BROWSER_REQUIRED=1); `apt-get install -y chromium chromium-driver` enables them.");
    }

    @Test
    void onlyOneMeansRequired() {
        BrowserBinaries binaries = new BrowserBinaries(dir.resolve("no-chromium"), dir.resolve("no-driver"));

        assertThatThrownBy(() -> binaries.requireFor(ConsoleSmokeIT.class, "0"))
                .isInstanceOf(TestAbortedException.class);
    }

    @Test
    void theSystemPropertiesNameTheBinariesElseDebiansAreUsed() {
        String chromium = System.getProperty("dlirun.chromium");
        try {
            System.setProperty("dlirun.chromium", "/opt/chromium/chrome");
            assertThat(BrowserBinaries.configured()).isEqualTo(new BrowserBinaries(Path.of("/opt/chromium/chrome"),
                    Path.of(System.getProperty("dlirun.chromedriver", "/usr/bin/chromedriver"))));
            System.clearProperty("dlirun.chromium");
            assertThat(BrowserBinaries.configured().chromium()).isEqualTo(Path.of("/usr/bin/chromium"));
        } finally {
            if (chromium == null) {
                System.clearProperty("dlirun.chromium");
            } else {
                System.setProperty("dlirun.chromium", chromium);
            }
        }
    }

    private Path executable(String name) throws Exception {
        return Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
