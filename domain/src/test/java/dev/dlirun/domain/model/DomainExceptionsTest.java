package dev.dlirun.domain.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DomainExceptionsTest {

    @Test
    void anInvalidInputNamesTheFieldAndTheRuleItBreaks() {
        InvalidInputException e = new InvalidInputException("limit", "must be an integer from 1 to 100");

        assertThat(e).hasMessage("limit must be an integer from 1 to 100.")
                .returns("limit", InvalidInputException::field)
                .returns("must be an integer from 1 to 100", InvalidInputException::rule);
        assertThat(e.reportedAs("page.limit").rule()).isEqualTo("must be an integer from 1 to 100");
    }

    @Test
    void aTakenNameSaysNamesAreUniqueWithinAProject() {
        assertThat(DuplicateJobNameException.named("orders")).hasMessage(
                "A job named orders already exists in this project; job names are unique within a project.");
    }

    @Test
    void aMissingJobNamesTheJob() {
        assertThat(new JobNotFoundException(JobId.of(7)))
                .hasMessage("Job 7 does not exist.")
                .returns(JobId.of(7), JobNotFoundException::jobId);
    }
}
