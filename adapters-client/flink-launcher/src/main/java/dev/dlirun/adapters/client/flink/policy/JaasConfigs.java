package dev.dlirun.adapters.client.flink.policy;

import java.io.IOException;
import java.io.StreamTokenizer;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Kafka client's {@code sasl.jaas.config} as a job gives it: read as Kafka reads it
 * ({@code org.apache.kafka.common.security.JaasConfig}: {@code LoginModuleClass controlFlag key="value" ...;}, tokens
 * as a {@link StreamTokenizer} set up as Kafka sets it up reads them, with quotes, escapes and comments, in each of the
 * two ways Kafka's versions set it up), then held to an allowlist. JAAS loads the class an entry names and hands it
 * the entry's options, so the class is code the job would choose: only Kafka's own login modules for SASL/PLAIN, SCRAM
 * and OAUTHBEARER are allowed, by their names in Kafka's own jar and in Flink's {@code flink-sql-connector-kafka} jar,
 * which shades them under {@code org.apache.flink.kafka.shaded.}. Others ({@code Krb5LoginModule} with this machine's
 * keytabs and tickets, {@code JndiLoginModule}, a job's own class) are refused.
 *
 * <p>Each module's options are allowed by name too:
 * <ul>
 *     <li>PLAIN: {@code username}, {@code password};</li>
 *     <li>SCRAM: {@code username}, {@code password}, {@code tokenauth} (a delegation token);</li>
 *     <li>OAUTHBEARER: {@code clientId}, {@code clientSecret}, {@code scope} and {@code extension_<name>} (the
 *     client-credentials login, whose token endpoint URL is the client's {@code sasl.oauthbearer.token.endpoint.url},
 *     not an option here), and the claims and extensions of Kafka's unsecured (unsigned) token,
 *     {@code unsecuredLogin*}. Its {@code ssl.*} options (the TLS set-up of the connection to the token endpoint,
 *     which names key and trust store files and an engine factory class) are refused.</li>
 * </ul>
 * Kafka takes one login module only. Messages name classes and options, never an option's value.
 */
final class JaasConfigs {

    /** Where Kafka's login modules are: in Kafka's own jar, and shaded in Flink's SQL connector jar. */
    static final List<String> PACKAGES = List.of("org.apache.kafka.common.security.",
            "org.apache.flink.kafka.shaded.org.apache.kafka.common.security.");

    /** The login modules allowed, by their names below {@link #PACKAGES}. */
    private static final Map<String, Options> MODULES = Map.of(
            "plain.PlainLoginModule", new Options(Set.of("username", "password"), Set.of()),
            "scram.ScramLoginModule", new Options(Set.of("username", "password", "tokenauth"), Set.of()),
            "oauthbearer.OAuthBearerLoginModule", new Options(
                    Set.of("clientId", "clientSecret", "scope", "unsecuredLoginPrincipalClaimName",
                            "unsecuredLoginScopeClaimName", "unsecuredLoginLifetimeSeconds"),
                    Set.of("extension_", "unsecuredLoginStringClaim_", "unsecuredLoginNumberClaim_",
                            "unsecuredLoginListClaim_", "unsecuredLoginExtension_")));

    private static final Set<String> CONTROL_FLAGS = Set.of("REQUIRED", "REQUISITE", "SUFFICIENT", "OPTIONAL");

    private JaasConfigs() {
    }

    /** The options of a login module a job may give: these names, and any name after one of these prefixes. */
    private record Options(Set<String> names, Set<String> prefixes) {
        Options {
            names = Set.copyOf(names);
            prefixes = Set.copyOf(prefixes);
        }

        boolean allows(String option) {
            return names.contains(option) || prefixes.stream()
                    .anyMatch(prefix -> option.startsWith(prefix) && option.length() > prefix.length());
        }

        String listing() {
            return Stream.concat(names.stream(), prefixes.stream().map(prefix -> prefix + "<name>"))
                    .collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER))).stream()
                    .collect(Collectors.joining(", "));
        }
    }

    /** One entry of a JAAS configuration: its login module's class, its control flag, its options' names. */
    record LoginModule(String className, String controlFlag, Set<String> options) {
        LoginModule {
            Objects.requireNonNull(className, "className");
            Objects.requireNonNull(controlFlag, "controlFlag");
            options = Set.copyOf(options);
        }
    }

    /** Every login module class a job may name. */
    static Set<String> allowedModules() {
        Set<String> modules = new TreeSet<>();
        for (String prefix : PACKAGES) {
            MODULES.keySet().forEach(module -> modules.add(prefix + module));
        }
        return modules;
    }

    /**
     * Checks a job's {@code sasl.jaas.config}.
     *
     * @param what what gives it, for messages: {@code table orders: 'properties.sasl.jaas.config'}
     * @return its one login module
     * @throws PolicyViolation when Kafka would not read it, or it names a login module or an option that is not
     *                         allowed
     */
    static LoginModule check(String what, String config) {
        List<Entry> entries = read(what, config);
        if (entries.size() != 1) {
            throw new PolicyViolation(what + " names " + entries.size() + " login modules; Kafka takes one");
        }
        Entry entry = entries.get(0);
        Options options = options(entry.module());
        if (options == null) {
            throw new PolicyViolation(what + " names the login module " + shown(entry.module(),
                    "[A-Za-z0-9_.$]{1,200}") + ", which this service does not allow; it allows "
                    + String.join(", ", allowedModules()));
        }
        String module = entry.module().substring(entry.module().lastIndexOf('.') + 1);
        for (String option : entry.options()) {
            // Where a value is not between quotes, what follows a space in it reads as an option's name: not shown.
            String named = entry.valuesQuoted() ? "the option " + shown(option) : "an option (not named here, as it may "
                    + "be part of a value that is not between quotes)";
            if (module.equals("OAuthBearerLoginModule") && option.startsWith("ssl.")) {
                throw new PolicyViolation(what + " gives " + module + " " + named + ", which no job may give: its "
                        + "ssl.* options set up TLS to the OAuth token endpoint, which names key and trust store files "
                        + "of this machine's and classes to load");
            }
            if (!options.allows(option)) {
                throw new PolicyViolation(what + " gives " + module + " " + named + ", which this service does not "
                        + "allow; it takes " + options.listing());
            }
        }
        return new LoginModule(entry.module(), entry.controlFlag().toLowerCase(Locale.ROOT),
                new LinkedHashSet<>(entry.options()));
    }

    private static Options options(String className) {
        for (String prefix : PACKAGES) {
            if (className.startsWith(prefix)) {
                return MODULES.get(className.substring(prefix.length()));
            }
        }
        return null;
    }

    /**
     * An entry as read: its control flag in upper case, its options by name only, and whether every value was between
     * quotes (so that every name is one).
     */
    private record Entry(String module, String controlFlag, List<String> options, boolean valuesQuoted) {
    }

    /**
     * How Kafka's {@code JaasConfig} splits the configuration into tokens. Kafka 4.1 (the version Flink's Kafka
     * connector shades) keeps {@link StreamTokenizer}'s own syntax, where a word is letters, digits, '.', '-', '_' and
     * '$' and starts with none of the digits, '.' or '-', so values with other characters go between quotes; the set-up
     * of newer Kafka sources (KAFKA-13352) takes every character but white space, quotes, '=', ';' and '/' for a
     * word's.
     * Both read '/' outside quotes as the start of a comment ({@code //}, {@code /* ... *}{@code /} too).
     */
    private enum Syntax {
        STREAM_TOKENIZERS {
            @Override
            void setUp(StreamTokenizer tokens) {
                tokens.slashSlashComments(true);
                tokens.slashStarComments(true);
                tokens.wordChars('-', '-');
                tokens.wordChars('_', '_');
                tokens.wordChars('$', '$');
            }
        },
        ALL_BUT_DELIMITERS {
            @Override
            void setUp(StreamTokenizer tokens) {
                tokens.resetSyntax();
                tokens.wordChars(32, 128);
                tokens.wordChars(128 + 32, 255);
                tokens.ordinaryChar(';');
                tokens.ordinaryChar('=');
                tokens.whitespaceChars(0, ' ');
                tokens.commentChar('/');
                tokens.quoteChar('"');
                tokens.quoteChar('\'');
                tokens.slashSlashComments(true);
                tokens.slashStarComments(true);
            }
        };

        abstract void setUp(StreamTokenizer tokens);
    }

    /**
     * The entries of {@code config}, read as Kafka's {@code JaasConfig} reads them, in both its {@link Syntax}es; when
     * they read it differently (they do not, that this class knows of), it is refused.
     */
    private static List<Entry> read(String what, String config) {
        List<Entry> entries = read(what, config, Syntax.STREAM_TOKENIZERS);
        if (!read(what, config, Syntax.ALL_BUT_DELIMITERS).equals(entries)) {
            throw unreadable(what, "Kafka's versions read it differently; put every value between quotes");
        }
        return entries;
    }

    private static List<Entry> read(String what, String config, Syntax syntax) {
        StreamTokenizer tokens = new StreamTokenizer(new StringReader(config));
        syntax.setUp(tokens);
        try {
            List<Entry> entries = new ArrayList<>();
            while (tokens.nextToken() != StreamTokenizer.TT_EOF) {
                String module = tokens.sval;
                if (tokens.nextToken() == StreamTokenizer.TT_EOF) {
                    throw unreadable(what, "an entry has no control flag");
                }
                String flag = tokens.sval;
                if (flag == null || !CONTROL_FLAGS.contains(flag.toUpperCase(Locale.ROOT))) {
                    throw unreadable(what, "an entry's control flag is not required, requisite, sufficient or "
                            + "optional");
                }
                List<String> options = new ArrayList<>();
                boolean valuesQuoted = true;
                while (tokens.nextToken() != StreamTokenizer.TT_EOF && tokens.ttype != ';') {
                    String option = tokens.sval;
                    if (tokens.nextToken() != '=' || tokens.nextToken() == StreamTokenizer.TT_EOF
                            || tokens.sval == null) {
                        // Not named: where a value is not between quotes, a part of it may read as an option's name.
                        throw unreadable(what, "an option has no name or no value after '=' (values with characters "
                                + "other than letters, digits, '.', '-', '_' and '$', or that start with a digit, '.' or "
                                + "'-', go between quotes)");
                    }
                    valuesQuoted &= tokens.ttype == '"' || tokens.ttype == '\'';
                    if (option == null || option.isEmpty()) {
                        throw new PolicyViolation(what + " gives an option without a name");
                    }
                    options.add(option);
                }
                if (tokens.ttype != ';') {
                    throw unreadable(what, "an entry does not end with ';' (a '/' outside quotes starts a comment)");
                }
                if (module == null || module.isEmpty()) {
                    throw unreadable(what, "an entry names no login module");
                }
                entries.add(new Entry(module, flag.toUpperCase(Locale.ROOT), options, valuesQuoted));
            }
            if (entries.isEmpty()) {
                throw unreadable(what, "it names no login module");
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PolicyViolation unreadable(String what, String why) {
        return new PolicyViolation(what + " is not a JAAS configuration Kafka would read: " + why + " (it reads "
                + "LoginModuleClass required name=\"value\" ...;)");
    }

    private static String shown(String option) {
        return shown(option, "[A-Za-z0-9_.-]{1,100}");
    }

    /** A name between quotes, when it looks like one; what does not is not shown, as it may be a value. */
    private static String shown(String name, String looks) {
        return name != null && name.matches(looks) ? "'" + name + "'" : "(a name that is not shown)";
    }
}
