package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.dli.DliCredentials;
import dev.dlirun.adapters.client.dli.DliSettings;
import dev.dlirun.adapters.client.flink.FlinkSettings;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.local.engine.EngineSettings;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the flags' values into the checked {@link ServerConfig}: the flags that go together and those that exclude
 * each other, the backend they name, the defaults that depend on other flags.
 */
final class ConfigFromFlags {

    private final ServerOptions server;
    private final BackendOptions backend;
    private final JobOptions jobs;
    private final DliOptions dli;
    /** The process's environment: the catalogue's credentials may come from it. */
    private final Map<String, String> environment;

    ConfigFromFlags(ServerOptions server, BackendOptions backend, JobOptions jobs, DliOptions dli) {
        this(server, backend, jobs, dli, Map.of());
    }

    ConfigFromFlags(ServerOptions server, BackendOptions backend, JobOptions jobs, DliOptions dli,
                    Map<String, String> environment) {
        this.server = server;
        this.backend = backend;
        this.jobs = jobs;
        this.dli = dli;
        this.environment = environment;
    }

    /**
     * The checked configuration.
     *
     * @throws IllegalArgumentException saying which flag is wrong, and why
     */
    ServerConfig config() {
        Optional<Path> dataDirectory = jobs.ephemeral ? Optional.empty() : Optional.of(jobs.dataDir);
        Authentication authentication = new Authentication(server.auth, switch (server.auth) {
            case none -> Optional.empty();
            case aksk -> Optional.ofNullable(server.credentials);
            case token -> Optional.ofNullable(server.tokens);
        });
        Backend backend = backend();
        ServerConfig config = new ServerConfig(server.bind, server.port, backend, Optional.ofNullable(jobs.jobs),
                dataDirectory, jobs.maxBatch, jobs.shutdownGrace, jobs.requestDeadline, authentication,
                server.maxBody, server.readTimeout, server.readinessCache,
                EngineSettings.DEFAULTS.withSavepoints(jobs.savepointTimeout, jobs.savepointsKept), jobs.maxWait);
        Optional<CatalogueAddress> catalogue = catalogue(backend);
        return catalogue.map(config::withCatalogue).orElse(config).withLeaseTime(jobs.leaseTime);
    }

    /** The PostgreSQL catalogue of {@code --catalogue}, when it is given. */
    private Optional<CatalogueAddress> catalogue(Backend backend) {
        if (jobs.catalogue == null) {
            if (jobs.catalogueCredentials != null) {
                throw new IllegalArgumentException("--catalogue-credentials goes with --catalogue");
            }
            return Optional.empty();
        }
        if (backend instanceof Backend.Dli) {
            throw new IllegalArgumentException("--catalogue keeps the local engine's jobs: it does not go with "
                    + "--backend dli, whose jobs DLI keeps");
        }
        if (jobs.ephemeral) {
            throw new IllegalArgumentException("--ephemeral keeps the jobs in memory and --catalogue in PostgreSQL: "
                    + "choose one");
        }
        return Optional.of(CatalogueAddress.of(jobs.catalogue, jobs.catalogueCredentials, environment));
    }

