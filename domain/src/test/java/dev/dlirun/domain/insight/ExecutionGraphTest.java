package dev.dlirun.domain.insight;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutionGraphTest {

    @Test
    void aRunningRunHasNoEndAndADurationOfMinusOneMeansNotKnown() {
        ExecutionGraph running = new ExecutionGraph("a1b2", "orders", "RUNNING", true, 1000, -1, -1);

        assertThat(running).returns("a1b2", ExecutionGraph::runId).returns("orders", ExecutionGraph::name)
                .returns("RUNNING", ExecutionGraph::state).returns(true, ExecutionGraph::stoppable)
                .returns(1000L, ExecutionGraph::startTime).returns(-1L, ExecutionGraph::endTime)
                .returns(-1L, ExecutionGraph::duration);
        assertThat(new ExecutionGraph("a1b2", "orders", "FINISHED", false, 1000, 1500, 0).duration()).isZero();
    }

    @Test
    void aDurationBelowMinusOneIsRefused() {
        assertThatThrownBy(() -> new ExecutionGraph("a1b2", "orders", "RUNNING", true, 1000, -1, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a run's duration is -1 (not known) or more, not -2");
    }

    @Test
    void aRunNeedsItsIdNameAndState() {
        assertThatThrownBy(() -> new ExecutionGraph(null, "orders", "RUNNING", true, 0, -1, -1))
                .isInstanceOf(NullPointerException.class).hasMessage("runId");
        assertThatThrownBy(() -> new ExecutionGraph("a1b2", null, "RUNNING", true, 0, -1, -1))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new ExecutionGraph("a1b2", "orders", null, true, 0, -1, -1))
                .isInstanceOf(NullPointerException.class).hasMessage("state");
    }
}
