package dev.dlirun.domain.transfer;

import java.util.Objects;

/**
 * What an import did with one job of its file.
 *
 * @param oldJobId the job's id where it was exported
 * @param newJobId its id in the importing project: a new job's, an overwritten job's, or {@link #NOT_IMPORTED}
 * @param remark   what happened, for the caller
 */
public record ImportedJob(long oldJobId, long newJobId, String remark) {

    /** DLI's {@code new_job_id} of a job an import left out (a name the project uses, without {@code is_cover}). */
    public static final long NOT_IMPORTED = -1;

    public ImportedJob {
        Objects.requireNonNull(remark, "remark");
    }

    public boolean imported() {
        return newJobId != NOT_IMPORTED;
    }
}
