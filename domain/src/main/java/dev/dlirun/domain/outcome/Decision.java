package dev.dlirun.domain.outcome;

import java.util.Objects;

/** What a rule decides about one job: the request may go ahead, or it is refused with the outcome that says why. */
public sealed interface Decision {

    /** The request may go ahead. */
    Decision ALLOW = new Allow();

    /** The request may go ahead. */
    record Allow() implements Decision {
    }

    /** The request must not go ahead; the outcome says why. */
    record Refuse(JobOutcome outcome) implements Decision {
        public Refuse {
            Objects.requireNonNull(outcome, "outcome");
            if (outcome.delivered()) {
                throw new IllegalArgumentException("a refusal cannot be a delivered outcome");
            }
        }
    }

    static Decision refuse(JobOutcome outcome) {
        return new Refuse(outcome);
    }
}
