package dev.dlirun.domain.model;

/** The id of a DLI Flink job: a positive 64-bit integer. */
public record JobId(long value) {

    /** The rule a job id follows, in the words of {@link InvalidInputException}. */
    public static final String RULE = "must be an integer from 1 to " + Long.MAX_VALUE;

    public JobId {
        if (value < 1) {
            throw new InvalidInputException("job_id", RULE);
        }
    }

    public static JobId of(long value) {
        return new JobId(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
