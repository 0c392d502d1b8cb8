package dev.dlirun.domain.graph;

import java.util.Objects;

/**
 * What a check of a job's SQL found: it plans (and here is its graph), or it does not (and why). Both are answers
 * to the caller, not failures of the request.
 */
public sealed interface GraphVerdict {

    /**
     * The code of a script that does not plan, on the local engine: a code of this service's own in DLI's style (DLI
     * documents none for {@code gen-graph}); DLI's own answers keep DLI's codes.
     */
    String DOES_NOT_PLAN = "DLI.16101";

    /** The script plans: {@code graph} describes it as JSON text (DLI's {@code stream_graph}). */
    record Planned(String graph) implements GraphVerdict {
        public Planned {
            Objects.requireNonNull(graph, "graph");
        }
    }

    /**
     * The script does not plan, or breaks a rule of what jobs may do.
     *
     * @param message what is wrong and where: the statement, its line and column
     */
    record Refused(String errorCode, String message) implements GraphVerdict {
        public Refused {
            Objects.requireNonNull(errorCode, "errorCode");
            Objects.requireNonNull(message, "message");
        }
    }
}