    private Backend backend() {
        if (backend.backend == BackendOptions.BackendKind.dli) {
            return new Backend.Dli(dliSettings());
        }
        if (backend.engine == BackendOptions.Engine.simulated) {
            if (backend.flinkRest != null) {
                throw new IllegalArgumentException("--flink-rest runs jobs on a Flink cluster: it goes with --engine "
                        + "flink, not simulated");
            }
            return new Backend.Simulated(jobs.launchDelay);
        }
        URI flinkRest = backend.flinkRest;
        boolean flinkInProcess = backend.flinkInProcess;
        String jobsUser = backend.jobsUser;
        if (flinkRest != null && flinkInProcess) {
            throw new IllegalArgumentException("--flink-rest and --flink-in-process name two places to run jobs: "
                    + "choose one");
        }
        if (jobsUser != null && (flinkRest != null || flinkInProcess)) {
            throw new IllegalArgumentException("--jobs-user names who runs the local Flink cluster: it goes with "
                    + "neither --flink-rest nor --flink-in-process");
        }
        if (jobsUser != null && !OsUser.weAreRoot()) {
            throw new IllegalArgumentException("--jobs-user needs the service to run as root: only root can run "
                    + "processes as another user (without it, the local cluster runs as the service's own user)");
        }
        if (backend.projectSlots != null && flinkRest != null) {
            throw new IllegalArgumentException("--project-slots limits the service's own Flink cluster: it does not go "
                    + "with --flink-rest");
        }
        int perProject = backend.projectSlots != null ? backend.projectSlots
                : FlinkSettings.defaultProjectSlots(backend.flinkSlots);
        Path keystore = backend.flinkRestKeystore;
        Path truststore = backend.flinkRestTruststore;
        boolean restTls = keystore != null || truststore != null;
        if (restTls && flinkRest == null) {
            throw new IllegalArgumentException("--flink-rest-keystore and --flink-rest-truststore go with --flink-rest");
        }
        if (restTls && (keystore == null || truststore == null || backend.flinkRestKeystorePassword == null
                || backend.flinkRestTruststorePassword == null)) {
            throw new IllegalArgumentException("a REST API over TLS with client keys needs --flink-rest-keystore and "
                    + "--flink-rest-truststore, and their passwords (DLIRUN_FLINK_REST_KEYSTORE_PASSWORD, "
                    + "DLIRUN_FLINK_REST_TRUSTSTORE_PASSWORD)");
        }
        Optional<FlinkSettings.RestTls> tls = restTls ? Optional.of(new FlinkSettings.RestTls(keystore,
                backend.flinkRestKeystorePassword, truststore, backend.flinkRestTruststorePassword)) : Optional.empty();
        FlinkSettings.Cluster cluster = flinkRest != null ? new FlinkSettings.Remote(flinkRest, tls)
                : flinkInProcess ? new FlinkSettings.Embedded(backend.flinkSlots, perProject)
                : new FlinkSettings.Local(backend.flinkSlots, perProject, backend.flinkLib != null ? backend.flinkLib
                : BackendOptions.defaultFlinkLib(),
                jobsUser != null ? Optional.of(OsUser.of(jobsUser)) : OsUser.byDefault());
        Set<String> allowed = new TreeSet<>();
        backend.connectors.stream().map(String::strip).filter(name -> !name.isEmpty()).forEach(allowed::add);
        Set<String> code = new TreeSet<>();
        backend.codeProjects.stream().map(String::strip).filter(name -> !name.isEmpty()).forEach(code::add);
        for (String project : code) {
            if (!project.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new IllegalArgumentException("--code-projects names '" + project + "', which is no project id");
            }
        }
        List<String> allowHosts = backend.allowHosts.stream().map(String::strip).filter(entry -> !entry.isEmpty())
                .toList();
        FlinkSettings.checkAllowHosts(allowHosts);
        if (backend.connectorJars != null) {
            checkConnectorJars(backend.connectorJars);
        }
        return new Backend.Flink(cluster, Optional.ofNullable(backend.checkpointDir),
                Optional.ofNullable(backend.savepointDir), Optional.ofNullable(backend.jarsDir), allowed, code,
                backend.connectorJars != null ? Optional.of(backend.connectorJars.toAbsolutePath())
                        : BackendOptions.defaultConnectorJars(), allowHosts);
    }

    /** @throws IllegalArgumentException unless {@code directory} holds jars, directly or in bundles of its own */
    private static void checkConnectorJars(Path directory) {
        boolean jars;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(directory, 2)) {
            jars = files.anyMatch(file -> file.getFileName().toString().endsWith(".jar"));
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            jars = false;
        }
        if (!jars) {
            throw new IllegalArgumentException("--connector-jars " + directory + " holds no connector bundle (a "
                    + "directory of jars per bundle, as the build puts them in flink-connectors/ next to the jar)");
        }
    }

    private DliSettings dliSettings() {
        if ((dli.dliEndpoint == null) == (dli.dliRegion == null)) {
            throw new IllegalArgumentException("the dli backend needs either --dli-endpoint or --dli-region");
        }
        URI endpoint = dli.dliEndpoint != null ? dli.dliEndpoint : DliSettings.endpointOfRegion(dli.dliRegion);
        boolean akSk = dli.dliAccessKey != null || dli.dliSecretKey != null;
        if (akSk == (dli.dliToken != null)) {
            throw new IllegalArgumentException(
                    "the dli backend needs either --dli-ak with --dli-sk, or --dli-token (not both)");
        }
        if (akSk && (dli.dliAccessKey == null || dli.dliSecretKey == null)) {
            throw new IllegalArgumentException("--dli-ak and --dli-sk go together");
        }
        DliCredentials credentials = akSk
                ? new DliCredentials.AkSk(dli.dliAccessKey, dli.dliSecretKey)
                : new DliCredentials.Token(dli.dliToken);
        DliSettings settings = DliSettings.defaults(endpoint, credentials)
                .withConcurrency(dli.dliConcurrency)
                .withChunkSize(dli.dliChunkSize)
                .withTimeouts(dli.dliConnectTimeout, dli.dliReadTimeout);
        return dli.dliProbeProject == null ? settings : settings.withProbeProject(dli.dliProbeProject);
    }
}
