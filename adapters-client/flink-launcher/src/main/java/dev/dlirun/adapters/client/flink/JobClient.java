package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.adapters.client.flink.cluster.JobOutputLog;
import dev.dlirun.adapters.client.flink.cluster.LocalFlinkCluster;
import dev.dlirun.adapters.client.flink.cluster.OsUser;
import dev.dlirun.adapters.client.flink.policy.CodePolicy;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.LaunchRefusedException;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.configuration.Configuration;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A job client: the launches of a project that runs code, done away from the service, in a process of its own
 * running as that project's own user, with its jobs' class loaders' parent seeing Flink's jars only. It plans each
 * job's SQL (its functions' code runs then) or runs its jar's main method, with the same {@link JobSubmitter} and code
 * policy as the service, and submits the job to the project's own cluster. It lives as long as the project's cluster
 * (its JVM and SQL planner stay warm) and takes one launch at a time: the service writes the launch as a line of JSON
 * on its standard input and reads the answer from its output; what the job's code prints on the way reaches the
 * service's log as that project's jobs' output. A job client that ends (a job's code may end it) is started again at
 * the project's next launch; one that does not answer within five minutes is ended.
 */
final class JobClient implements AutoCloseable {

    /** What begins the job client's answer, on a line of its own. */
    static final String ANSWER = "DLIRUN-JOB-CLIENT ";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CHILD_MAIN = "dev.dlirun.adapters.client.flink.processes.ChildMain";
    private static final java.time.Duration TIMEOUT = java.time.Duration.ofMinutes(5);
    /** What the output's reader hands over when the job client's output ends. */
    private static final String ENDED = "\0ended";

    private final List<String> command;
    private final Path directory;
    /** The connectors' bundles as this job client's user can read them: empty for the service's own. */
    private final Optional<Path> connectorJars;
    private final java.util.concurrent.BlockingQueue<String> answers = new java.util.concurrent.LinkedBlockingQueue<>();
    private volatile String launching = "";
    private volatile String project = "";
    private Process process;
    private java.io.Writer requests;

    /**
     * @param cluster   the project's own cluster: its jars are the job client's class path, its log its log
     * @param classPath the file listing the service's class path, readable by {@code user}
     * @param user      the project's own user, when the service runs as root
     * @param directory where the job client runs, its temporary files included (the user's own)
     */
    JobClient(LocalFlinkCluster cluster, Path classPath, Optional<OsUser> user, Path directory,
              Optional<Path> connectorJars) throws LaunchRefusedException {
        this.directory = directory;
        this.connectorJars = connectorJars;
        List<String> command = new ArrayList<>();
        for (String setpriv : new String[]{"/usr/bin/setpriv", "/bin/setpriv"}) {
            if (Files.isExecutable(Path.of(setpriv))) {
                command.addAll(List.of(setpriv, "--pdeathsig", "SIGKILL"));
                user.ifPresent(owner -> command.addAll(List.of("--reuid=" + owner.uid(), "--regid=" + owner.gid(),
                        "--clear-groups", "--no-new-privs")));
                command.add("--");
                break;
            }
        }
        command.addAll(List.of(JAVA, "-Xmx512m"));
        command.addAll(LocalFlinkCluster.javaOpens());
        command.addAll(cluster.jobLogProperties("job-client"));
        command.addAll(List.of("-Djava.io.tmpdir=" + directory, "-Dlog.file=" + cluster.logFile("job-client"),
                "-Dlogback.configurationFile=" + cluster.logConfiguration(), "-cp", jars(cluster.lib()), CHILD_MAIN,
                classPath.toString(), JobClientMain.class.getName()));
        this.command = List.copyOf(command);
    }

