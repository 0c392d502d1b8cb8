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

    /** A value that reaches nothing outside the job (a number, a size, a duration, a field's name, a pattern). */
    record Plain() implements OptionRule {
    }

    /** A degree of parallelism: a plain value that also counts towards the task slots the job takes. */
    record Parallelism() implements OptionRule {
    }

    /** A place in a file system: it must lie inside the project's own directory, and is rewritten to that place. */
    record ProjectPath() implements OptionRule {
    }

    /** The name of one file inside a directory another option names: letters, digits, '.', '_' and '-' only. */
    record FileName() implements OptionRule {
    }

    /** The name of a format, which must itself be allowed; its own options follow under its name. */
    record Format() implements OptionRule {
    }

    /** One or more (separated by commas) of a few values, in any case. */
    record OneOf(Set<String> values) implements OptionRule {
        public OneOf {
            values = values.stream().map(value -> value.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        }

        static OneOf of(String... values) {
            return new OneOf(Set.of(values));
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
