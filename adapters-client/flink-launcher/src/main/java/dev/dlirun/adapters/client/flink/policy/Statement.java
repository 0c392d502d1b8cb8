package dev.dlirun.adapters.client.flink.policy;

import org.apache.flink.table.operations.BeginStatementSetOperation;
import org.apache.flink.table.operations.CreateTableASOperation;
import org.apache.flink.table.operations.EndStatementSetOperation;
import org.apache.flink.table.operations.Operation;
import org.apache.flink.table.operations.ReplaceTableAsOperation;
import org.apache.flink.table.operations.SinkModifyOperation;
import org.apache.flink.table.operations.StatementSetOperation;
import org.apache.flink.table.operations.UseCatalogOperation;
import org.apache.flink.table.operations.UseDatabaseOperation;
import org.apache.flink.table.operations.command.AddJarOperation;
import org.apache.flink.table.operations.command.ResetOperation;
import org.apache.flink.table.operations.command.SetOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateCatalogOperation;
import org.apache.flink.table.operations.ddl.CreateDatabaseOperation;
import org.apache.flink.table.operations.ddl.CreateTableOperation;
import org.apache.flink.table.operations.ddl.CreateTempSystemFunctionOperation;
import org.apache.flink.table.operations.ddl.CreateViewOperation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of statement a job's script may hold, each by the exact class of the operation Flink parses it into.
 * Whatever else a script holds ({@code EXPLAIN}, {@code SHOW}, a bare {@code SELECT}, {@code ALTER}, {@code DROP},
 * {@code LOAD MODULE}, {@code CALL}, {@code TRUNCATE}, {@code COMPILE PLAN}, {@code CREATE MODEL}, ...) is refused by
 * {@link #of(Operation, String)}, with the rule's message.
 */
public enum Statement {
    SET(SetOperation.class),
    RESET(ResetOperation.class),
    CREATE_TABLE(CreateTableOperation.class),
    CREATE_TABLE_AS(CreateTableASOperation.class),
    REPLACE_TABLE_AS(ReplaceTableAsOperation.class),
    CREATE_VIEW(CreateViewOperation.class),
    CREATE_FUNCTION(CreateCatalogFunctionOperation.class),
    CREATE_SYSTEM_FUNCTION(CreateTempSystemFunctionOperation.class),
    CREATE_DATABASE(CreateDatabaseOperation.class),
    CREATE_CATALOG(CreateCatalogOperation.class),
    USE_CATALOG(UseCatalogOperation.class),
    USE_DATABASE(UseDatabaseOperation.class),
    ADD_JAR(AddJarOperation.class),
    INSERT(SinkModifyOperation.class),
    STATEMENT_SET(StatementSetOperation.class),
    BEGIN_STATEMENT_SET(BeginStatementSetOperation.class),
    END_STATEMENT_SET(EndStatementSetOperation.class);

    private static final Map<Class<? extends Operation>, Statement> BY_OPERATION = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(statement -> statement.operation, Function.identity()));

    private final Class<? extends Operation> operation;

    Statement(Class<? extends Operation> operation) {
        this.operation = operation;
    }

    /**
     * What kind of statement Flink parsed: only an operation of exactly one of the named classes is one a job may run.
     *
     * @param text the statement as written, to name what was refused
     * @throws PolicyViolation for every other operation
     */
    public static Statement of(Operation operation, String text) {
        Statement statement = BY_OPERATION.get(operation.getClass());
        if (statement == null) {
            throw new PolicyViolation("'" + firstWords(text) + "' is not a statement a job may run; a job's script "
                    + "holds " + allowed() + (operation instanceof org.apache.flink.table.operations.QueryOperation
                    ? " (a SELECT on its own has nowhere to go: a job writes its results with INSERT INTO a table)"
                    : ""));
        }
        return statement;
    }

    /**
     * Checks a statement's text before Flink parses it, for the one thing Flink would do while parsing that no rule
     * could look at afterwards: a {@code RAW('class', 'snapshot')} type, which makes Flink load and initialise the
     * class it names and deserialize the bytes it gives. Quotes and comments are skipped as Flink's lexer skips them.
     *
     * @throws PolicyViolation when the statement names a {@code RAW} type
     */
    public static void checkBeforeParsing(String text) {
        int i = 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            char next = i + 1 < length ? text.charAt(i + 1) : 0;
            if (c == '-' && next == '-') {
                int end = text.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else if (c == '/' && next == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < length && text.charAt(end) != c) {
                    end++;
                }
                i = end + 1;
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = i + 1;
                while (end < length && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                if (text.substring(i, end).equalsIgnoreCase("RAW") && opensParenthesis(text, end)) {
                    throw new PolicyViolation("the type RAW(...) names a class for Flink to load and bytes for it to "
                            + "deserialize, which a job's SQL may not; a job's tables use SQL's own types");
                }
                i = end;
            } else {
                i++;
            }
        }
    }

    /** Whether the next character after blanks and comments from {@code from} is {@code (}. */
    private static boolean opensParenthesis(String text, int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
            } else {
                return c == '(';
            }
        }
        return false;
    }

    /** The statements a job may run, for messages and the README. */
    public static String allowed() {
        return "SET, RESET, CREATE TABLE (also AS SELECT, and CREATE OR REPLACE TABLE ... AS SELECT), CREATE VIEW, "
                + "CREATE FUNCTION, CREATE DATABASE, CREATE CATALOG, USE, ADD JAR, INSERT and statement sets";
    }

    /** The most characters of a statement a message shows as its first words. */
    private static final int SHOWN = 60;

    /**
     * The statement's first two words, upper case, without comments: what it is, for a message (at most {@link #SHOWN}
     * characters). One pass over what it reads: comments are skipped as Flink's lexer skips them (not inside quotes),
     * and words end at blanks, '(' and ';'.
     */
    static String firstWords(String text) {
        StringBuilder named = new StringBuilder();
        int words = 0;
        boolean inWord = false;
        char quote = 0;
        int i = 0;
        while (i < text.length() && words < 2 && named.length() <= SHOWN) {
            char c = text.charAt(i);
            boolean separator;
            if (quote == 0 && text.startsWith("--", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
                separator = true;
            } else if (quote == 0 && text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? text.length() : end + 2;
                separator = true;
            } else {
                if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                }
                separator = quote == 0 && (Character.isWhitespace(c) || c == '(' || c == ';');
                i++;
            }
            if (separator) {
                words += inWord ? 1 : 0;
                inWord = false;
            } else {
                if (!inWord && words == 1) {
                    named.append(' ');
                }
                named.append(c);
                inWord = true;
            }
        }
        String first = named.length() <= SHOWN ? named.toString() : named.substring(0, SHOWN - 1) + "\u2026";
        return first.toUpperCase(Locale.ROOT);
    }
}
