package dev.dlirun.adapters.client.flink.cluster;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.jobmanager.JobManagerProcessSpec;
import org.apache.flink.runtime.jobmanager.JobManagerProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A Flink session cluster on this machine in processes of its own, started and supervised by the service: one
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}) with the
 * configured task slots, from a class path of Flink's own jars only ({@code flink-lib}: nothing of the service's), with
 * the memory flags Flink's own scripts would compute. Everything listens on 127.0.0.1. The processes end with the
 * service (they are told to die with it, and leftovers of a service that was killed are ended at the next start); one
 * that ends on its own is started again. Flink's own log goes to files in {@code log/}; what the processes print (the
 * jobs' output) reaches the service's log as data ({@link JobOutputLog}).
 */
public final class LocalFlinkCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalFlinkCluster.class);
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    /** Runs Flink's entry point with one line per printed record (in flink-lib, from the flink-cluster module). */
    private static final String PROCESS_MAIN = "dev.dlirun.adapters.client.flink.processes.ProcessMain";
    /** What Flink's own scripts open on Java 17 for every Flink process ({@code env.java.default-opts.all}). */
    private static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    /** What Flink's processes need opened on Java 17 (the job clients' too). */
    public static List<String> javaOpens() {
        return JAVA_17_OPENS;
    }
    private static final Duration RESTART_DELAY = Duration.ofSeconds(2);

    /**
     * How the cluster runs.
     *
     * @param directory its own directory: configuration, keys, temporary files, logs, the processes' ids
     * @param secrets   a directory of the service's own, which the cluster's processes need not read: the service's
     *                  key for the cluster's REST API
     * @param lib       the directory of its class path's jars
     * @param slots     the TaskManager's task slots
     * @param user      the user its processes run as (the service then runs as root); empty: the service's own
     * @param project   the project whose own cluster it is, if it is one's: the key for its REST API is then its user's
     *                  too (the project's job clients run as that user), and what it prints is that project's output
     */
    public record Settings(Path directory, Path secrets, Path lib, int slots, Optional<OsUser> user,
                           Optional<String> project) {
        /** The cluster every project's jobs share: its REST API's key is the service's alone. */
        public Settings(Path directory, Path secrets, Path lib, int slots, Optional<OsUser> user) {
            this(directory, secrets, lib, slots, user, Optional.empty());
        }

        /** Whether the key for its REST API is its user's too. */
        boolean clientForTheUser() {
            return project.isPresent();
        }

        public Settings {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(secrets, "secrets");
            Objects.requireNonNull(lib, "lib");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(project, "project");
            if (slots < 1) {
                throw new IllegalArgumentException("a Flink cluster needs at least one task slot, not " + slots);
            }
        }
    }

    private enum Role {
        JOBMANAGER(JOB_MANAGER), TASKMANAGER(TASK_MANAGER);

        private final String mainClass;

        Role(String mainClass) {
            this.mainClass = mainClass;
        }

        String file() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Settings settings;
    private final Path conf;
    private final URI rest;
    private final Path lib;
    private final String classPath;
    private final ClusterTls tls;
    private final javax.net.ssl.SSLContext sslContext;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final Thread supervisor;
    private volatile Process jobManager;
    private volatile Process taskManager;
    private volatile String notReady = "the local Flink cluster is starting";
    private volatile boolean closing;

    private LocalFlinkCluster(Settings settings, Path conf, URI rest, Path lib, ClusterTls tls)
            throws IOException {
        this.lib = lib;
        this.classPath = classPath(lib);
        this.settings = settings;
        this.conf = conf;
        this.rest = rest;
        this.tls = tls;
        this.sslContext = tls.clientContext();
        this.supervisor = new Thread(this::supervise, "dlirun-flink-cluster");
        this.supervisor.setDaemon(true);
    }

    /**
     * Starts the cluster and returns once its TaskManager has registered its slots.
     *
     * @throws IOException when its files cannot be written or its processes not started
     */
    public static LocalFlinkCluster start(Settings settings) throws IOException, InterruptedException {
        Path directory = Files.createDirectories(settings.directory());
        endLeftovers(directory);
        Optional<OsUser> user = settings.user();
        // The cluster's user may pass through its directory (to its own parts of it) but not list it.
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString(user.isPresent() ? "rwx--x--x"
                : "rwx------"));
        // What the service writes for the cluster (its configuration, its keys) is made anew in directories of the
        // service's own, which the cluster's user may read but not change.
        Path conf = fresh(directory.resolve("conf"));
        fresh(directory.resolve("tls"));
        fresh(settings.secrets().resolve("flink-rest"));
        Path log = ownedBy(user, directory.resolve("log"));
        Path tmp = ownedBy(user, directory.resolve("tmp"));
        ownedBy(user, directory.resolve("home"));
        // Its own copy of its jars: the service's jar may lie where the cluster's user cannot read (e.g. under /root).
        Path lib = user.isPresent() ? copyOf(settings.lib(), directory.resolve("lib")) : settings.lib();
        int restPort = freePort();
        ClusterTls tls = ClusterTls.generate(directory.resolve("tls"), settings.secrets().resolve("flink-rest"));
        StringBuilder yaml = new StringBuilder(configuration(restPort, settings.slots(), tmp));
        tls.clusterSettings().forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Path config = conf.resolve("config.yaml");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, yaml);
        Path logback = conf.resolve("logback.xml");
        Files.writeString(logback, LOGBACK);
        if (user.isPresent()) {
            for (Path readable : new Path[]{conf, directory.resolve("tls"), tls.serverKeystore(),
                    tls.serverTruststore(), tls.internalKeystore(), config, logback}) {
                user.get().mayRead(readable);
            }
            if (settings.clientForTheUser()) {
                for (Path readable : new Path[]{tls.clientKeystore().getParent(), tls.clientKeystore(),
                        tls.clientTruststore()}) {
                    user.get().mayRead(readable);
                }
            }
            checkReachable(user.get(), config, lib, log);
        }
        LocalFlinkCluster cluster = new LocalFlinkCluster(settings, conf, URI.create("https://127.0.0.1:" + restPort),
                lib, tls);
        // The processes are started, and started again, by one thread that lives as long as the cluster: they are
        // told to die with the thread that started them.
        cluster.supervisor.start();
        try {
            cluster.started.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return cluster;
        } catch (ExecutionException e) {
            cluster.close();
            throw new IOException("the local Flink cluster did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            cluster.close();
            throw new IOException("the local Flink cluster did not start within " + START_TIMEOUT.toSeconds()
                    + " s; its logs are in " + directory.resolve("log"));
        } catch (InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    /** An empty directory of the service's own at {@code directory}, whatever was there (links not followed). */
    private static Path fresh(Path directory) throws IOException {
        LocalFiles.deleteWithoutFollowingLinks(directory);
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private static Path ownedBy(Optional<OsUser> user, Path directory) throws IOException {
        return user.isPresent() ? user.get().own(directory) : Files.createDirectories(directory);
    }

    /**
     * A copy of the jars of {@code lib} in {@code copy}, readable by all (hard links where the file system allows);
     * kept from the last start when it holds the same files.
     */
    private static Path copyOf(Path lib, Path copy) throws IOException {
        Files.createDirectories(copy);
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rwxr-xr-x"));
        java.util.Set<String> wanted = new java.util.HashSet<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(file -> file.getFileName().toString().endsWith(".jar")).toList()) {
                Path target = copy.resolve(jar.getFileName());
                wanted.add(jar.getFileName().toString());
                if (Files.exists(target) && Files.size(target) == Files.size(jar)) {
                    continue;
                }
                Files.deleteIfExists(target);
                try {
                    Files.createLink(target, jar);
                } catch (IOException | UnsupportedOperationException otherFileSystem) {
                    Files.copy(jar, target);
                }
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        try (Stream<Path> old = Files.list(copy)) {
            for (Path stale : old.filter(file -> !wanted.contains(file.getFileName().toString())).toList()) {
                Files.delete(stale);
            }
        }
        return copy;
    }

    /**
     * @throws IOException naming the directory that keeps the cluster's user from its configuration, jars or logs
     */
    private static void checkReachable(OsUser user, Path config, Path lib, Path log) throws IOException {
        for (Path path : new Path[]{config, lib, log}) {
            for (Path directory = path.toAbsolutePath().getParent(); directory != null; directory = directory.getParent()) {
                var attributes = Files.readAttributes(directory, java.nio.file.attribute.PosixFileAttributes.class);
                var permissions = attributes.permissions();
                boolean own = Files.getAttribute(directory, "unix:uid").equals(user.uid())
                        && permissions.contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
                boolean group = Files.getAttribute(directory, "unix:gid").equals(user.gid())
                        && permissions.contains(java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE);
                boolean others = permissions.contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE);
                if (!own && !group && !others) {
                    throw new IOException("the local Flink cluster runs as " + user + ", which cannot reach "
                            + path + ": " + directory + " is closed to other users. Choose a data directory it can "
                            + "reach (e.g. --data-dir /var/lib/dlirun), or open " + directory + " to others "
                            + "(chmod o+x)");
                }
            }
        }
    }

    private static String configuration(int restPort, int slots, Path tmp) throws IOException {
        return String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + freePort(),
                "jobmanager.bind-host: 127.0.0.1",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "taskmanager.host: 127.0.0.1",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.numberOfTaskSlots: " + slots,
                "jobmanager.memory.process.size: " + JOB_MANAGER_MEMORY,
                "taskmanager.memory.process.size: " + TASK_MANAGER_MEMORY,
                "taskmanager.memory.managed.size: 128m",
                "taskmanager.memory.network.min: 64m",
                "taskmanager.memory.network.max: 64m",
                // Jars reach the cluster from the service only, with the jobs they belong to.
                "web.submit.enable: false",
                "io.tmp.dirs: " + tmp,
                "");
    }

    /** What each process may take: small enough for one machine beside the service, enough for its slots' jobs. */
    private static final String JOB_MANAGER_MEMORY = "768m";
    private static final String TASK_MANAGER_MEMORY = "1280m";

    private static final String LOGBACK = """
            <configuration>
              <!-- Flink's own log, per process, in files that roll at 20 MB (three are kept). -->
              <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                <file>${log.file}</file>
                <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                  <fileNamePattern>${log.file}.%i</fileNamePattern>
                  <minIndex>1</minIndex>
                  <maxIndex>3</maxIndex>
                </rollingPolicy>
                <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                  <maxFileSize>20MB</maxFileSize>
                </triggeringPolicy>
                <encoder>
                  <pattern>%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{60} - %msg%n</pattern>
                </encoder>
              </appender>
              <logger name="org.apache.pekko" level="WARN"/>
              <root level="INFO">
                <appender-ref ref="FILE"/>
              </root>
            </configuration>
            """;

    private static String classPath(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            throw new IOException("the local Flink cluster's jars are not where the service looks for them: " + lib
                    + " (the build puts them next to the service's jar, in flink-lib/)");
        }
        try (Stream<Path> jars = Files.list(lib)) {
            List<String> entries = jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted()
                    .map(Path::toString).toList();
            if (entries.isEmpty()) {
                throw new IOException("the local Flink cluster's jar directory " + lib + " holds no jars");
            }
            return String.join(java.io.File.pathSeparator, entries);
        }
    }

    private void supervise() {
        try {
            launchBoth();
            notReady = null;
            started.complete(null);
            watch();
        } catch (Exception e) {
            started.completeExceptionally(e);
        } finally {
            // The processes die with this thread anyway; stopped here first, they stop in order and cleanly.
            stopProcesses();
        }
    }

    /** Watches the processes until the cluster closes; starts both again when one of them ends on its own. */
    private void watch() {
        while (!closing) {
            try {
                Process jm = jobManager;
                Process tm = taskManager;
                if (jm.waitFor(200, TimeUnit.MILLISECONDS) || !tm.isAlive()) {
                    if (closing) {
                        return;
                    }
                    String which = !jm.isAlive() ? "JobManager" : "TaskManager";
                    int exit = !jm.isAlive() ? jm.exitValue() : tm.exitValue();
                    notReady = "the local Flink cluster's " + which + " ended (exit " + exit + "); starting it again";
                    LOG.error("The local Flink cluster's {} ended on its own (exit {}); its log is in {}. Starting the "
                            + "cluster again; the jobs it ran are lost to it.", which, exit, settings.directory()
                            .resolve("log"));
                    stopProcesses();
                    Thread.sleep(RESTART_DELAY.toMillis());
                    launchBoth();
                    notReady = null;
                    LOG.info("The local Flink cluster runs again");
                }
            } catch (InterruptedException e) {
                if (closing) {
                    return;
                }
            } catch (Exception e) {
                notReady = "the local Flink cluster cannot start again: " + e.getMessage();
                LOG.error("The local Flink cluster cannot start again; trying again in {} s: {}",
                        RESTART_DELAY.toSeconds(), e.toString());
                stopProcesses();
                try {
                    Thread.sleep(RESTART_DELAY.toMillis());
                } catch (InterruptedException interrupted) {
                    if (closing) {
                        return;
                    }
                }
            }
        }
    }

    private void launchBoth() throws IOException, InterruptedException {
        long begun = System.nanoTime();
        jobManager = launch(Role.JOBMANAGER);
        // Started before the JobManager answers, a TaskManager waits ten seconds before it tries again.
        await("the JobManager's REST API", () -> answers("\"flink-version\""));
        taskManager = launch(Role.TASKMANAGER);
        await("the TaskManager's " + settings.slots() + " slots", () -> answers("\"slots-total\":" + settings.slots()));
        LOG.info("The local Flink cluster runs, after {} ms: REST API on {}, {} slots, logs in {}",
                (System.nanoTime() - begun) / 1_000_000, rest, settings.slots(), settings.directory().resolve("log"));
    }

    private Process launch(Role role) throws IOException {
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(JOB_MANAGER_MEMORY));
        configuration.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(TASK_MANAGER_MEMORY));
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.slots());
        String jvmMemory;
        String dynamic;
        if (role == Role.JOBMANAGER) {
            JobManagerProcessSpec spec = JobManagerProcessUtils.processSpecFromConfig(configuration);
            jvmMemory = JobManagerProcessUtils.generateJvmParametersStr(spec, configuration);
            dynamic = JobManagerProcessUtils.generateDynamicConfigsStr(spec);
        } else {
            TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(configuration);
            jvmMemory = ProcessMemoryUtils.generateJvmParametersStr(spec);
            dynamic = TaskExecutorProcessUtils.generateDynamicConfigsStr(spec);
        }
        List<String> command = new ArrayList<>(runAsTheClustersUser());
        command.add(JAVA);
        command.addAll(Arrays.asList(jvmMemory.strip().split("\\s+")));
        command.addAll(JAVA_17_OPENS);
        command.add("-Dlog.file=" + settings.directory().resolve("log").resolve(role.file() + ".log"));
        command.add("-Dlogback.configurationFile=" + conf.resolve("logback.xml"));
        command.addAll(List.of("-cp", classPath, PROCESS_MAIN, role.mainClass, "--configDir", conf.toString()));
        command.addAll(Arrays.asList(dynamic.strip().split("\\s+")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.directory().resolve("home").toFile())
                .redirectErrorStream(true);
        // Nothing of the service's environment (its keys for DLI, say) reaches the cluster's processes.
        builder.environment().clear();
        builder.environment().put("HOME", settings.directory().resolve("home").toString());
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        Process process = builder.start();
        Files.writeString(settings.directory().resolve(role.file() + ".pid"), Long.toString(process.pid()));
        pump(process, role, settings.project());
        return process;
    }

    /**
     * {@code setpriv}: as the cluster's user (no groups, no capabilities, no way to gain any), and killed when the
     * thread that started the process ends (the supervisor, which ends with the service, even with {@code kill -9}).
     * Without {@code setpriv} (not Linux), the process runs as the service's user and ends when the service closes it.
     */
    private List<String> runAsTheClustersUser() throws IOException {
        for (String setpriv : new String[]{"/usr/bin/setpriv", "/bin/setpriv"}) {
            if (Files.isExecutable(Path.of(setpriv))) {
                List<String> command = new ArrayList<>(List.of(setpriv, "--pdeathsig", "SIGKILL"));
                settings.user().ifPresent(user -> command.addAll(user.runAs()));
                command.add("--");
                return command;
            }
        }
        if (settings.user().isPresent()) {
            throw new IOException("the local Flink cluster cannot run as " + settings.user().get() + ": this machine "
                    + "has no setpriv (util-linux)");
        }
        return List.of();
    }

    /** What a process prints (its jobs' output; Flink itself logs to files) goes to the service's log as data. */
    private static void pump(Process process, Role role, Optional<String> project) {
        String where = role == Role.TASKMANAGER ? "" : " (" + role.file() + ")";
        Thread pump = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JobOutputLog.record(project, where, line, false);
                }
            } catch (IOException | UncheckedIOException ended) {
                // the process ended
            }
        }, "dlirun-flink-" + role.file() + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    /** Ends processes a previous run of the service left behind (after a kill -9 where they could not die with it). */
    private static void endLeftovers(Path directory) throws IOException {
        for (Role role : Role.values()) {
            Path pidFile = directory.resolve(role.file() + ".pid");
            if (!Files.exists(pidFile)) {
                continue;
            }
            try {
                long pid = Long.parseLong(Files.readString(pidFile).strip());
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                String line = commandLine(pid);
                if (process.isPresent() && line.contains(role.mainClass) && line.contains(directory.toString())) {
                    LOG.warn("Ending the local Flink cluster's {} (pid {}) that an earlier run of the service left",
                            role.file(), pid);
                    process.get().destroyForcibly();
                    process.get().onExit().get(10, TimeUnit.SECONDS);
                }
            } catch (NumberFormatException | ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.warn("Could not end what {} names: {}", pidFile, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Files.deleteIfExists(pidFile);
        }
    }

    /**
     * A process's whole command line: from {@code /proc} on Linux (the JDK's own cuts long ones short, and a Flink
     * process's class path is long), else as the JDK tells it.
     */
    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
        } catch (IOException | UncheckedIOException notLinux) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine()).orElse("");
        }
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && !closing) {
            for (Process process : new Process[]{jobManager, taskManager}) {
                if (process != null && !process.isAlive()) {
                    throw new IOException("a process of the local Flink cluster ended while it started (exit "
                            + process.exitValue() + "); its logs are in " + settings.directory().resolve("log"));
                }
            }
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException(what + " did not answer within " + START_TIMEOUT.toSeconds() + " s; the logs are in "
                + settings.directory().resolve("log"));
    }

    private boolean answers(String expected) {
        try {
            var connection = (javax.net.ssl.HttpsURLConnection) rest.resolve("/overview").toURL().openConnection();
            connection.setSSLSocketFactory(sslContext.getSocketFactory());
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() == 200 && new String(connection.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).replace(" ", "").contains(expected);
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The service's key for the REST API, and its trust in it, as a client elsewhere would be given them. */
    public java.util.Map<String, String> clientKeys() {
        return tls.clientSettings();
    }

    /** The jars its processes run from (its own copy, when it runs as a user of its own). */
    public Path lib() {
        return lib;
    }

    /** Its Flink log configuration, which its user can read. */
    public Path logConfiguration() {
        return conf.resolve("logback.xml");
    }

    /** Where a process of its (or of its user's) writes its log, by its name. */
    public Path logFile(String name) {
        return settings.directory().resolve("log").resolve(name + ".log");
    }

    /** The cluster's REST API. */
    public URI rest() {
        return rest;
    }

    /**
     * What a client of the cluster's REST API needs (its address, and the service's key and trust over TLS): for the
     * service's own client and for the submission of its jobs.
     */
    public Configuration clientConfiguration() {
        Configuration configuration = new Configuration();
        configuration.set(org.apache.flink.configuration.RestOptions.ADDRESS, rest.getHost());
        configuration.set(org.apache.flink.configuration.RestOptions.PORT, rest.getPort());
        tls.clientSettings().forEach(configuration::setString);
        return configuration;
    }

    /** Why the cluster cannot take jobs now, if it cannot (a process ended and is being started again). */
    public Optional<String> notReady() {
        return Optional.ofNullable(closing ? "the local Flink cluster is stopped" : notReady);
    }

    private void stopProcesses() {
        for (Process process : new Process[]{taskManager, jobManager}) {
            if (process != null && process.isAlive()) {
                process.destroy();
            }
        }
        for (Process process : new Process[]{taskManager, jobManager}) {
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                if (!closing) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops the TaskManager, then the JobManager (SIGTERM, then SIGKILL after 20 s), and the supervisor with them. */
    @Override
    public void close() {
        closing = true;
        supervisor.interrupt();
        try {
            supervisor.join(TimeUnit.SECONDS.toMillis(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopProcesses();
        for (Role role : Role.values()) {
            try {
                Files.deleteIfExists(settings.directory().resolve(role.file() + ".pid"));
            } catch (IOException ignored) {
                // a stale pid file is checked against the process's command line at the next start
            }
        }
    }
}
