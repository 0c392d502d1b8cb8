package dev.dlirun.bootstrap;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.dli.v1.DliClient;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequest;
import com.huaweicloud.sdk.dli.v1.model.BatchRunFlinkJobsRequestBody;
import com.huaweicloud.sdk.dli.v1.model.FlinkSuccessResponse;
import dev.dlirun.adapters.client.dli.OfficialSigner;
import dev.dlirun.api.signing.SdkHmacSha256;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Who gets in, on the real server: the official SDK with the right AK/SK is accepted as DLI would accept it; a wrong
 * secret key, a body changed after signing, a stale date, another project, or a wrong token are refused with the
 * right status and body and a challenge naming the scheme to use; a caller lists the projects it may use; no secret
 * reaches a log or an answer.
 */
class SecurityTest {

    private static final String AK = "AKDEMO0001";
    private static final String SK = "sk-demo-very-secret";
    private static final String RUN = "/v1.0/demo/streaming/jobs/run";

    @TempDir
    Path dir;
    private RunningService service;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        if (service != null) {
            service.close();
        }
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains(SK) || line.contains("tok-en-secret"));
    }

    private RunningService withAkSk() throws IOException {
        return withAkSk("[\"demo\"]");
    }

    /** A server that checks AK/SK signatures; {@link #AK} may use {@code projects} (a JSON array). */
    private RunningService withAkSk(String projects) throws IOException {
        Path credentials = Files.writeString(dir.resolve("credentials.json"), "[{\"access_key\": \"" + AK
                + "\", \"secret_key\": \"" + SK + "\", \"projects\": " + projects + "}, {\"access_key\": \"AKOTHER\", "
                + "\"secret_key\": \"sk-other\", \"projects\": [\"elsewhere\"]}]");
        service = new RunningService(RunningService.simulatedApiExamples()
                .withAuthentication(new Authentication(Authentication.Mode.aksk, Optional.of(credentials))));
        return service;
    }

    private DliClient sdk(String ak, String sk, String project) {
        return DliClient.newBuilder()
                .withCredential(new BasicCredentials().withAk(ak).withSk(sk).withProjectId(project))
                .withEndpoint(service.baseUrl())
                .withHttpConfig(HttpConfig.getDefaultHttpConfig().withTimeout(30))
                .build();
    }

    private static BatchRunFlinkJobsRequest run(long... ids) {
        return new BatchRunFlinkJobsRequest().withBody(new BatchRunFlinkJobsRequestBody()
                .withJobIds(java.util.Arrays.stream(ids).boxed().toList()));
    }

    private static void assertRefused(Runnable call, int status, String code, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ServiceResponseException.class, e -> {
            assertThat(e.getHttpStatusCode()).isEqualTo(status);
            assertThat(e.getErrorCode()).isEqualTo(code);
            assertThat(e.getErrorMsg()).isEqualTo(message).doesNotContain(SK);
        });
    }

    @Test
    void theOfficialSdkWithTheRightKeysIsAcceptedUnmodified() throws IOException {
        withAkSk();

        List<FlinkSuccessResponse> outcomes = sdk(AK, SK, "demo").batchRunFlinkJobs(run(131, 130)).getBody();

        assertThat(outcomes).extracting(FlinkSuccessResponse::getIsSuccess).containsExactly("true", "true");
    }

    @Test
    void theOfficialSdkWithAWrongSecretKeyIsRefused() throws IOException {
        withAkSk();

        assertRefused(() -> sdk(AK, "not-the-secret", "demo").batchRunFlinkJobs(run(131)), 401, "DLI.0013",
                "The access key or the signature is not valid.");
        assertRefused(() -> sdk("AKUNKNOWN", SK, "demo").batchRunFlinkJobs(run(131)), 401, "DLI.0013",
                "The access key or the signature is not valid.");
        assertThat(service.job("demo", 131).status().wireName()).isEqualTo("job_cancel_success");
    }

    @Test
    void aProjectTheCallerMayNotUseIsRefusedTheSameWhetherItExistsOrNot() throws IOException {
        withAkSk();

        assertRefused(() -> sdk(AK, SK, "demo-other").batchRunFlinkJobs(run(131)), 403, "DLI.0003",
                "This caller may not use project demo-other.");
        assertRefused(() -> sdk(AK, SK, "no-such-project").batchRunFlinkJobs(run(131)), 403, "DLI.0003",
                "This caller may not use project no-such-project.");
        assertThat(service.job("demo-other", 131).status().wireName()).isEqualTo("job_init");
    }

    @Test
    void everyJobOperationOfTheSdkIsSignedAndCheckedAndAProjectSeesOnlyItsOwnJobs() throws IOException {
        withAkSk();
        DliClient demo = sdk(AK, SK, "demo");

        long id = demo.createFlinkSqlJob(new com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequest().withBody(
                new com.huaweicloud.sdk.dli.v1.model.CreateFlinkSqlJobRequestBody().withName("signed").withSqlBody("x")
                        .withTags(List.of(new com.huaweicloud.sdk.dli.v1.model.Tag().withKey("team").withValue("a b")))))
                .getJob().getJobId();
        // A query string with characters the signature must encode (the tag's '=' and space), signed and checked.
        var listed = demo.listFlinkJobs(new com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsRequest()
                .withTags("team=a b").withName("sig").withShowDetail(true)).getJobList();
        assertThat(listed.getJobs()).extracting(com.huaweicloud.sdk.dli.v1.model.FlinkJob::getJobId)
                .containsExactly(id);
        demo.updateFlinkSqlJob(new com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobRequest().withJobId(id)
                .withBody(new com.huaweicloud.sdk.dli.v1.model.UpdateFlinkSqlJobRequestBody().withDesc("changed")));
        assertRefused(() -> sdk(AK, "not-the-secret", "demo").deleteFlinkJob(
                new com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobRequest().withJobId(id)), 401, "DLI.0013",
                "The access key or the signature is not valid.");
        assertRefused(() -> sdk(AK, SK, "demo-other").listFlinkJobs(
                new com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsRequest()), 403, "DLI.0003",
                "This caller may not use project demo-other.");
        assertRefused(() -> sdk(AK, SK, "demo-other").deleteFlinkJob(
                new com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobRequest().withJobId(131L)), 403, "DLI.0003",
                "This caller may not use project demo-other.");
        assertThat(service.job("demo-other", 131).status().wireName()).isEqualTo("job_init");
        demo.deleteFlinkJob(new com.huaweicloud.sdk.dli.v1.model.DeleteFlinkJobRequest().withJobId(id));
        assertThat(demo.listFlinkJobs(new com.huaweicloud.sdk.dli.v1.model.ListFlinkJobsRequest().withName("signed"))
                .getJobList().getTotalCount()).isZero();
    }

    @Test
    void aBodyChangedAfterSigningAStaleDateAndNoSignatureAreRefused() throws Exception {
        withAkSk();
        URI uri = URI.create(service.baseUrl() + RUN);
        byte[] signedBody = "{\"job_ids\": [141]}".getBytes(StandardCharsets.UTF_8);
        byte[] sentBody = "{\"job_ids\": [131]}".getBytes(StandardCharsets.UTF_8);

        var tampered = post(uri, sign(uri, signedBody, Instant.now()), sentBody);
        var stale = post(uri, sign(uri, sentBody, Instant.now().minus(Duration.ofMinutes(20))), sentBody);
        var unsigned = post(uri, Map.of(), sentBody);
        var honest = post(uri, sign(uri, sentBody, Instant.now()), sentBody);

        assertThat(tampered.statusCode()).isEqualTo(401);
        assertThat(tampered.body()).contains("\"error_code\":\"DLI.0013\"", "The access key or the signature is not valid.");
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(stale.body()).contains("X-Sdk-Date is more than 15 minutes away from the server's clock.");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("The request carries no credentials");
        assertThat(List.of(tampered, stale, unsigned)).allSatisfy(refused -> assertThat(
                refused.headers().firstValue("WWW-Authenticate")).contains("SDK-HMAC-SHA256 realm=\"dlirun\""));
        assertThat(honest.statusCode()).isEqualTo(200);
        assertThat(service.job("demo", 141).status().wireName()).isEqualTo("job_init");
    }

    @Test
    void withTokensOnlyAKnownTokenGetsIn() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), "[{\"token_sha256\": \""
                + SdkHmacSha256.sha256Hex("tok-en-secret") + "\", \"projects\": [\"demo\"]}]");
        service = new RunningService(RunningService.simulatedApiExamples()
                .withAuthentication(new Authentication(Authentication.Mode.token, Optional.of(tokens))));
        URI uri = URI.create(service.baseUrl() + RUN);
        byte[] body = "{\"job_ids\": [131]}".getBytes(StandardCharsets.UTF_8);

        assertThat(post(uri, Map.of("X-Auth-Token", "tok-en-secret"), body).statusCode()).isEqualTo(200);
        var wrong = post(uri, Map.of("X-Auth-Token", "guess"), body);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("DLI.0013").doesNotContain("tok-en-secret");
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("X-Auth-Token realm=\"dlirun\"");
        assertThat(post(URI.create(service.baseUrl() + "/v1.0/demo-other/streaming/jobs/run"),
                Map.of("X-Auth-Token", "tok-en-secret"), body).statusCode()).isEqualTo(403);
    }

    @Test
    void aJobsVersionsAreBehindTheSameAuthenticationAndProjectCheckAsEveryOtherOperation() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), "[{\"token_sha256\": \""
                + SdkHmacSha256.sha256Hex("tok-en-secret") + "\", \"projects\": [\"demo\"]}]");
        service = new RunningService(RunningService.simulatedApiExamples()
                .withAuthentication(new Authentication(Authentication.Mode.token, Optional.of(tokens))));
        Map<String, String> token = Map.of("X-Auth-Token", "tok-en-secret");
        var created = post(URI.create(service.baseUrl() + "/v1.0/demo/streaming/sql-jobs"), token,
                "{\"name\": \"versioned\", \"sql_body\": \"SELECT 1\"}".getBytes(StandardCharsets.UTF_8));
        long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(created.body()).get("job").get("job_id")
                .asLong();
        String versions = "/streaming/jobs/" + id + "/versions";

        var own = get(URI.create(service.baseUrl() + "/v1.0/demo" + versions), token);
        var unsigned = get(URI.create(service.baseUrl() + "/v1.0/demo" + versions), Map.of());
        var elsewhere = get(URI.create(service.baseUrl() + "/v1.0/demo-other" + versions + "/1"), token);
        var rollbackElsewhere = post(URI.create(service.baseUrl() + "/v1.0/demo-other" + versions + "/1/rollback"),
                token, new byte[0]);

        assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
        assertThat(own.body()).contains("\"total_count\":1", "\"why\":\"create\"");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"error_code\":\"DLI.0013\"");
        assertThat(List.of(elsewhere, rollbackElsewhere)).allSatisfy(refused -> {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("\"error_code\":\"DLI.0003\"");
        });
    }

    @Test
    void aCallerSignedByTheOfficialSdksSignerListsItsOwnProjectsAndAnUnsignedOneIsToldToSign() throws Exception {
        withAkSk("[\"team-b\", \"demo\"]");
        URI projects = URI.create(service.baseUrl() + "/v3/auth/projects");
        String date = SdkHmacSha256.DATE_FORMAT.format(Instant.now());
        // The SDK's own signer (AKSKSigner), over the host it takes from the endpoint and the date.
        String authorization = OfficialSigner.authorization("GET", service.baseUrl(), projects.getRawPath(),
                Map.of("X-Sdk-Date", date), new byte[0], AK, SK);

        var signed = get(projects, Map.of("X-Sdk-Date", date, "Authorization", authorization));
        var unsigned = get(projects, Map.of());

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(signed.body()).isEqualTo("{\"projects\":[{\"id\":\"demo\",\"name\":\"demo\",\"enabled\":true},"
                + "{\"id\":\"team-b\",\"name\":\"team-b\",\"enabled\":true}],\"any_project\":false}");
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(unsigned.body()).contains("\"error_code\":\"DLI.0013\"");
        assertThat(unsigned.headers().firstValue("WWW-Authenticate")).contains("SDK-HMAC-SHA256 realm=\"dlirun\"");
    }

    @Test
    void aTokenCallerListsItsOwnProjects() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens.json"), "[{\"token_sha256\": \""
                + SdkHmacSha256.sha256Hex("tok-en-secret") + "\", \"projects\": [\"demo\", \"demo-b\"]}]");
        service = new RunningService(RunningService.simulatedApiExamples()
                .withAuthentication(new Authentication(Authentication.Mode.token, Optional.of(tokens))));
        URI projects = URI.create(service.baseUrl() + "/v3/auth/projects");

        var answer = get(projects, Map.of("X-Auth-Token", "tok-en-secret"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"projects\":[{\"id\":\"demo\",\"name\":\"demo\",\"enabled\":true},"
                + "{\"id\":\"demo-b\",\"name\":\"demo-b\",\"enabled\":true}],\"any_project\":false}");
    }

    private static HttpResponse<String> get(URI uri, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> sign(URI uri, byte[] body, Instant at) {
        Map<String, String> signed = Map.of("Host", uri.getHost() + ":" + uri.getPort(), "Content-Type", "application/json");
        return SdkHmacSha256.sign(new SdkHmacSha256.Request("POST", uri.getRawPath(), Map.of(), signed, body), AK, SK, at);
    }

    private static HttpResponse<String> post(URI uri, Map<String, String> headers, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
