package dev.dlirun.domain.model;

/**
 * A tag on a job: a key, unique among the job's tags, and its value.
 *
 * @param key   1 to 128 characters, without {@code =} (a list filter writes a tag as {@code key=value})
 * @param value at most 255 characters; empty for none
 */
public record JobTag(String key, String value) {

    public JobTag {
        if (key == null || key.isBlank() || key.length() > 128 || key.indexOf('=') >= 0) {
            throw new InvalidInputException("key", "must be 1 to 128 characters long, without '='");
        }
        if (value == null || value.length() > 255) {
            throw new InvalidInputException("value", "must be at most 255 characters long");
        }
    }

    /** The tag as a list filter writes it: {@code key=value}. */
    @Override
    public String toString() {
        return key + "=" + value;
    }
}
