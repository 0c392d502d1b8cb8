package dev.dlirun.adapters.client.flink;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A job's {@code sql_body} cut into its statements: they are separated by {@code ;}, except inside quotes and
 * comments. The markers of a statement set ({@code BEGIN STATEMENT SET;} ... {@code END;}, or {@code EXECUTE STATEMENT
 * SET BEGIN ... END;}) are dropped: every {@code INSERT} of a job runs in its one Flink job anyway.
 */
final class SqlScript {

    /** One statement, numbered from 1 in the script, with the line it starts on. */
    record Statement(int number, int line, String text) {
        /** Where it is, for a message: {@code statement 3 (line 12)}. */
        String where() {
            return "statement " + number + " (line " + line + ")";
        }
    }

    private static final Pattern BEGIN_SET = Pattern.compile("(?is)(EXECUTE\\s+)?(BEGIN\\s+STATEMENT\\s+SET|STATEMENT\\s+SET\\s+BEGIN)\\s*");
    private static final Pattern END = Pattern.compile("(?i)END");

    private SqlScript() {
    }

    static List<Statement> split(String script) {
        List<Statement> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean hasCode = false;
        int line = 1;
        int startLine = 1;
        int i = 0;
        while (i < script.length()) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : 0;
            if (c == '-' && next == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? script.length() : end;
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? script.length() : end + 2;
                line += count(script, i, end);
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = closingQuote(script, i, c);
                if (!hasCode) {
                    startLine = line;
                    hasCode = true;
                }
                line += count(script, i, end);
                current.append(script, i, end);
                i = end;
                continue;
            }
            if (c == ';') {
                add(statements, current, hasCode, startLine);
                current.setLength(0);
                hasCode = false;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (!hasCode && !Character.isWhitespace(c)) {
                hasCode = true;
                startLine = line;
            }
            current.append(c);
            i++;
        }
        add(statements, current, hasCode, startLine);
        return statements;
    }

    private static void add(List<Statement> statements, StringBuilder text, boolean hasCode, int line) {
        if (!hasCode) {
            return;
        }
        String statement = text.toString().strip();
        var begin = BEGIN_SET.matcher(statement);
        if (begin.lookingAt()) {
            statement = statement.substring(begin.end()).strip();
        }
        if (statement.isEmpty() || END.matcher(statement).matches()) {
            return;
        }
        statements.add(new Statement(statements.size() + 1, line, statement));
    }

    /** The index just past the quote that closes the one at {@code start}; a doubled quote is an escaped one. */
    private static int closingQuote(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static int count(String script, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (script.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** The statement's first word, upper case: what kind of statement it is, for a message. */
    static String keyword(String statement) {
        String word = statement.strip().split("\\s+", 2)[0];
        return word.toUpperCase(Locale.ROOT);
    }
}
