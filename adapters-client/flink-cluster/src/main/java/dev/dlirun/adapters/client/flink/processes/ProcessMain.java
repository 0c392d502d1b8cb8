package dev.dlirun.adapters.client.flink.processes;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The main class of the local Flink cluster's processes: it makes every record printed at once ({@code println}, as
 * the {@code print} connector prints a row) one line of the process's output, its line ends and other control
 * characters escaped, then runs Flink's own entry point named by its first argument. The service reads the output a
 * line at a time: a row cannot split itself into lines that would pass for another job's output, or for the service's.
 * The only class of the service's in the cluster's processes; it depends on the JDK alone.
 */
public final class ProcessMain {

    private ProcessMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: ProcessMain <Flink's main class> [its arguments]");
        }
        System.setOut(new RecordPerLine(new FileOutputStream(FileDescriptor.out)));
        System.setErr(new RecordPerLine(new FileOutputStream(FileDescriptor.err)));
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** A print stream whose {@code println} of a text writes it as one line, control characters escaped. */
    public static final class RecordPerLine extends PrintStream {

        public RecordPerLine(FileOutputStream out) {
            super(out, true, StandardCharsets.UTF_8);
        }

        @Override
        public void println(String text) {
            synchronized (this) {
                print(escape(text));
                super.println();
            }
        }

        @Override
        public void println(Object value) {
            println(String.valueOf(value));
        }

        @Override
        public void println(char[] text) {
            println(new String(text));
        }

        static String escape(String text) {
            if (text == null) {
                return "null";
            }
            StringBuilder escaped = new StringBuilder(text.length() + 8);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\n' -> escaped.append("\\n");
                    case '\r' -> escaped.append("\\r");
                    case '\t' -> escaped.append("\\t");
                    default -> {
                        if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                            escaped.append(String.format("\\u%04x", (int) c));
                        } else {
                            escaped.append(c);
                        }
                    }
                }
            }
            return escaped.toString();
        }
    }
}
