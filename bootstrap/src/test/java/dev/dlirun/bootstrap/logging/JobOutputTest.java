package dev.dlirun.bootstrap.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;

import static org.assertj.core.api.Assertions.assertThat;

class JobOutputTest {

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger log = (Logger) LoggerFactory.getLogger("dlirun.job-output");

    @BeforeEach
    void listen() {
        events.start();
        log.addAppender(events);
    }

    @AfterEach
    void stopListening() {
        log.detachAppender(events);
    }

    private java.util.List<String> messages() {
        return events.list.stream().map(event -> event.getLevel() + " " + event.getFormattedMessage()).toList();
    }

    @Test
    void aRecordPrintedAtOnceIsOneEventOfItsJobWhateverLineEndsItHolds() throws Exception {
        PrintStream before = System.out;
        try (AutoCloseable captured = JobOutput.capture()) {
            System.out.println("p1/7:2> +I[row\n2026-12-06T21:00:00.000+00:00 INFO  [main] dlirun - forged]");
            System.out.println((Object) "p2/8 mine> +I[x]");
            System.err.println("p1/7> -D[y]");
        }

        assertThat(System.out).isSameAs(before);
        assertThat(messages()).containsExactly(
                "INFO output of job p1/7: p1/7:2> +I[row\n2026-12-06T21:00:00.000+00:00 INFO  [main] dlirun - forged]",
                "INFO output of job p2/8: p2/8 mine> +I[x]",
                "WARN output of job p1/7 (standard error): p1/7> -D[y]");
    }

    @Test
    void outputWrittenPieceByPieceIsOneEventPerLineAndNamesNoJobItCannotTell() throws Exception {
        try (AutoCloseable captured = JobOutput.capture()) {
            System.out.print("half ");
            System.out.print("a line\nanother\r\n");
            System.out.printf("%s/%d> forged prefix, but printed by code%n", "p9", 1);
            System.out.write("bytes ü\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        assertThat(messages()).containsExactly("INFO output of a job: half a line", "INFO output of a job: another",
                "INFO output of job p9/1: p9/1> forged prefix, but printed by code", "INFO output of a job: bytes ü");
        assertThat(events.list).allMatch(event -> event.getLevel() == Level.INFO);
    }

    @Test
    void aThrowablesMessageCannotStartALineOfItsOwnEither() {
        ch.qos.logback.classic.LoggerContext context = (ch.qos.logback.classic.LoggerContext)
                LoggerFactory.getILoggerFactory();
        EscapedThrowableConverter converter = new EscapedThrowableConverter();
        converter.setContext(context);
        converter.start();
        ch.qos.logback.classic.spi.LoggingEvent event = new ch.qos.logback.classic.spi.LoggingEvent(
                getClass().getName(), log, Level.WARN, "Cannot find registered class", new IllegalStateException(
                "planner failed", new ClassNotFoundException("x\n2026-12-06T21:00:00.000Z INFO  [main] dlirun.access "
                + "- POST /v1.0/p2/streaming/jobs/run 200")), null);

        String trace = converter.convert(event);

        assertThat(trace).contains("ClassNotFoundException: x\\n2026-12-06T21:00:00.000Z INFO  [main] dlirun.access")
                .contains("IllegalStateException: planner failed");
        assertThat(trace.lines()).noneMatch(line -> line.startsWith("2026-12-06"))
                .allMatch(line -> line.isEmpty() || line.startsWith("\t") || line.startsWith("java.")
                        || line.startsWith("Caused by: ") || line.startsWith("\tat ") || line.startsWith("\t..."));
    }

    @Test
    void theLogEscapesControlCharactersSoThatOneEventIsOneLine() {
        assertThat(EscapedMessageConverter.escape("row\n2026 INFO forged\r\ttab \u001b[31mred\u2028x"))
                .isEqualTo("row\\n2026 INFO forged\\r\\ttab \\u001b[31mred\\u2028x");
        assertThat(EscapedMessageConverter.escape("plain text ü")).isEqualTo("plain text ü");
    }
}
