package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.ops.Telemetry;
import dev.dlirun.adapters.rest.server.RestSettings;
import dev.dlirun.domain.port.in.CheckReadiness;

import java.net.http.HttpRequest;

/** Opens {@link RestServerHarness} to tests of the REST adapter's other packages. */
public class TestHarnessAccess implements AutoCloseable {

    private final RestServerHarness harness;

    /** The use cases of a harness, all fakes answering as a plain success does. */
    public static JobUseCases fakeUseCases() {
        return new JobUseCases(new FakeBatchRun(), new FakeBatchStop(), new FakeShowJob(), new FakeSavepoints(),
                new FakeAwait(), new FakeDefinitions(), new FakeTemplates(), new FakeTransfers(), new FakeInspect(),
                new FakeJobLog(), new FakeChecks(), new FakeChecks(), new FakeVersions(), new FakeUpgrades());
    }

    protected TestHarnessAccess(RestSettings settings, CheckReadiness readiness, Telemetry telemetry) {
        harness = new RestServerHarness(settings, readiness, telemetry);
    }

    public RestServerHarness.Answer get(String path) {
        return harness.send(harness.request(path).GET());
    }

    /** A GET with these headers, e.g. credentials. */
    public RestServerHarness.Answer get(String path, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = harness.request(path).GET();
        headers.forEach(request::header);
        return harness.send(request);
    }

    /** The address the server listens on, as a request's {@code Host} header names it. */
    public String hostAndPort() {
        return "127.0.0.1:" + harness.port();
    }

    /** A request of any method, without a body. */
    public RestServerHarness.Answer send(String method, String path) {
        return harness.send(harness.request(path).method(method, HttpRequest.BodyPublishers.noBody()));
    }

    public RestServerHarness.Answer post(String path, String json) {
        return harness.postJson(path, json);
    }

    @Override
    public void close() {
        harness.close();
    }
}
