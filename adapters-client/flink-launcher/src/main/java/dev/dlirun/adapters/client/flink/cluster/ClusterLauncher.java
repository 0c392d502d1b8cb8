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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the local cluster's processes are started as: the configuration files they read ({@code config.yaml}, all on
 * 127.0.0.1, with the cluster's keys; {@code logback.xml}, Flink's log to rolling files), and each process's command
 * line (as the cluster's user, from a class path of Flink's own jars only, with the memory flags Flink's own scripts
 * would compute), an environment with nothing of the service's in it, its pid file, and its printed output, which
 * reaches the service's log as data ({@link JobOutputLog}).
 */
final class ClusterLauncher {

    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** Runs Flink's entry point with one line per printed record (in flink-lib, from the flink-cluster module). */
    private static final String PROCESS_MAIN = "dev.dlirun.adapters.client.flink.processes.ProcessMain";
    /** What Flink's own scripts open on Java 17 for every Flink process ({@code env.java.default-opts.all}). */
    static final List<String> JAVA_17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED", "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED", "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    /** What each process may take: small enough for one machine beside the service, enough for its slots' jobs. */
    private static final String JOB_MANAGER_MEMORY = "768m";
    private static final String TASK_MANAGER_MEMORY = "1280m";

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{60} - %msg%n";
    private static final String FILTER = "dev.dlirun.adapters.client.flink.processes.JobRecordFilter";

    /**
     * Flink's own log, per process, in files that roll at 20 MB (three are kept). Their sizes are looked at every
     * 10 ms (a {@code stat}): Logback's default, once a minute, let a busy job's file grow to 60 MB before it rolled,
     * and once a second still to 40 MB (a job logging 150 000 records a second). With {@code JOBS}, the records Flink
     * tags with a job's id go to that job's own files instead ({@link JobLogFiles}: {@code log/jobs/<JobID>/<process>.log},
     * rolled at {@value JobLogFiles#MAX_FILE_MEGABYTES} MB, one kept), each process's file of a job closed after
     * {@value JobLogFiles#IDLE_MINUTES} idle minutes, at most {@value JobLogFiles#OPEN_FILES} open at once.
     */
    private static final String LOGBACK = """
            <configuration>
              <appender name="FILE" class="ch.qos.logback.core.rolling.RollingFileAppender">
                %s
                <file>${log.file}</file>
                <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                  <fileNamePattern>${log.file}.%%i</fileNamePattern>
                  <minIndex>1</minIndex>
                  <maxIndex>3</maxIndex>
                </rollingPolicy>
                <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                  <maxFileSize>20MB</maxFileSize>
                  <checkIncrement>10 milliseconds</checkIncrement>
                </triggeringPolicy>
                <encoder>
                  <pattern>%s</pattern>
                </encoder>
              </appender>
              %s
              <logger name="org.apache.pekko" level="WARN"/>
              <root level="INFO">
                <appender-ref ref="FILE"/>
                %s
              </root>
            </configuration>
            """;
    private static final String JOBS = """
              <appender name="JOBS" class="ch.qos.logback.classic.sift.SiftingAppender">
                <filter class="%s"><jobRecords>true</jobRecords></filter>
                <discriminator class="ch.qos.logback.classic.sift.MDCBasedDiscriminator">
                  <key>flink-job-id</key>
                  <defaultValue>none</defaultValue>
                </discriminator>
                <timeout>%d minutes</timeout>
                <maxAppenderCount>%d</maxAppenderCount>
                <sift>
                  <appender name="JOB-${flink-job-id}" class="ch.qos.logback.core.rolling.RollingFileAppender">
                    <file>${log.jobs}/${flink-job-id}/${log.role}.log</file>
                    <rollingPolicy class="ch.qos.logback.core.rolling.FixedWindowRollingPolicy">
                      <fileNamePattern>${log.jobs}/${flink-job-id}/${log.role}.log.%%i</fileNamePattern>
                      <minIndex>1</minIndex>
                      <maxIndex>1</maxIndex>
                    </rollingPolicy>
                    <triggeringPolicy class="ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy">
                      <maxFileSize>%dMB</maxFileSize>
                      <checkIncrement>10 milliseconds</checkIncrement>
                    </triggeringPolicy>
                    <encoder>
                      <pattern>%s</pattern>
                    </encoder>
                  </appender>
                </sift>
              </appender>
            """;