    /**
     * Runs the launch in the job client (started if it is not running) and waits for its answer.
     *
     * @param rest the project's cluster's REST client settings
     * @throws LaunchRefusedException with the job client's reason, or when it failed or did not answer
     */
    synchronized void launch(Launch launch, FlinkSettings settings, Configuration rest) throws LaunchRefusedException {
        launching = launch.projectId() + "/" + launch.jobId() + " ";
        project = launch.projectId().value();
        String answer;
        try {
            running();
            answers.clear();
            requests.write(JSON.writeValueAsString(request(launch, connectorJars.map(settings::withConnectorJars)
                    .orElse(settings), rest)));
            requests.write('\n');
            requests.flush();
            answer = answers.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            end();
            throw new LaunchRefusedException("The job's client could not take the launch: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end();
            throw new LaunchRefusedException("The service stopped while the job's client launched the job.");
        }
        if (answer == null) {
            end();
            throw new LaunchRefusedException("The job's client did not answer within " + TIMEOUT.toMinutes()
                    + " minutes; it was ended.");
        }
        if (answer.equals(ENDED)) {
            int exit = process.exitValue();
            end();
            throw new LaunchRefusedException("The job's client ended without an answer (exit " + exit + ").");
        }
        if (!answer.equals("submitted")) {
            throw new LaunchRefusedException(answer.startsWith("refused ") ? answer.substring("refused ".length())
                    : "The job's client answered: " + answer);
        }
    }

    /** Starts the job client's process if it is not running. */
    private void running() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("HOME", directory.toString());
        builder.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
        builder.environment().put("LANG", "C.UTF-8");
        Process started = builder.start();
        requests = new java.io.OutputStreamWriter(started.getOutputStream(), StandardCharsets.UTF_8);
        answers.clear();
        Thread reader = new Thread(() -> read(started), "dlirun-job-client-output");
        reader.setDaemon(true);
        reader.start();
        process = started;
    }

    private void read(Process from) {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(from.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                if (line.startsWith(ANSWER)) {
                    answers.add(line.substring(ANSWER.length()));
                } else if (!line.isEmpty()) {
                    JobOutputLog.record(java.util.Optional.of(project), " (its client)", launching + line, false);
                }
            }
        } catch (IOException | java.io.UncheckedIOException ended) {
            // the process ended
        }
        try {
            from.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        answers.add(ENDED);
    }

    private void end() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Ends the job client's process. */
    @Override
    public synchronized void close() {
        end();
    }

    private static String jars(Path lib) throws LaunchRefusedException {
        try (var files = Files.list(lib)) {
            return String.join(java.io.File.pathSeparator, files.filter(file -> file.toString().endsWith(".jar"))
                    .sorted().map(Path::toString).toList());
        } catch (IOException e) {
            throw new LaunchRefusedException("The job's client has no jars to run: " + e.getMessage());
        }
    }

    static ObjectNode request(Launch launch, FlinkSettings settings, Configuration rest) {
        ObjectNode request = JSON.createObjectNode();
        request.put("project", launch.projectId().value());
        request.put("job", launch.jobId().value());
        request.put("launch", launch.runtimeJobId().value());
        launch.restorePath().ifPresent(path -> request.put("restore", path));
        if (launch.allowNonRestoredState()) {
            request.put("allow_non_restored_state", true);
        }
        JobDefinition definition = launch.definition();
        ObjectNode job = request.putObject("definition");
        job.put("name", definition.name());
        job.put("type", definition.type().name());
        definition.sqlBody().ifPresent(sql -> job.put("sql_body", sql));
        definition.mainClass().ifPresent(main -> job.put("main_class", main));
        definition.entrypointArgs().ifPresent(args -> job.put("entrypoint_args", args));
        JobConfig config = definition.config();
        ObjectNode jobConfig = job.putObject("config");
        jobConfig.put("parallel_number", config.parallelNumber());
        jobConfig.put("checkpoint_enabled", config.checkpointEnabled());
        jobConfig.put("checkpoint_mode", config.checkpointMode().name());
        jobConfig.put("checkpoint_interval", config.checkpointIntervalSeconds());
        jobConfig.put("restart_when_exception", config.restartWhenException());
        jobConfig.put("resume_max_num", config.resumeMaxNum());
        config.runtimeConfig().ifPresent(text -> jobConfig.put("runtime_config", text));
        config.entrypoint().ifPresent(jar -> jobConfig.put("entrypoint", jar));
        // The job's own jars besides its entry point.
        job.set("extras", JSON.valueToTree(definition.extras().only(java.util.Set.of(JobField.DEPENDENCY_JARS,
                JobField.UDF_JAR_URL)).toJson()));
        request.put("checkpoints", settings.checkpoints().toString());
        request.put("savepoints", settings.savepoints().toString());
        request.put("projects", settings.projects().toString());
        settings.jars().ifPresent(jars -> request.put("jars", jars.toString()));
        ArrayNode connectors = request.putArray("connectors");
        settings.connectors().forEach(connectors::add);
        ArrayNode code = request.putArray("code_projects");
        settings.codeProjects().forEach(code::add);
        settings.reach().connectorJars().ifPresent(jars -> request.put("connector_jars", jars.toString()));
        ArrayNode allowHosts = request.putArray("allow_hosts");
        settings.reach().allowHosts().forEach(allowHosts::add);
        ArrayNode servicePorts = request.putArray("service_ports");
        settings.reach().servicePorts().get().forEach(servicePorts::add);
        ObjectNode restSettings = request.putObject("rest");
        rest.toMap().forEach(restSettings::put);
        return request;
    }

