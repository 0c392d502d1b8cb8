package dev.dlirun.bootstrap;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code java -jar dlirun.jar [flags]}: reads the configuration, starts the service, stops it on SIGTERM; {@code
 * java -jar dlirun.jar catalogue-move ...} moves a data directory's catalogue into PostgreSQL
 * ({@link CatalogueMoveCommand}). The flags
 * are declared by subject in the mixins below, read into a {@link ServerConfig} by {@link ConfigFromFlags}; the
 * process's start and stop are {@link ServerProcess}'s.
 */
@Command(name = "dlirun",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        subcommands = CatalogueMoveCommand.class,
        description = {
                "Serves Huawei Cloud DLI's Batch Run Jobs API: POST /v1.0/{project_id}/streaming/jobs/run, its jobs run on "
                        + "Apache Flink.",
                "Every flag can also be set with the environment variable named after it.",
                ""})
public final class Main implements Callable<Integer> {

    // The groups of flags, in the order --help lists them (sortOptions = false: the order they are declared in).
    @Mixin
    ServerOptions server = new ServerOptions();

    @Mixin
    BackendOptions backend = new BackendOptions();

    @Mixin
    JobOptions jobs = new JobOptions();

    @Mixin
    DliOptions dli = new DliOptions();

    @Mixin
    AlertOptions alerts = new AlertOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The process's environment: flags' defaults, and the catalogue's credentials. */
    Map<String, String> environment = Map.of();

    public static void main(String[] args) {
        int exit = commandLine(new Main(), System.getenv()).execute(args);
        System.exit(exit);
    }

    /** The command line parser, taking defaults from {@code environment}. */
    static CommandLine commandLine(Main command, Map<String, String> environment) {
        command.environment = environment;
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
            return new ConfigFromFlags(server, backend, jobs, dli, environment).config().withAlerts(AlertConfig.from(alerts,
                    backend.backend));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        ServerConfig config = config();
        return ServerProcess.run(config, server.logFormat, spec.commandLine().getErr());
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
