package dev.dlirun.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code DliProviderPactTest} has the DLI client's pact to verify, the fake DLI models every interaction of it but
 * the job-definition ones (which it reports as skipped), and so a new interaction the fake does not model is noticed
 * here rather than skipped quietly.
 */
class DliPactFileTest {

    @Test
    void theDliClientsPactIsThereAndTheFakeModelsAllButTheJobDefinitions() throws IOException {
        Path pact = Path.of(DliProviderPactTest.PACTS, "dlirun-huawei-dli.json");
        assertThat(pact).exists();

        JsonNode interactions = new ObjectMapper().readTree(pact.toFile()).get("interactions");
        List<JsonNode> all = StreamSupport.stream(interactions.spliterator(), false).toList();

        assertThat(all).extracting(i -> i.get("description").asText()).contains(
                "a check (gen-graph) of a job's own SQL",
                "the execution graph of a running job",
                "the metrics of a running job",
                "a create of a Flink SQL job template",
                "a list of the templates, oldest first",
                "an update of a template's description",
                "a delete of a template that does not exist",
                "an export of a job to OBS",
                "an import of an export file, covering jobs of the same name");
        assertThat(all).filteredOn(i -> !DliProviderPactTest.modelled(i.get("request").get("method").asText(),
                        i.get("request").get("path").asText()))
                .extracting(i -> i.get("description").asText())
                .containsExactlyInAnyOrder(
                        "a create of a Flink SQL job with the fields its caller set",
                        "an update of a Flink jar job with the fields its caller changed",
                        "a list of the running jobs, whole",
                        "a delete of a job",
                        "a batch delete of a job and of one that does not exist");
    }
}
