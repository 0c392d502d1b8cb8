package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import dev.dlirun.adapters.client.local.model.TestJobs;
import dev.dlirun.adapters.client.peers.PostgresServer;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --catalogue} and {@code --catalogue-credentials}, and the {@code catalogue-move} command, on a real
 * PostgreSQL.
 */
class CatalogueFlagsTest {

    private static final String URL = "jdbc:postgresql://db.internal:5432/dlirun";

    @TempDir
    static Path directory;
    private static PostgresServer postgres;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresServer.start(directory.resolve("postgres"));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        Main main = new Main();
        Main.commandLine(main, environment).parseArgs(args);
        return main.config();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private static Run execute(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(new Main(), environment);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path credentials(Path dir, String user, String password) throws Exception {
        Path file = dir.resolve("catalogue.properties");
        Files.writeString(file, "user=" + user + "\npassword=" + password + "\n");
        return file;
    }

    @Test
    void withoutTheFlagTheCatalogueIsTheDataDirectorysH2File() {
        assertThat(parse(Map.of()).catalogue()).isEmpty();
    }

    @Test
    void theCredentialsComeFromTheirFileOrElseFromTheEnvironmentAndAreNeverPrinted(@TempDir Path dir)
            throws Exception {
        ServerConfig fromFile = parse(Map.of(), "--catalogue", URL, "--catalogue-credentials",
                credentials(dir, "svc", "s3cret").toString());
        assertThat(fromFile.catalogue()).contains(new CatalogueAddress(URL, "svc", "s3cret"));
        assertThat(fromFile.toString()).contains(URL + " as svc").doesNotContain("s3cret");

        ServerConfig fromEnvironment = parse(Map.of("DLIRUN_CATALOGUE", URL, "DLIRUN_CATALOGUE_USER", "env-user",
                "DLIRUN_CATALOGUE_PASSWORD", "env-secret"));
        assertThat(fromEnvironment.catalogue()).contains(new CatalogueAddress(URL, "env-user", "env-secret"));
    }

    @Test
    void anH2UrlAPasswordInTheUrlMissingCredentialsAndEphemeralAreRefusedSayingWhy(@TempDir Path dir)
            throws Exception {
        Map<String, String> env = Map.of("DLIRUN_CATALOGUE_USER", "u", "DLIRUN_CATALOGUE_PASSWORD", "p");
        assertThatThrownBy(() -> parse(env, "--catalogue", "jdbc:h2:file:/tmp/x"))
                .hasMessageContaining("the H2 catalogue lives in the data directory")
                .hasMessageContaining("--catalogue takes a PostgreSQL URL");
        assertThatThrownBy(() -> parse(env, "--catalogue", URL + "?user=u&password=hunter2"))
                .hasMessageContaining("must not carry a password");
        assertThatThrownBy(() -> parse(Map.of(), "--catalogue", URL))
                .hasMessageContaining("needs its user and password")
                .hasMessageContaining("DLIRUN_CATALOGUE_USER");
        Path noPassword = dir.resolve("user-only.properties");
        Files.writeString(noPassword, "user=u\n");
        assertThatThrownBy(() -> parse(Map.of(), "--catalogue", URL, "--catalogue-credentials", noPassword.toString()))
                .hasMessageContaining("must give user= and password=");
        assertThatThrownBy(() -> parse(env, "--catalogue", URL, "--ephemeral"))
                .hasMessageContaining("choose one");
        assertThatThrownBy(() -> parse(env, "--catalogue-credentials", noPassword.toString()))
                .hasMessageContaining("--catalogue-credentials goes with --catalogue");
    }

    @Test
    void theLocalEngineKeepsItsJobsInThePostgresCatalogue(@TempDir Path dir) throws Exception {
        ServerConfig config = ServerConfig.simulated(0).withDataDirectory(dir.resolve("data"))
                .withCatalogue(new CatalogueAddress(postgres.jdbcUrl(), postgres.user(), postgres.password()));
        try (LocalBackend backend = LocalBackend.open(config, java.time.Clock.systemUTC())) {
            backend.beforeServing();
            assertThat(backend.description()).contains("kept in PostgreSQL at " + postgres.jdbcUrl());
            assertThat(backend.catalogue().count()).isPositive();
        }
        assertThat(dir.resolve("data").resolve("catalogue.mv.db")).doesNotExist();
        assertThat(postgres.query("SELECT COUNT(*) > 0 FROM jobs")).containsExactly(List.of(true));
    }

    @Test
    void catalogueMoveMovesADataDirectoryIntoAnEmptyCatalogueOnceAndSaysWhat(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        ProjectId project = ProjectId.of("p1");
        try (JdbcJobCatalogue h2 = JdbcJobCatalogue.inDirectory(data)) {
            h2.addAllIfAbsent(List.of(TestJobs.job(project, 1, JobStatus.JOB_RUNNING, true),
                    TestJobs.job(project, 2, JobStatus.JOB_CANCEL_SUCCESS, true)));
        }
        String database = "moved";
        postgres.execute("CREATE DATABASE " + database);
        String url = postgres.jdbcUrl(database);
        Path credentials = credentials(dir, postgres.user(), postgres.password());

        Run moved = execute(Map.of(), "catalogue-move", "--data-dir", data.toString(), "--catalogue", url,
                "--catalogue-credentials", credentials.toString());

        assertThat(moved.exitCode()).as(moved.err()).isZero();
        assertThat(moved.out()).startsWith("Moved 2 jobs, 0 job_tags, 0 savepoints, 0 job_versions, 1 project_jobs")
                .contains("into " + url).contains("the counts agree").doesNotContain(postgres.password());
        try (JdbcJobCatalogue h2 = JdbcJobCatalogue.inDirectory(data);
             JdbcJobCatalogue pg = JdbcJobCatalogue.onPostgres(url, postgres.user(), postgres.password())) {
            List<JobId> ids = List.of(JobId.of(1), JobId.of(2));
            assertThat(pg.findAll(project, ids)).hasSize(2).isEqualTo(h2.findAll(project, ids));
        }

        Run again = execute(Map.of("DLIRUN_CATALOGUE_USER", postgres.user(), "DLIRUN_CATALOGUE_PASSWORD",
                postgres.password()), "catalogue-move", "--data-dir", data.toString(), "--catalogue", url);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("the PostgreSQL catalogue is not empty (it holds 2 jobs")
                .contains("nothing was moved");

        Run nothing = execute(Map.of(), "catalogue-move", "--data-dir", dir.resolve("none").toString(),
                "--catalogue", url, "--catalogue-credentials", credentials.toString());
        assertThat(nothing.exitCode()).isEqualTo(1);
        assertThat(nothing.err()).contains("holds no catalogue");
        assertThat(Optional.of(execute(Map.of(), "catalogue-move", "--data-dir", data.toString(),
                "--catalogue", "jdbc:h2:file:/x").err())).hasValueSatisfying(err ->
                assertThat(err).contains("the H2 catalogue lives in the data directory"));
    }
}
