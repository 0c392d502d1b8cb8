package dev.dlirun.adapters.client.flink.cluster;

import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local cluster as the service starts it: its processes, its REST API for the service only, its end. */
class LocalFlinkClusterTest {

    /** The cluster's class path as the build gathers it (the flink-cluster module). */
    static final Path LIB = Path.of("../flink-cluster/target/lib").toAbsolutePath().normalize();

    /** As the service runs it: as a user of its own when the tests run as root (they do in CI). */
    static final Optional<OsUser> USER = OsUser.weAreRoot() ? Optional.of(OsUser.of("65532:65532")) : Optional.empty();

    private static Path root;
    private static LocalFlinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("dlirun-local-cluster");
        // As the service leaves its data directory: the cluster's user may pass through it.
        Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        cluster = LocalFlinkCluster.start(new LocalFlinkCluster.Settings(root.resolve("cluster"),
                root.resolve("secrets"), LIB, 2, USER));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theRestApiAnswersTheServicesKeyOnlyAndOverTlsOnly() throws Exception {
        URI rest = cluster.rest();
        assertThat(rest.getScheme()).isEqualTo("https");
        assertThat(rest.getHost()).isEqualTo("127.0.0.1");

        try (RestClusterClient<String> service = new RestClusterClient<>(cluster.clientConfiguration(), "test")) {
            assertThat(service.getClusterOverview().get(10, TimeUnit.SECONDS).getNumSlotsTotal()).isEqualTo(2);
        }
        HttpURLConnection plain = (HttpURLConnection) URI.create("http://127.0.0.1:" + rest.getPort() + "/overview")
                .toURL().openConnection();
        plain.setReadTimeout(5000);
        plain.setInstanceFollowRedirects(false);
        assertThat(plain.getResponseCode()).as("plain HTTP: sent to HTTPS, nothing else").isEqualTo(301);
        assertThat(plain.getHeaderField("location")).startsWith("https://");
        assertThat(plain.getInputStream().readAllBytes()).isEmpty();
        HttpsURLConnection stranger = (HttpsURLConnection) rest.resolve("/overview").toURL().openConnection();
        stranger.setSSLSocketFactory(trustingEverythingWithoutAKey().getSocketFactory());
        stranger.setHostnameVerifier((host, session) -> true);
        stranger.setReadTimeout(5000);
        assertThatThrownBy(stranger::getResponseCode).as("TLS without the service's key").isInstanceOf(IOException.class);
    }

