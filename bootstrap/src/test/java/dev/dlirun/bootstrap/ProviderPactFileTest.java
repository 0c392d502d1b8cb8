package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The provider test has the Java client's pact to verify, with every interaction the client relies on. */
class ProviderPactFileTest {

    @Test
    void theClientsPactIsThereWithAllItsInteractions() throws IOException {
        Path pact = Path.of(ProviderPactTest.PACTS, "dlirun-java-client-dlirun.json");
        assertThat(pact).exists();

        JsonNode interactions = new ObjectMapper().readTree(pact.toFile()).get("interactions");

        assertThat(StreamSupport.stream(interactions.spliterator(), false).map(i -> i.get("description").asText()))
                .containsExactlyInAnyOrder(
                        "a batch run of four startable jobs, resuming from their savepoints",
                        "a batch run of a missing, a running, a savepoint-less and a startable job",
                        "a batch run that does not say whether to resume from savepoints",
                        "a batch run of no jobs at all",
                        "a request for the detail of an existing job",
                        "a batch stop with savepoints of a running job and a job that never ran",
                        "a savepoint triggered of a running job",
                        "a savepoint import from a path outside the project's savepoint directory",
                        "a request for the detail of a job that does not exist",
                        "a batch run that prefers to wait until its jobs run",
                        "a create of a Flink SQL job",
                        "a create of a job whose name another job of the project has",
                        "a create of a Flink jar job",
                        "an update of a job that does not run",
                        "an update of a jar job's arguments",
                        "an update of the SQL of a running job",
                        "a list of the running jobs",
                        "a delete of a running job",
                        "a delete of a job that does not exist",
                        "a batch delete of a job and of one that does not exist",
                        "a create of a Flink SQL job template",
                        "a list of the project's templates",
                        "an update of a template's description",
                        "an update of a template of another project",
                        "a delete of a template",
                        "a delete of a template that does not exist",
                        "an export of a job into the project's OBS folder",
                        "an export into a folder outside the project's own",
                        "an import of every export file of a folder",
                        "the metrics of a job that never ran",
                        "the metrics of a job running on a service that simulates its runs",
                        "the execution graph of a job that never ran",
                        "the exceptions of a job that never ran",
                        "the checkpoints of a job that does not exist",
                        "the log of a job that never ran",
                        "a check (gen-graph) of a job that does not exist",
                        "a check (gen-graph) of a job on a service that simulates its runs");
    }
}
