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
 * {@code DliProviderPactTest} has the DLI client's pact to verify, the fake DLI models every interaction of it (the provider
 * test would report one it does not as skipped), and so a new interaction the fake does not model is noticed
 * here rather than skipped quietly.
 */
class DliPactFileTest {

    @Test
    void theDliClientsPactIsThereAndTheFakeModelsEveryInteraction() throws IOException {
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
                .isEmpty();
    }
}
