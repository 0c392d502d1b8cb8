package dev.dlirun.domain.port.in;

import java.util.Optional;

/** The use case of an orchestrator's readiness probe: can this instance serve batch runs now? */
public interface CheckReadiness {

    /** Whether the backend can be reached; if not, why, in words fit for an operator. */
    record Readiness(boolean ready, Optional<String> problem) {
        public static Readiness up() {
            return new Readiness(true, Optional.empty());
        }

        public static Readiness down(String problem) {
            return new Readiness(false, Optional.of(problem));
        }
    }

    Readiness check();
}
