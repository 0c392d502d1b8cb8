package dev.dlirun.domain.graph;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GraphVerdictTest {

    @Test
    void aPlannedScriptCarriesItsGraph() {
        assertThat(new GraphVerdict.Planned("{\"nodes\":[]}").graph()).isEqualTo("{\"nodes\":[]}");
        assertThatThrownBy(() -> new GraphVerdict.Planned(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("graph");
    }

    @Test
    void aRefusedScriptCarriesItsCodeAndWhatIsWrong() {
        GraphVerdict refused = new GraphVerdict.Refused(GraphVerdict.DOES_NOT_PLAN, "Line 1, column 8: no table t");

        assertThat(refused).isEqualTo(new GraphVerdict.Refused("DLI.16101", "Line 1, column 8: no table t"));
        assertThatThrownBy(() -> new GraphVerdict.Refused(null, "m")).isInstanceOf(NullPointerException.class)
                .hasMessage("errorCode");
        assertThatThrownBy(() -> new GraphVerdict.Refused("DLI.16101", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("message");
    }
}
