package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliJobBackend;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.catalogue.JobsFile;


import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The training run behind {@code target/dlirun.jsa}, the class-data archive that cuts start-up by about 40%. The build runs it
 * right after packaging, as {@code java -XX:ArchiveClassesAtExit=target/dlirun.jsa -cp target/dlirun.jar
 * dev.dlirun.bootstrap.ClassDataTraining}: it starts the service as the README's command does (flags parsed by
 * {@link Main}, the local engine on an H2 file, its jobs on an embedded Flink), sends it the requests a first caller
 * sends (health, a batch run that starts a job and refuses others, a malformed body, a job's detail until it runs, a
 * stop with a savepoint, metrics), stops it and exits. The JVM then writes every class those steps loaded, parsed and verified, into the
 * archive (Flink's among them, but the SQL planner's: it has a class loader of its own); a server started with
 * {@code -XX:SharedArchiveFile=target/dlirun.jsa} maps them instead of loading them again.
 *
 * <p>Not for operators: it serves nothing and ends by itself.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path data = Files.createTempDirectory("dlirun-training");
        try {
            Main main = new Main();
            Main.commandLine(main, Map.of()).parseArgs("--port=0", "--data-dir=" + data, "--readiness-cache=0s");
            try (DliRunServer server = DliRunServer.start(main.config(), Clock.systemUTC())) {
                URI base = URI.create("http://127.0.0.1:" + server.address().getPort());
                expect(200, call(base, "GET", "/health/live", null));
                until(base, "/health/ready", "\"UP\"");
                expect(200, call(base, "POST", "/v1.0/demo/streaming/jobs/run",
                        "{\"job_ids\":[131,999],\"resume_savepoint\":false}"));
                expect(400, call(base, "POST", "/v1.0/demo/streaming/jobs/run", "{\"job_ids\":[\"x\""));
                until(base, "/v1.0/demo/streaming/jobs/131", "\"job_running\"");
                expect(400, call(base, "GET", "/v1.0/demo/streaming/jobs/999", null));
                expect(200, call(base, "POST", "/v1.0/demo/streaming/jobs/stop",
                        "{\"job_ids\":[131],\"trigger_savepoint\":true}"));
                until(base, "/v1.0/demo/streaming/jobs/131", "\"job_cancel_success\"");
                expect(200, call(base, "GET", "/metrics", null));
            }
            importAJobsFile(data);
            trainTheDliClient();
        } finally {
            ScratchDirectory.delete(data);
        }
        System.exit(0);
    }

    /** What a start with {@code --jobs} does: a jobs file read, checked and written to a catalogue in one batch. */
    private static void importAJobsFile(Path data) throws IOException {
        StringBuilder jobs = new StringBuilder("[");
        for (int id = 1; id <= 200; id++) {
            jobs.append(id > 1 ? "," : "").append("{\"project_id\": \"training\", \"job_id\": ").append(id)
                    .append(", \"name\": \"job-").append(id).append("\", \"job_type\": \"flink_sql_job\", ")
                    .append("\"status\": \"job_init\", \"has_savepoint\": false, \"sql_body\": \"SELECT 1\", ")
                    .append("\"job_config\": {\"parallel_number\": 1, \"checkpoint_enabled\": false}}");
        }
        Path file = Files.writeString(data.resolve("training-jobs.json"), jobs.append("]"));
        try (JdbcJobCatalogue catalogue = JdbcJobCatalogue.inDirectory(data.resolve("import"))) {
            JobsFile.load(file, java.time.Instant.now(), 100, catalogue::addAllIfAbsent);
        }
    }

    /** What a batch through {@code --backend dli} does with each job, without DLI (see {@link DliJobBackend#warmUp}). */
    private static void trainTheDliClient() {
        DliSettings settings = DliSettings.defaults(URI.create("https://dli.training.invalid"),
                new DliCredentials.AkSk("training", "training"));
        try (DliJobBackend dli = new DliJobBackend(settings, Clock.systemUTC())) {
            dli.warmUpNow(200);
        }
    }

    /** Asks {@code path} until its answer holds {@code expected}, for at most two minutes. */
    private static void until(URI base, String path, String expected) throws IOException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (!answer(base, path).contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("training run: " + path + " never answered " + expected);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("training run interrupted", e);
            }
        }
    }

    private static String answer(URI base, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        int status = connection.getResponseCode();
        try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            return answer == null ? "" : new String(answer.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int call(URI base, String method, String path, String json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        if (json != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream body = connection.getOutputStream()) {
                body.write(json.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        try (InputStream answer = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (answer != null) {
                answer.readAllBytes();
            }
        }
        return status;
    }

    private static void expect(int expected, int actual) {
        if (expected != actual) {
            throw new IllegalStateException("training run: expected HTTP " + expected + ", got " + actual);
        }
    }
}
