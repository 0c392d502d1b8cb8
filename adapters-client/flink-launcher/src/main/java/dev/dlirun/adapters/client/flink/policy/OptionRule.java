package dev.dlirun.adapters.client.flink.policy;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one option (of a connector, a format, a catalog, or a Flink setting) is, and so what a job may put in it. Every
 * option a job may give is classified by one of these, once; an option nobody classified is refused.
 */
public sealed interface OptionRule {

    Plain PLAIN = new Plain();
    Parallelism PARALLELISM = new Parallelism();
    ProjectPath PROJECT_PATH = new ProjectPath();
    FileName FILE_NAME = new FileName();
    Format FORMAT = new Format();
    Secret SECRET = new Secret();
    ProjectFile PROJECT_FILE = new ProjectFile();
    HostPorts HOST_PORTS = new HostPorts();
    JdbcUrl JDBC_URL = new JdbcUrl();
    NetworkUrl NETWORK_URL = new NetworkUrl();
    JaasConfig JAAS_CONFIG = new JaasConfig();

    /** A value that reaches nothing outside the job (a number, a size, a duration, a field's name, a pattern). */
    record Plain() implements OptionRule {
    }

    /** A degree of parallelism: a plain value that also counts towards the task slots the job takes. */
    record Parallelism() implements OptionRule {
    }

    /** A place in a file system: it must lie inside the project's own directory, and is rewritten to that place. */
    record ProjectPath() implements OptionRule {
    }

    /** A plain value that is a secret (a password, a key): taken as it is, and never shown in a message or a log. */
    record Secret() implements OptionRule {
    }

    /**
     * A local file a client reads (a trust store, a key store): it must lie inside the project's own directory, and is
     * rewritten to that place as an absolute path (not a URI: clients such as Kafka's take paths).
     */
    record ProjectFile() implements OptionRule {
    }

    /**
     * Network addresses a client connects to, {@code host:port} separated by commas (Kafka's
     * {@code bootstrap.servers}): each must be one the operator lets jobs reach ({@code --allow-hosts}).
     */
    record HostPorts() implements OptionRule {
    }

    /**
     * A JDBC URL: a database whose driver jobs are given, hosts the operator lets jobs reach, and parameters a job may
     * set (none that loads a class or touches a file outside the project's directory).
     */
    record JdbcUrl() implements OptionRule {
    }

    /** An http(s) URL a client calls (an OAuth token endpoint): its host must be one jobs may reach. */
    record NetworkUrl() implements OptionRule {
    }

    /** Kafka's {@code sasl.jaas.config}: login modules of user names and passwords or OAuth tokens only. */
    record JaasConfig() implements OptionRule {
    }

    /** The name of one file inside a directory another option names: letters, digits, '.', '_' and '-' only. */
    record FileName() implements OptionRule {
    }

    /** The name of a format, which must itself be allowed; its own options follow under its name. */
    record Format() implements OptionRule {
    }

    /**
     * One of a few values: in any case (as Flink reads its enumerations), or {@code exact}ly as written where the
     * reader compares it exactly and takes any other value for the name of a class; one value, or with {@code list}
     * one or more separated by commas where the reader takes a list.
     */
    record OneOf(Set<String> values, boolean exact, boolean list) implements OptionRule {
        public OneOf {
            values = exact ? Set.copyOf(values) : values.stream().map(value -> value.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }

        /** One of {@code values}, in any case. */
        static OneOf of(String... values) {
            return new OneOf(Set.of(values), false, false);
        }

        /** One or more of {@code values}, in any case, separated by commas. */
        static OneOf listOf(String... values) {
            return new OneOf(Set.of(values), false, true);
        }

        /** One of {@code values}, exactly as written (no other case, no blanks around it). */
        static OneOf exactly(String... values) {
            return new OneOf(Set.of(values), true, false);
        }

        /** Whether {@code value} is one of the values (each of them, for a list). */
        boolean allows(String value) {
            for (String part : list ? value.split(",", -1) : new String[]{value}) {
                if (!values.contains(exact ? part : part.strip().toLowerCase(Locale.ROOT))) {
                    return false;
                }
            }
            return true;
        }

        String names() {
            return String.join(", ", new TreeSet<>(values));
        }
    }

    /** Never taken from a job; {@code why} says why, for the message (e.g. "it names a class to load"). */
    record Refused(String why) implements OptionRule {
        public Refused {
            Objects.requireNonNull(why, "why");
        }
    }
}