    @Test
    void aServiceInFrontOfItAsARemoteClusterRunsJobsWithTheServicesKeyAndNotWithoutIt() throws Exception {
        var keys = cluster.clientKeys();
        FlinkSettings.RestTls tls = new FlinkSettings.RestTls(Path.of(keys.get("security.ssl.rest.keystore")),
                keys.get("security.ssl.rest.keystore-password"), Path.of(keys.get("security.ssl.rest.truststore")),
                keys.get("security.ssl.rest.truststore-password"));
        FlinkJobRuntime withKey = runtime(new FlinkSettings.Remote(cluster.rest(), Optional.of(tls)));
        FlinkJobRuntime plain = runtime(new FlinkSettings.Remote(URI.create("http://127.0.0.1:"
                + cluster.rest().getPort())));
        try {
            assertThat(withKey.awaitReady(java.time.Duration.ofMinutes(1))).as("ready with the service's key").isTrue();
            Launch launch = new Launch(ProjectId.of("remote"), JobId.of(1), RuntimeJobId.generate(),
                    JobDefinition.sql("remote", JobType.FLINK_OPENSOURCE_SQL_JOB, """
                            CREATE TABLE s (a INT) WITH ('connector' = 'datagen', 'number-of-rows' = '3');
                            CREATE TABLE b (a INT) WITH ('connector' = 'blackhole');
                            INSERT INTO b SELECT a FROM s;""", JobConfig.DEFAULTS), Optional.empty());
            withKey.launch(launch);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!withKey.observe().containsKey(launch.runtimeJobId())) {
                assertThat(System.nanoTime()).as("the job on the cluster").isLessThan(deadline);
                Thread.sleep(100);
            }
            // Its first look at the cluster times out after ten seconds; until then it says it is starting.
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (plain.notReady().orElse("").equals("Flink is starting") && System.nanoTime() < giveUp) {
                Thread.sleep(200);
            }
            assertThat(plain.notReady()).hasValueSatisfying(why -> assertThat(why).startsWith(
                    "cannot reach the Flink cluster at http://127.0.0.1:" + cluster.rest().getPort()));
            assertThat(plain.awaitReady(java.time.Duration.ofSeconds(1))).as("ready without a key").isFalse();
        } finally {
            withKey.close();
            plain.close();
        }
    }

    private static FlinkJobRuntime runtime(FlinkSettings.Remote remote) {
        FlinkJobRuntime runtime = new FlinkJobRuntime(new FlinkSettings(remote, root.resolve("checkpoints").toUri(),
                root.resolve("savepoints").toUri(), root.resolve("projects"), Optional.empty(),
                FlinkSettings.defaultConnectors(), java.util.Set.of(), root.resolve("service-tmp"),
                root.resolve("unused")));
        runtime.start();
        return runtime;
    }

    private static SSLContext trustingEverythingWithoutAKey() throws Exception {
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, new TrustManager[]{new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return context;
    }

    @Test
    void itsProcessesRunFromFlinksJarsOnlyAsTheirOwnUserWithNothingOfTheServicesEnvironment() throws Exception {
        Path lib = USER.isPresent() ? root.resolve("cluster/lib") : LIB;
        for (String role : List.of("jobmanager", "taskmanager")) {
            long pid = Long.parseLong(Files.readString(root.resolve("cluster").resolve(role + ".pid")).strip());
            // setpriv execs Java in place: the pid is the JVM's.
            List<String> arguments = List.of(Files.readString(Path.of("/proc/" + pid + "/cmdline")).split("\0"));
            String commandLine = String.join(" ", arguments);
            String classPath = arguments.get(arguments.indexOf("-cp") + 1);
            assertThat(classPath.split(":")).as(role).allSatisfy(jar -> assertThat(Path.of(jar).getParent())
                    .isEqualTo(lib));
            assertThat(commandLine).doesNotContain("password");
            assertThat(Files.readString(Path.of("/proc/" + pid + "/environ")).split("\0")).as(role)
                    .allSatisfy(variable -> assertThat(variable).matches("(HOME|PATH|LANG)=.*"));
            String uid = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
            assertThat(uid.split("\\s+")[1]).as(role + "'s user").isEqualTo(USER.map(user -> Integer.toString(
                    user.uid())).orElse(Files.getAttribute(root, "unix:uid").toString()));
        }
        if (USER.isPresent()) {
            // The cluster's user may read its configuration and keys, never change them: they stay the service's.
            Path config = root.resolve("cluster/conf/config.yaml");
            assertThat(Files.getAttribute(config, "unix:uid")).isEqualTo(0);
            assertThat(Files.getAttribute(config, "unix:gid")).isEqualTo(65532);
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                    .isEqualTo("rw-r-----");
            assertThat(Files.getAttribute(root.resolve("cluster/conf"), "unix:uid")).isEqualTo(0);
            assertThat(Files.getAttribute(root.resolve("cluster/log"), "unix:uid")).isEqualTo(65532);
            assertThat(Files.getAttribute(root.resolve("secrets/flink-rest"), "unix:uid")).isEqualTo(0);
        }
        assertThat(Files.getPosixFilePermissions(root.resolve("cluster/conf/config.yaml")))
                .doesNotContain(java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                        java.nio.file.attribute.PosixFilePermission.GROUP_WRITE);
        assertThat(root.resolve("secrets/flink-rest/service.p12")).exists();
        assertThat(root.resolve("cluster/tls/service.p12")).doesNotExist();
    }
}