    /** The launch and the settings a job client was given. */
    record Request(Launch launch, FlinkSettings settings, Configuration rest) {

        static Request read(JsonNode request) {
            JsonNode job = request.get("definition");
            JsonNode config = job.get("config");
            JobConfig.Builder settings = JobConfig.builder()
                    .parallelNumber(config.get("parallel_number").asInt())
                    .checkpointEnabled(config.get("checkpoint_enabled").asBoolean())
                    .checkpointMode(CheckpointMode.valueOf(config.get("checkpoint_mode").asText()))
                    .checkpointIntervalSeconds(config.get("checkpoint_interval").asInt())
                    .restartWhenException(config.get("restart_when_exception").asBoolean())
                    .resumeMaxNum(config.get("resume_max_num").asInt());
            if (config.has("runtime_config")) {
                settings.runtimeConfig(config.get("runtime_config").asText());
            }
            if (config.has("entrypoint")) {
                settings.entrypoint(config.get("entrypoint").asText());
            }
            JobDefinition definition = new JobDefinition(job.get("name").asText(),
                    JobType.valueOf(job.get("type").asText()), text(job, "sql_body"), text(job, "main_class"),
                    text(job, "entrypoint_args"), settings.build(), job.has("extras")
                    ? JobFields.parse(JSON.convertValue(job.get("extras"), new com.fasterxml.jackson.core.type
                    .TypeReference<java.util.Map<String, Object>>() { })) : JobFields.EMPTY);
            Launch launch = new Launch(ProjectId.of(request.get("project").asText()),
                    JobId.of(request.get("job").asLong()), new RuntimeJobId(request.get("launch").asText()),
                    definition, text(request, "restore"), request.path("allow_non_restored_state").asBoolean(false));
            Set<String> connectors = new HashSet<>();
            request.get("connectors").forEach(name -> connectors.add(name.asText()));
            Set<String> code = new HashSet<>();
            request.get("code_projects").forEach(name -> code.add(name.asText()));
            Configuration rest = new Configuration();
            request.get("rest").properties().forEach(entry -> rest.setString(entry.getKey(), entry.getValue()
                    .asText()));
            Path projects = Path.of(request.get("projects").asText());
            List<String> allowHosts = new ArrayList<>();
            request.get("allow_hosts").forEach(entry -> allowHosts.add(entry.asText()));
            Set<Integer> servicePorts = new HashSet<>();
            request.get("service_ports").forEach(port -> servicePorts.add(port.asInt()));
            FlinkSettings.JobReach reach = new FlinkSettings.JobReach(text(request, "connector_jars").map(Path::of),
                    allowHosts, () -> Set.copyOf(servicePorts));
            // Where the job goes is in rest (its TLS settings included); the cluster named here is not reached.
            FlinkSettings flink = new FlinkSettings(new FlinkSettings.Remote(URI.create("http://"
                    + rest.get(org.apache.flink.configuration.RestOptions.ADDRESS) + ":"
                    + rest.get(org.apache.flink.configuration.RestOptions.PORT))),
                    URI.create(request.get("checkpoints").asText()), URI.create(request.get("savepoints").asText()),
                    projects, text(request, "jars").map(Path::of), connectors, code,
                    Path.of(System.getProperty("java.io.tmpdir")), Path.of(System.getProperty("java.io.tmpdir")), reach);
            return new Request(launch, flink, rest);
        }

        private static Optional<String> text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
        }
    }

    /** The policy a job client applies: the service's, for the project's own directory, which it does not create. */
    static CodePolicy policy(FlinkSettings settings) {
        return new CodePolicy(settings.projects(), settings.jars(), settings.connectors(), settings.codeProjects(),
                settings.reach().network(), directory -> { });
    }
}
