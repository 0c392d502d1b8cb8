package dev.dlirun.bootstrap.logging;

import dev.dlirun.adapters.client.flink.cluster.JobOutputLog;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What code running in this JVM writes to {@code System.out} and {@code System.err} while jobs run in it (the embedded
 * engine): the {@code print} connector's rows, a jar job's own printing. Each printed line, or each record printed at
 * once ({@code println} of a row whose text holds line ends), becomes one event of the log {@code dlirun.job-output},
 * whose message the log escapes: output can never look like a line of the service's own ({@link JobOutputLog}).
 */
public final class JobOutput extends PrintStream {

    private final boolean error;
    private final ThreadLocal<StringBuilder> line = ThreadLocal.withInitial(StringBuilder::new);
    private final ThreadLocal<java.io.ByteArrayOutputStream> bytes =
            ThreadLocal.withInitial(java.io.ByteArrayOutputStream::new);

    private JobOutput(boolean error) {
        super(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        this.error = error;
    }

    /**
     * Sends {@code System.out} and {@code System.err} to the log until the answer is closed, which puts the streams
     * back. The log itself must write to the process's standard output directly ({@link StandardOutputAppender}).
     */
    public static AutoCloseable capture() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        System.setOut(new JobOutput(false));
        System.setErr(new JobOutput(true));
        return () -> {
            System.setOut(out);
            System.setErr(err);
        };
    }

    /** One record printed at once: one event, whatever line ends it holds. */
    @Override
    public void println(String text) {
        StringBuilder pending = pendingText();
        record(pending.append(text).toString());
        pending.setLength(0);
    }

    @Override
    public void println(Object value) {
        println(String.valueOf(value));
    }

    @Override
    public void println(char[] text) {
        println(new String(text));
    }

    @Override
    public void println() {
        println("");
    }

    @Override
    public void write(int b) {
        write(new byte[]{(byte) b}, 0, 1);
    }

    /** Bytes printed piece by piece: one event per line. */
    @Override
    public void write(byte[] buffer, int offset, int length) {
        java.io.ByteArrayOutputStream collected = bytes.get();
        for (int i = offset; i < offset + length; i++) {
            if (buffer[i] == '\n') {
                line.get().append(collected.toString(StandardCharsets.UTF_8));
                collected.reset();
                StringBuilder text = line.get();
                record(text.toString());
                text.setLength(0);
            } else {
                collected.write(buffer[i]);
            }
        }
    }

    private StringBuilder pendingText() {
        java.io.ByteArrayOutputStream collected = bytes.get();
        StringBuilder text = line.get();
        if (collected.size() > 0) {
            text.append(collected.toString(StandardCharsets.UTF_8));
            collected.reset();
        }
        return text;
    }

    private void record(String text) {
        JobOutputLog.record(error ? " (standard error)" : "", text, error);
    }
}
