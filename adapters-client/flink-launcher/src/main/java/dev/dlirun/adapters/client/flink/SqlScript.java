package dev.dlirun.adapters.client.flink;

import org.apache.flink.table.api.SqlParserEOFException;
import org.apache.flink.table.operations.Operation;

import java.util.List;

/**
 * A job's {@code sql_body} cut into statements and parsed one after the other, exactly as Flink's own script runner
 * (the SQL gateway's {@code ScriptExecutor}) does it: a statement ends at a {@code ;} outside quotes ({@code '},
 * {@code "}, {@code `}) and comments ({@code --} to the end of the line, {@code /* ... *}{@code /}), together with the
 * blanks, comments and further {@code ;} that follow it; when Flink's parser finds the statement incomplete
 * ({@code EXECUTE STATEMENT SET BEGIN ...; ...; END;}), it reads on to the next {@code ;}. Each statement is parsed
 * with the script's earlier lines and columns before it turned into blanks, so Flink's messages give places in the
 * whole script. A statement is parsed only once the one before it has been handled: it may name what that one created.
 */
final class SqlScript {

    /** Flink's parser, at the state the statements before have left the job's table environment in. */
    interface Parser {
        List<Operation> parse(String statement);
    }

    /** What to do with each statement, in order. */
    interface Handler {
        void handle(Statement statement) throws Exception;
    }

    /**
     * One statement, numbered from 1, with the line its code starts on, its text as written (with its {@code ;}) and
     * what Flink parsed it into.
     */
    record Statement(int number, int line, String text, List<Operation> operations) {
        /** Where it is, for a message: {@code statement 3 (line 12)}. */
        String where() {
            return where(number, line);
        }

        static String where(int number, int line) {
            return "statement " + number + " (line " + line + ")";
        }
    }

    /** A statement that did not parse, or that its handler refused: where it is, and why. */
    static final class StatementFailed extends Exception {
        private final String where;

        StatementFailed(String where, Throwable cause) {
            super(where, cause);
            this.where = where;
        }

        String where() {
            return where;
        }
    }

    private enum State { NORMAL, SINGLE_QUOTE, DOUBLE_QUOTE, BACK_QUOTE, LINE_COMMENT, BLOCK_COMMENT }

    private final String script;
    private final Parser parser;
    /** The script before the statement being read, as blanks: its line ends, and the spaces of its last line. */
    private final StringBuilder before = new StringBuilder();
    private int position;
    private int number;

    private SqlScript(String script, Parser parser) {
        this.script = script;
        this.parser = parser;
    }

    /**
     * Parses the script's statements one after the other and hands each to {@code handler}.
     *
     * @throws StatementFailed for the first statement that does not parse or that the handler refuses
     */
    static void run(String script, Parser parser, Handler handler) throws StatementFailed {
        SqlScript reader = new SqlScript(script, parser);
        Statement statement;
        while ((statement = reader.next()) != null) {
            try {
                handler.handle(statement);
            } catch (Exception e) {
                throw new StatementFailed(statement.where(), e);
            }
        }
    }

