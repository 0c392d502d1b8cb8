package dev.dlirun.adapters.rest.error;

/** The DLI error codes this service answers with ({@code contract.md} section 4). */
public enum ErrorCode {
    /** Parameter check error: anything wrong with the request itself. */
    PARAMETER_CHECK("DLI.0001"),
    /** The job named in the path of a per-job endpoint does not exist (as DLI answers it; contract 8.4). */
    NO_SUCH_JOB("DLI.16001"),
    /** A resource of that name already exists (a job name, unique within a project). */
    DUPLICATE_NAME("DLI.0006"),
    /** Permission: a project the caller may not use. */
    PERMISSION("DLI.0003"),
    /** Operation not supported, e.g. a method the path does not accept. */
    NOT_SUPPORTED("DLI.0007"),
    /** User authentication error: missing or wrong credentials. */
    AUTHENTICATION("DLI.0013"),
    /** No related resources: nothing lives at the requested path. */
    NO_SUCH_RESOURCE("DLI.0023"),
    /** A server-side error. */
    SERVER_ERROR("DLI.0999");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
