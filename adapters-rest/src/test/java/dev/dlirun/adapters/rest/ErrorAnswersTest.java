package dev.dlirun.adapters.rest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;

import static dev.dlirun.adapters.rest.RestServerHarness.RUN_PATH;
import static org.assertj.core.api.Assertions.assertThat;

/** Every malformed request gets a 4xx with DLI's error body, naming what is wrong. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorAnswersTest {

    private static final String ID_RULE = "must be an integer from 1 to 9223372036854775807.";
    private static final String JOB_IDS_RULE =
            "job_ids must be a non-empty array of integers from 1 to 9223372036854775807.";

    private final RestServerHarness server = new RestServerHarness();

    @AfterAll
    void stop() {
        server.close();
    }

    private static void assertError(RestServerHarness.Answer answer, int status, String code, String message) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.header("X-Request-Id")).isNotBlank();
        var json = answer.json();
        assertThat(json.get("error_code").asText()).isEqualTo(code);
        assertThat(json.get("error_msg").asText()).isEqualTo(message);
        assertThat(json.size()).as("only error_code and error_msg").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {}                                                | job_ids is required.
            {"job_ids": null}                                 | job_ids is required.
            {"resume_savepoint": true}                        | job_ids is required.
            {"job_ids": []}                                   | job_ids must not be empty.
            {"job_ids": "131"}                                | JOB_IDS
            {"job_ids": 131}                                  | JOB_IDS
            {"job_ids": {"0": 131}}                           | JOB_IDS
            {"job_ids": true}                                 | JOB_IDS
            {"job_ids": [1, 0]}                               | job_ids[1] ID
            {"job_ids": [-5]}                                 | job_ids[0] ID
            {"job_ids": [1.5]}                                | job_ids[0] ID
            {"job_ids": [1.0]}                                | job_ids[0] ID
            {"job_ids": [1e3]}                                | job_ids[0] ID
            {"job_ids": [1, 2, "131"]}                        | job_ids[2] ID
            {"job_ids": [null]}                               | job_ids[0] ID
            {"job_ids": [true]}                               | job_ids[0] ID
            {"job_ids": [[1]]}                                | job_ids[0] ID
            {"job_ids": [{}]}                                 | job_ids[0] ID
            {"job_ids": [9223372036854775807, 9223372036854775808]} | job_ids[1] ID
            {"job_ids": [-9223372036854775809]}               | job_ids[0] ID
            {"job_ids": [99999999999999999999999999999999]}   | job_ids[0] ID
            {"job_ids": [1], "resume_savepoint": "true"}      | resume_savepoint must be true or false.
            {"job_ids": [1], "resume_savepoint": 1}           | resume_savepoint must be true or false.
            {"job_ids": [1], "resume_savepoint": [true]}      | resume_savepoint must be true or false.
            [131, 130]                                        | request body must be a JSON object.
            `"job_ids"`                                       | request body must be a JSON object.
            131                                               | request body must be a JSON object.
            null                                              | request body must be a JSON object.
            """)
    void aValidJsonBodyThatBreaksTheContractNamesTheField(String body, String expected) {
        String message = expected.equals("JOB_IDS") ? JOB_IDS_RULE
                : expected.endsWith(" ID") ? expected.substring(0, expected.length() - 2) + ID_RULE
                : expected;
        assertError(server.postJson(RUN_PATH, body), 400, "DLI.0001", message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{`                                        | request body ends before its JSON is complete (line 1, column 2).
            {"job_ids": [1,]}                          | request body is not valid JSON (line 1, column 16).
            {job_ids: [1]}                             | request body is not valid JSON (line 1, column 2).
            {"job_ids": [1]} {"job_ids": [2]}          | request body must hold exactly one JSON object (line 1, column 18).
            {"job_ids": [1], "job_ids": [2]}           | request body must not name a field twice (line 1, column 27).
            not json at all                            | request body is not valid JSON (line 1, column 1).
            """)
    void brokenJsonIsRefusedWithWhereItBreaks(String body, String expected) {
        assertError(server.postJson(RUN_PATH, body), 400, "DLI.0001", expected);
    }

    @Test
    void anEmptyBodyIsRefused() {
        assertError(server.postJson(RUN_PATH, ""), 400, "DLI.0001", "request body must be a JSON object.");
    }

    @ParameterizedTest
    @CsvSource({"bad.id", "has%20space", "%C3%BC", "x_0123456789012345678901234567890123456789012345678901234567890123"})
    void aProjectIdOutsideTheAllowedFormatIsRefused(String projectId) {
        assertError(server.postJson("/v1.0/" + projectId + "/streaming/jobs/run", "{\"job_ids\": [1]}"), 400,
                "DLI.0001", "project_id must be 1 to 64 characters, each a letter, a digit, '_' or '-'.");
    }

    @Test
    void anUnknownPathIs404() {
        assertError(server.send(server.request("/v1.0/p1/streaming/flows/run").GET()), 404, "DLI.0023",
                "No API exists at GET /v1.0/p1/streaming/flows/run.");
        assertError(server.postJson("/", "{}"), 404, "DLI.0023", "No API exists at POST /.");
    }

    @Test
    void anUnknownPathIsEchoedOnlyInPart() {
        String longPath = "/x" + "y".repeat(5000);
        var answer = server.send(server.request(longPath).GET());
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("error_msg").asText()).hasSizeLessThan(300).endsWith("....");
    }

    @Test
    void aWrongMethodIs405AndSaysWhichIsAllowed() {
        var answer = server.send(server.request(RUN_PATH).DELETE());
        assertError(answer, 405, "DLI.0007", "Method DELETE is not allowed on " + RUN_PATH + "; allowed: POST.");
        assertThat(answer.header("Allow")).contains("POST");

        assertError(server.send(server.request("/v1.0/p1/streaming/jobs/131")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")),
                405, "DLI.0007", "Method POST is not allowed on /v1.0/p1/streaming/jobs/131; allowed: DELETE, GET.");
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        assertError(server.send(server.request(RUN_PATH).header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [1]}"))),
                415, "DLI.0001", "Content-Type must be application/json.");
        assertError(server.send(server.request(RUN_PATH)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("job_ids=1"))),
                415, "DLI.0001", "Content-Type must be application/json.");
    }

    @Test
    void aRequestWithoutContentTypeIs415() {
        assertError(server.send(server.request(RUN_PATH).POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [1]}"))),
                415, "DLI.0001", "Content-Type must be application/json.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Content-Type | /
            Content-Type | text
            Content-Type | application/json; charset
            Accept       | ;;
            """)
    void aHeaderThatCannotBeParsedIs400WithTheErrorBodyToo(String header, String value) {
        var request = server.request(RUN_PATH).POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [1]}"));
        if (!header.equals("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        assertError(server.send(request.header(header, value)), 400, "DLI.0001",
                "The request is malformed: a header or the body cannot be read.");
    }

    @Test
    void anAcceptHeaderThatRulesOutJsonIs406() {
        assertError(server.send(server.request(RUN_PATH).header("Content-Type", "application/json")
                        .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString("{\"job_ids\": [1]}"))),
                406, "DLI.0001", "The response is application/json, which the Accept header does not allow.");
    }
}
