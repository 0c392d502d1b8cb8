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
                new FakeJobLog(), new FakeChecks());
    }

    protected TestHarnessAccess(RestSettings settings, CheckReadiness readiness, Telemetry telemetry) {
        harness = new RestServerHarness(settings, readiness, telemetry);
    }

    public RestServerHarness.Answer get(String path) {
        return harness.send(harness.request(path).GET());
    }

    /** A GET with one header. */
    public RestServerHarness.Answer get(String path, String header, String value) {
        return harness.send(harness.request(path).header(header, value).GET());
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
