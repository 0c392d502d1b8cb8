package dev.dlirun.bootstrap.logging;

import ch.qos.logback.core.OutputStreamAppender;

import java.io.FileDescriptor;
import java.io.FileOutputStream;

/**
 * Writes the log to the process's standard output itself (file descriptor 1), whatever {@code System.out} has become:
 * when jobs run in this JVM, {@code System.out} carries their output ({@link JobOutput}), which reaches this log as
 * data, never as lines of its own.
 */
public final class StandardOutputAppender<E> extends OutputStreamAppender<E> {

    @Override
    public void start() {
        setOutputStream(new FileOutputStream(FileDescriptor.out));
        super.start();
    }
}
