package dev.dlirun.domain.port.in;

import java.util.Optional;

/** The use case of an orchestrator's readiness probe: can this instance serve batch runs now? */
public interface CheckReadiness {

    /** Whether the backend can be reached; if not, why, in words fit for an operator. */
    record Readiness(boolean ready, Optional<String> problem, java.util.Map<String, String> details) {
        public Readiness {
            details = java.util.Map.copyOf(details);
        }

        public static Readiness up() {
            return new Readiness(true, Optional.empty(), java.util.Map.of());
        }

        public static Readiness down(String problem) {
            return new Readiness(false, Optional.of(problem), java.util.Map.of());
        }

        /** The same readiness, with what the backend says of this instance beside it. */
        public Readiness withDetails(java.util.Map<String, String> more) {
            return new Readiness(ready, problem, more);
        }
    }

    Readiness check();
}
