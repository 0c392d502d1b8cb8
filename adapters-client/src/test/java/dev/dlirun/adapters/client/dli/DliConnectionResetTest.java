package dev.dlirun.adapters.client.dli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.Job;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobLookupResult;
import dev.dlirun.domain.outcome.JobOperation;
import dev.dlirun.domain.outcome.JobOutcome;
import dev.dlirun.domain.run.StartMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** A connection DLI resets (a TCP RST, which WireMock can send and a plain HTTP server cannot). */
class DliConnectionResetTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");
    private static final JobId ID = JobId.of(131);
    private static final String DETAIL = "/v1.0/p1/streaming/jobs/131";
    private static final String RUN = "/v1.0/p1/streaming/jobs/run";

    private final WireMockServer dli = new WireMockServer(wireMockConfig().dynamicPort());
    private DliJobBackend adapter;

    @BeforeEach
    void start() {
        dli.start();
        adapter = new DliJobBackend(DliSettings.defaults(URI.create(dli.baseUrl()), new DliCredentials.AkSk("AK", "SK"))
                .withRetries(4, Duration.ofMillis(10), Duration.ofMillis(50)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        adapter.close();
        dli.stop();
    }

    @Test
    void aLookupWhoseConnectionIsResetIsRetried() {
        dli.stubFor(get(urlPathEqualTo(DETAIL)).inScenario("reset").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("up"));
        dli.stubFor(get(urlPathEqualTo(DETAIL)).inScenario("reset").whenScenarioStateIs("up")
                .willReturn(okJson("{\"is_success\":\"true\",\"job_detail\":{\"job_id\":131,\"status\":\"job_finish\","
                        + "\"has_savepoint\":true}}")));

        JobLookupResult result = adapter.findJobs(PROJECT, List.of(ID), Deadline.after(Duration.ofSeconds(10))).get(ID);

        assertThat(result).isEqualTo(new JobLookupResult.Found(new Job(PROJECT, ID, JobStatus.JOB_FINISH, true)));
        dli.verify(2, getRequestedFor(urlPathEqualTo(DETAIL)));
    }

    @Test
    void aBatchRunWhoseConnectionIsResetIsUncertainAndNeverSentTwice() {
        dli.stubFor(post(urlPathEqualTo(RUN)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        JobOutcome outcome = adapter.submit(PROJECT, List.of(new Job(PROJECT, ID, JobStatus.JOB_FINISH, true)),
                StartMode.FRESH, Deadline.after(Duration.ofSeconds(10))).get(ID);

        assertThat(outcome).isEqualTo(new JobOutcome.Uncertain(JobOperation.RUN, ID, "the connection to DLI failed"));
        dli.verify(1, postRequestedFor(urlPathEqualTo(RUN)));
    }
}
