package dev.dlirun.bootstrap.console;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The packaged jar as the browser tests' server: started, stopped and started again as they need it. */
class PackagedServerIT {

    /** What the console shows comes from the data directory: a restart keeps both it and the address. */
    @Test
    void aStoppedServerStartsAgainOnItsPortAndDataDirectoryWhichOutliveIt() throws Exception {
        Path data = Files.createTempDirectory("dlirun-console-data");
        try (PackagedServer server = PackagedServer.start("--engine=simulated", "--data-dir", data.toString())) {
            int port = server.port();
            assertThat(port).isPositive();
            assertThat(get(server.baseUrl() + "/health/live")).isEqualTo(200);

            assertThat(server.stop()).as("exit value of an orderly stop").isZero();
            assertThat(server.running()).isFalse();
            assertThatThrownBy(() -> get(server.baseUrl() + "/health/live")).as("nothing listens").isNotNull();
            server.startAgain();

            assertThat(server.port()).isEqualTo(port);
            assertThat(server.dataDir()).isEqualTo(data);
            assertThat(get(server.baseUrl() + "/health/live")).isEqualTo(200);
            assertThat(server.output()).filteredOn(line -> line.startsWith("=== "))
                    .hasSize(2).allSatisfy(command -> assertThat(command).contains(" --data-dir=" + data + " "));
        }
        assertThat(data).as("a data directory the test gave is the test's").isDirectory();
        dev.dlirun.bootstrap.ScratchDirectory.delete(data);
    }

    @Test
    void aServerThatEndsBeforeListeningFailsTheStartWithWhatItPrinted() {
        assertThatThrownBy(() -> PackagedServer.start("--bind=0.0.0.0"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the server ended before listening; it printed:\n=== ")
                .hasMessageContaining("dlirun: refusing to listen on 0.0.0.0 without authentication");
    }

    private static int get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