    /** The next statement, parsed; {@code null} at the end of the script. */
    private Statement next() throws StatementFailed {
        StringBuilder text = new StringBuilder();
        StringBuilder lineEnds = new StringBuilder();
        StringBuilder columns = new StringBuilder();
        State state = State.NORMAL;
        char current = 0;
        for (int i = position; i < script.length(); i++) {
            char last = current;
            current = script.charAt(i);
            text.append(current);
            columns.append(' ');
            switch (current) {
                case '\'' -> state = toggle(state, State.SINGLE_QUOTE);
                case '"' -> state = toggle(state, State.DOUBLE_QUOTE);
                case '`' -> state = toggle(state, State.BACK_QUOTE);
                case '-' -> state = last == '-' && state == State.NORMAL ? State.LINE_COMMENT : state;
                case '\n' -> {
                    state = state == State.LINE_COMMENT ? State.NORMAL : state;
                    columns.setLength(0);
                    lineEnds.append('\n');
                }
                case '*' -> state = last == '/' && state == State.NORMAL ? State.BLOCK_COMMENT : state;
                case '/' -> state = last == '*' && state == State.BLOCK_COMMENT ? State.NORMAL : state;
                case ';' -> {
                    if (state == State.NORMAL) {
                        i = skipToNextStatement(i + 1, text, lineEnds, columns);
                        if (codeLine(text.toString()) < 0) {
                            // Blanks, comments and ';' alone: no statement.
                            position = i + 1;
                            before.append(lineEnds).append(columns);
                            text.setLength(0);
                            lineEnds.setLength(0);
                            columns.setLength(0);
                            continue;
                        }
                        boolean atEnd = i == script.length() - 1;
                        Statement statement = parse(text.toString(), !atEnd);
                        if (statement == null) {
                            // Flink's parser wants more: the statement goes on past this ';'.
                            continue;
                        }
                        position = i + 1;
                        before.append(lineEnds).append(columns);
                        return statement;
                    }
                }
                default -> {
                }
            }
        }
        position = script.length();
        return parse(text.toString(), false);
    }

    private static State toggle(State state, State quote) {
        if (state == quote) {
            return State.NORMAL;
        }
        return state == State.NORMAL ? quote : state;
    }

    /**
     * Takes into the statement the blanks, comments and {@code ;} that follow its {@code ;}, up to the next
     * statement's first character; answers the index of the last character taken.
     */
    private int skipToNextStatement(int from, StringBuilder text, StringBuilder lineEnds, StringBuilder columns) {
        State state = State.NORMAL;
        for (int i = from; i < script.length(); i++) {
            char current = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : current;
            switch (current) {
                case '-' -> state = next == '-' && state == State.NORMAL ? State.LINE_COMMENT : state;
                case '\n' -> state = state == State.LINE_COMMENT ? State.NORMAL : state;
                case '*' -> {
                    if (next == '/' && state == State.BLOCK_COMMENT) {
                        text.append("*/");
                        columns.append("  ");
                        i++;
                        state = State.NORMAL;
                        continue;
                    }
                }
                case '/' -> state = next == '*' && state == State.NORMAL ? State.BLOCK_COMMENT : state;
                default -> {
                }
            }
            if (state == State.NORMAL && current != ';' && !Character.isWhitespace(current)) {
                return i - 1;
            }
            text.append(current);
            if (current == '\n') {
                columns.setLength(0);
                lineEnds.append('\n');
            } else {
                columns.append(' ');
            }
        }
        return script.length() - 1;
    }

    /**
     * The statement parsed; {@code null} when there is nothing to parse (blanks and comments only), or when Flink's
     * parser finds it incomplete and {@code mayReadOn}.
     */
    private Statement parse(String text, boolean mayReadOn) throws StatementFailed {
        int codeLine = codeLine(text);
        if (codeLine < 0) {
            return null;
        }
        int line = lines(before) + codeLine;
        try {
            List<Operation> operations = parser.parse(before + text);
            number++;
            return new Statement(number, line, text, operations);
        } catch (SqlParserEOFException e) {
            if (mayReadOn) {
                return null;
            }
            throw new StatementFailed(Statement.where(number + 1, line), e);
        } catch (RuntimeException e) {
            throw new StatementFailed(Statement.where(number + 1, line), e);
        }
    }

    private static int lines(CharSequence text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /**
     * The line (from 0) within {@code text} of its first character that is neither blank nor in a comment nor a
     * {@code ;}; -1 when there is none.
     */
    private static int codeLine(String text) {
        int line = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '-' && next == '-') {
                int end = text.indexOf('\n', i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    return -1;
                }
                line += (int) text.substring(i, end).chars().filter(ch -> ch == '\n').count();
                i = end + 2;
            } else if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c) || c == ';') {
                i++;
            } else {
                return line;
            }
        }
        return -1;
    }
}
