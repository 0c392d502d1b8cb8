package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobLogLineTest {

    @Test
    void aLineKeepsItsProcessAndText() {
        assertThat(new JobLogLine("taskmanager", "x\\ny\\t")).returns("taskmanager", JobLogLine::process)
                .returns("x\\ny\\t", JobLogLine::text);
        assertThat(new JobLogLine("jobmanager", "").text()).isEmpty();
    }

    @Test
    void aLineBreakOrCarriageReturnAnywhereIsRefused() {
        for (String text : new String[]{"a\nb", "\n", "a\rb", "\r", "end\n"}) {
            assertThatThrownBy(() -> new JobLogLine("jobmanager", text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("a log line is one line");
        }
    }

    @Test
    void aLineNeedsItsProcessAndText() {
        assertThatThrownBy(() -> new JobLogLine(null, "t")).isInstanceOf(NullPointerException.class)
                .hasMessage("process");
        assertThatThrownBy(() -> new JobLogLine("jobmanager", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("text");
    }
}
