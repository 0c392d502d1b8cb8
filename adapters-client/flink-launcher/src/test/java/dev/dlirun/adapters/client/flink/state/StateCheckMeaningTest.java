package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.adapters.client.flink.EmbeddedFlink;
import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.local.runtime.Launch;
import dev.dlirun.adapters.client.local.runtime.ObservedJob;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.StateCheck;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.state.StateVerdict;
import dev.dlirun.domain.state.StateVerdict.Kind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The state check's reading of what state means, against real savepoints: the change Flink cannot see. It needs
 * {@link PlanMeanings} as the {@code meanings} branch writes it (the placeholder of this branch knows no meanings, and
 * this test fails with it: the check then says compatible, as Flink's rules alone do).
 */
class StateCheckMeaningTest {

    private static final ProjectId PROJECT = ProjectId.of("statemeaning");

    private static FlinkJobRuntime runtime;

    @BeforeAll
    static void flink() throws Exception {
        runtime = EmbeddedFlink.runtime();
    }

    @Test
    void aGroupByOverAnotherKeyIsIncompatibleThoughFlinkWouldRestoreItWithoutAWord() throws Exception {
        JobDefinition writer = StateCheckTest.sql(StateCheckTest.COUNT_BY_K);
        String savepoint = StateCheckTest.savepointOf(PROJECT, 1, writer);
        JobDefinition candidate = StateCheckTest.sql(StateCheckTest.COUNT_BY_K.replace(
                "SELECT k, COUNT(*) FROM events GROUP BY k", "SELECT v, COUNT(*) FROM events GROUP BY v"));

        StateVerdict verdict = runtime.checkState(new StateCheck(PROJECT, JobId.of(1), candidate, savepoint,
                Optional.of(writer), Optional.of(runtime.version())));

        assertThat(verdict.kind()).as(verdict.describe()).isEqualTo(Kind.INCOMPATIBLE);
        assertThat(verdict.reason()).contains("silently wrong");
        assertThat(verdict.operators()).singleElement().satisfies(note -> {
            assertThat(note.operator()).startsWith("GroupAggregate(groupBy=[v]");
            assertThat(note.note()).contains("groupBy=[k]").contains("would be taken up by")
                    .contains("groupBy=[v]");
        });
        // Flink itself sees nothing wrong: the operator ids are the same, and it restores k's counts as v's.
        Launch resumed = new Launch(PROJECT, JobId.of(1), RuntimeJobId.generate(), candidate, Optional.of(savepoint),
                false);
        EmbeddedFlink.launchUntil(resumed, ObservedJob.State.RUNNING);
        runtime.cancel(resumed.runtimeJobId()).get();
    }
}