    private final LocalFlinkCluster.Settings settings;
    private final Path conf;
    private final String classPath;

    /**
     * @param conf the directory of the configuration files ({@link #writeConfiguration}, {@link #writeLogConfiguration})
     * @param lib  the directory of the processes' jars
     * @throws IOException when {@code lib} holds no jars
     */
    ClusterLauncher(LocalFlinkCluster.Settings settings, Path conf, Path lib) throws IOException {
        this.classPath = classPath(lib);
        this.settings = settings;
        this.conf = conf;
    }

    /** A port free on this machine now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Writes {@code config.yaml} in {@code conf}, readable by the service alone: the file holds the keys' passwords. */
    static Path writeConfiguration(Path conf, int restPort, int slots, Path tmp, ClusterTls tls) throws IOException {
        StringBuilder yaml = new StringBuilder(configuration(restPort, slots, tmp));
        tls.clusterSettings().forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
        Path config = conf.resolve("config.yaml");
        Files.deleteIfExists(config);
        Files.createFile(config, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(config, yaml);
        return config;
    }

    /**
     * Writes Flink's log configuration, {@code logback.xml}, in {@code conf}: with {@code jobLogs}, each job's records
     * in files of its own.
     */
    static Path writeLogConfiguration(Path conf, boolean jobLogs) throws IOException {
        Path logback = logConfiguration(conf);
        Files.writeString(logback, logConfiguration(jobLogs));
        return logback;
    }

    static String logConfiguration(boolean jobLogs) {
        if (!jobLogs) {
            return LOGBACK.formatted("", PATTERN, "", "");
        }
        return LOGBACK.formatted("<filter class=\"" + FILTER + "\"><jobRecords>false</jobRecords></filter>", PATTERN,
                JOBS.formatted(FILTER, JobLogFiles.IDLE_MINUTES, JobLogFiles.OPEN_FILES,
                        JobLogFiles.MAX_FILE_MEGABYTES, PATTERN), "<appender-ref ref=\"JOBS\"/>");
    }

    /** Where Flink's log configuration is in {@code conf}. */
    static Path logConfiguration(Path conf) {
        return conf.resolve("logback.xml");
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

    /** Starts the process of {@code role}, writes its pid file and pumps its output to the service's log. */
    Process launch(ClusterRole role) throws IOException {
        Configuration configuration = new Configuration();
        configuration.set(JobManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(JOB_MANAGER_MEMORY));
        configuration.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse(TASK_MANAGER_MEMORY));
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        configuration.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.slots());
        String jvmMemory;
        String dynamic;
        if (role == ClusterRole.JOBMANAGER) {
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
        command.add("-Dlog.file=" + settings.logDirectory().resolve(role.file() + ".log"));
        command.add("-D" + JobLogFiles.DIRECTORY_PROPERTY + "=" + JobLogFiles.directoryIn(settings.logDirectory()));
        command.add("-D" + JobLogFiles.PROCESS_PROPERTY + "=" + role.file());
        command.add("-Dlogback.configurationFile=" + logConfiguration(conf));
        command.addAll(List.of("-cp", classPath, PROCESS_MAIN, role.mainClass(), "--configDir", conf.toString()));
        command.addAll(Arrays.asList(dynamic.strip().split("\\s+")));
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.directory().resolve("home").toFile())
                .redirectErrorStream(true);
        // Nothing of the service's environment (its keys for DLI, say) reaches the cluster's processes.
        builder.environment().clear();
        builder.environment().put("HOME", settings.directory().resolve("home").toString());
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        Process process = builder.start();
        Files.writeString(role.pidFile(settings.directory()), Long.toString(process.pid()));
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
    private static void pump(Process process, ClusterRole role, Optional<String> project) {
        String where = role == ClusterRole.TASKMANAGER ? "" : " (" + role.file() + ")";
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
}
