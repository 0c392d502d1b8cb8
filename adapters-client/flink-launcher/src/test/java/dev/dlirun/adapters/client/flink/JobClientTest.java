package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What the service hands a job client is what the job client launches: nothing of the launch is lost on the way. */
class JobClientTest {

    @Test
    void aLaunchAndItsSettingsReachTheJobClientWhole() throws Exception {
        JobConfig config = JobConfig.builder().parallelNumber(3).checkpointEnabled(true)
                .checkpointMode(CheckpointMode.AT_LEAST_ONCE).checkpointIntervalSeconds(7).restartWhenException(true)
                .resumeMaxNum(4).runtimeConfig("{\"table.exec.mini-batch.enabled\": \"true\"}")
                .entrypoint("job.jar").build();
        Launch launch = new Launch(ProjectId.of("code"), JobId.of(42), RuntimeJobId.generate(), new JobDefinition(
                "reach", JobType.FLINK_JAR_JOB, Optional.empty(), Optional.of("probe.Reach"),
                Optional.of("a b 'c'"), config), Optional.of("file:/tmp/savepoints/code/42/savepoint-1"), true);
        FlinkSettings settings = new FlinkSettings(new FlinkSettings.Embedded(4), URI.create("file:///data/checkpoints"),
                URI.create("file:///data/savepoints"), Path.of("/data/projects"), Optional.of(Path.of("/jars")),
                Set.of("datagen", "print"), Set.of("code"), Path.of("/data/tmp"), Path.of("/data/cluster"));
        Configuration rest = new Configuration();
        rest.set(RestOptions.ADDRESS, "127.0.0.1");
        rest.set(RestOptions.PORT, 40123);
        rest.setString("security.ssl.rest.keystore", "/data/clusters/code/client/service.p12");

        String sent = new ObjectMapper().writeValueAsString(JobClient.request(launch, settings, rest));
        JobClient.Request received = JobClient.Request.read(new ObjectMapper().readTree(sent));

        assertThat(received.launch()).isEqualTo(launch);
        assertThat(received.settings().checkpoints()).isEqualTo(settings.checkpoints());
        assertThat(received.settings().savepoints()).isEqualTo(settings.savepoints());
        assertThat(received.settings().projects()).isEqualTo(settings.projects());
        assertThat(received.settings().jars()).isEqualTo(settings.jars());
        assertThat(received.settings().connectors()).isEqualTo(settings.connectors());
        assertThat(received.settings().codeProjects()).isEqualTo(settings.codeProjects());
        assertThat(received.rest().toMap()).isEqualTo(rest.toMap());
    }
}
