package dev.dlirun.bootstrap.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * A log event's stack trace with the messages of its throwables escaped as {@link EscapedMessageConverter} escapes
 * the event's own: a message can hold what a job or a caller wrote (a class name in a job's SQL, say), and a line end
 * in it would otherwise start a line that looks like one of the service's own. The frames ({@code at ...}) are the
 * JVM's and stay as they are.
 */
public final class EscapedThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return super.throwableProxyToString(new Escaped(throwable));
    }

    /** A throwable as the log sees it, its message (and its causes' and suppressed ones') escaped. */
    private record Escaped(IThrowableProxy throwable) implements IThrowableProxy {

        @Override
        public String getMessage() {
            String message = throwable.getMessage();
            return message == null ? null : EscapedMessageConverter.escape(message);
        }

        @Override
        public String getOverridingMessage() {
            String message = throwable.getOverridingMessage();
            return message == null ? null : EscapedMessageConverter.escape(message);
        }

        @Override
        public String getClassName() {
            return EscapedMessageConverter.escape(throwable.getClassName());
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return throwable.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return throwable.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return throwable.getCause() == null ? null : new Escaped(throwable.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = throwable.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] escaped = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                escaped[i] = new Escaped(suppressed[i]);
            }
            return escaped;
        }

        @Override
        public boolean isCyclic() {
            return throwable.isCyclic();
        }
    }
}
