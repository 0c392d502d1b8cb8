package dev.dlirun.adapters.client.local.runtime;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The id of one launch of a job in its runtime: 32 hexadecimal digits, which is what Flink's {@code JobID} is. The
 * engine generates it and records it with the job before the launch, so that a launch can be recognised (and not
 * repeated) after the service stopped in the middle of it.
 */
public record RuntimeJobId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    public RuntimeJobId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("a runtime job id is 32 lower-case hexadecimal digits, not " + value);
        }
    }

    public static RuntimeJobId generate() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return new RuntimeJobId(HexFormat.of().formatHex(bytes));
    }

    @Override
    public String toString() {
        return value;
    }
}
