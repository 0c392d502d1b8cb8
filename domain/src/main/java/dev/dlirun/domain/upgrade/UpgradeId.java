package dev.dlirun.domain.upgrade;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** An upgrade's id: 32 lowercase hex digits, made by the backend when the upgrade begins. */
public record UpgradeId(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{32}");

    public UpgradeId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("an upgrade id is 32 lowercase hex digits, not '" + value + "'");
        }
    }

    /** A new id, unlike any other. */
    public static UpgradeId generate() {
        return new UpgradeId(UUID.randomUUID().toString().replace("-", ""));
    }

    /** The id {@code text} spells, if it spells one (a caller's path segment: anything else names no upgrade). */
    public static Optional<UpgradeId> parse(String text) {
        return text != null && FORM.matcher(text).matches() ? Optional.of(new UpgradeId(text)) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
