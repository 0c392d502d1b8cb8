package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.JobsFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar dlirun.jar [flags]}: reads the configuration, starts the service, stops it on SIGTERM. */
@Command(name = "dlirun",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Serves Huawei Cloud DLI's Batch Run Jobs API: POST /v1.0/{project_id}/streaming/jobs/run.",
                "Every flag can also be set with the environment variable named after it.",
                ""})
public final class Main implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port to listen on; 0 picks a free one. Env DLIRUN_PORT. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface. Env DLIRUN_BIND. Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--backend", paramLabel = "BACKEND", defaultValue = "local",
            description = "Where jobs are looked up and started: ${COMPLETION-CANDIDATES}. Env DLIRUN_BACKEND. "
                    + "Default: ${DEFAULT-VALUE} (the embedded engine, no cloud account needed).")
    Backend backend;

    @Option(names = "--jobs", paramLabel = "FILE",
            description = "JSON file of the local engine's jobs (an array of DLI job_detail objects). Env DLIRUN_JOBS. "
                    + "Default: the built-in demo catalogue.")
    Path jobs;

    @Option(names = "--max-batch", paramLabel = "N", defaultValue = "1000",
            description = "Most job ids one request may name. Env DLIRUN_MAX_BATCH. Default: ${DEFAULT-VALUE}.")
    int maxBatch;

    @Option(names = "--launch-delay", paramLabel = "DURATION", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long the local engine takes to get a submitted job running (e.g. 500ms, 2s). "
                    + "Env DLIRUN_LAUNCH_DELAY. Default: ${DEFAULT-VALUE}.")
    Duration launchDelay;

    @Option(names = "--shutdown-grace", paramLabel = "DURATION", defaultValue = "10s", converter = DurationConverter.class,
            description = "On SIGTERM, how long requests in flight may take to finish. Env DLIRUN_SHUTDOWN_GRACE. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration shutdownGrace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int exit = commandLine(new Main(), System.getenv()).execute(args);
        System.exit(exit);
    }

    /** The command line parser, taking defaults from {@code environment}. */
    static CommandLine commandLine(Main command, Map<String, String> environment) {
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvironmentDefaults(environment));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("dlirun: " + e.getMessage());
            err.println("Run with --help to see the flags.");
            return 2;
        });
        return cli;
    }

    /** The checked configuration. */
    ServerConfig config() {
        try {
            return new ServerConfig(bind, port, backend, Optional.ofNullable(jobs), maxBatch, launchDelay, shutdownGrace);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        PrintWriter err = spec.commandLine().getErr();
        DliRunServer server;
        try {
            server = DliRunServer.start(config, Clock.systemUTC());
        } catch (JobsFileException e) {
            err.println("dlirun: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            err.println("dlirun: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "dlirun-shutdown"));
        stopped.await();
        return 0;
    }

    /** The version this jar was built as. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"dlirun " + (version != null ? version : "(development build)")};
        }
    }
}
