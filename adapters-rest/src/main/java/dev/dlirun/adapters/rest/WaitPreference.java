package dev.dlirun.adapters.rest;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wait} preference of a {@code Prefer} header (RFC 7240): {@code wait=N}, N seconds, among other
 * preferences separated by commas, each perhaps with parameters after {@code ;}. A header this cannot read, or a wait
 * that is not a whole number of seconds, is no preference: RFC 7240 says to ignore what one does not understand.
 */
final class WaitPreference {

    private static final Pattern WAIT = Pattern.compile("\\s*wait\\s*=\\s*(\"?)(\\d{1,9})\\1\\s*",
            Pattern.CASE_INSENSITIVE);

    private WaitPreference() {
    }

    static Optional<Duration> parse(String header) {
        if (header == null || header.length() > 256) {
            return Optional.empty();
        }
        for (String preference : header.split(",")) {
            String token = preference.split(";", 2)[0];
            Matcher wait = WAIT.matcher(token);
            if (wait.matches()) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(wait.group(2))));
            }
        }
        return Optional.empty();
    }
}
