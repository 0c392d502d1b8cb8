package dev.dlirun.domain.run;

import dev.dlirun.domain.model.Job;

import java.util.Objects;

/** What the batch-run rules decide for one job before anything is submitted. */
public sealed interface RunDecision {

    /** The job may be started. */
    record Start(Job job) implements RunDecision {
        public Start {
            Objects.requireNonNull(job, "job");
        }
    }

    /** The job must not be started; the outcome says why. */
    record Refuse(RunOutcome outcome) implements RunDecision {
        public Refuse {
            Objects.requireNonNull(outcome, "outcome");
            if (outcome.delivered()) {
                throw new IllegalArgumentException("a refusal cannot be a delivered outcome");
            }
        }
    }
}
