package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.catalogue.CatalogueMove;
import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code java -jar dlirun.jar catalogue-move --data-dir DIR --catalogue jdbc:postgresql://...}: moves a data
 * directory's H2 catalogue (every job with its state and tags, savepoint history, versions, templates, upgrades and
 * alerts) into an empty PostgreSQL catalogue, in one transaction, checks the counts, and says what it moved. The
 * service must not be running on the data directory (H2 lets one process open it). The data directory is left as it
 * was: its jobs' files, checkpoints and savepoints stay where their paths say.
 */
@Command(name = "catalogue-move",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Moves the jobs of a data directory's catalogue (their definitions, states, tags, savepoint history and "
                        + "versions; templates, upgrades and alerts) into an empty PostgreSQL catalogue, in one "
                        + "transaction, and says what it moved. Stop the service on the data directory first.",
                ""})
final class CatalogueMoveCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "dlirun-data",
            description = "The data directory whose catalogue is moved. Env DLIRUN_DATA_DIR. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--catalogue", paramLabel = "URL", required = true,
            description = "The empty PostgreSQL catalogue (jdbc:postgresql://host:port/database, no password in it). "
                    + "Env DLIRUN_CATALOGUE.")
    String catalogue;

    @Option(names = "--catalogue-credentials", paramLabel = "FILE",
            description = "A properties file with its user and password (user=..., password=...); without it, "
                    + "DLIRUN_CATALOGUE_USER and DLIRUN_CATALOGUE_PASSWORD. Env DLIRUN_CATALOGUE_CREDENTIALS.")
    Path catalogueCredentials;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CatalogueAddress address;
        try {
            address = CatalogueAddress.of(catalogue, catalogueCredentials, main.environment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (!Files.isRegularFile(dataDir.resolve("catalogue.mv.db"))) {
            err.println("dlirun catalogue-move: " + dataDir + " holds no catalogue (catalogue.mv.db): nothing to move");
            return 1;
        }
        try (JdbcJobCatalogue from = JdbcJobCatalogue.inDirectory(dataDir);
             JdbcJobCatalogue to = address.open()) {
            CatalogueMove.Moved moved = CatalogueMove.move(from, to);
            out.println("Moved " + moved + " from " + dataDir.toAbsolutePath() + " into " + address.url()
                    + "; the counts agree.");
            out.flush();
            return 0;
        } catch (JdbcJobCatalogue.CatalogueUnavailableException | IllegalStateException e) {
            err.println("dlirun catalogue-move: " + e.getMessage() + "; nothing was moved");
            err.flush();
            return 1;
        }
    }
}
