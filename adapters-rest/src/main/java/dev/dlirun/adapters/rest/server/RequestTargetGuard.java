package dev.dlirun.adapters.rest.server;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Answers a request whose target holds characters a URI may not hold unencoded (RFC 3986: a raw space, {@code \},
 * {@code |}, {@code {}}, {@code "}, {@code <} ...) with 400 and DLI's error body, before the JAX-RS application sees
 * it: there it would fail while the URI is parsed, in a place whose answer is an HTML error page naming the server's
 * libraries. Every other request goes on to the application unchanged.
 */
final class RequestTargetGuard extends HttpHandler {

    /** RFC 3986's unreserved, reserved and {@code %} characters: all a request target may hold as sent. */
    private static final Pattern URI_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=%]*");
    private static final byte[] REFUSAL = ("{\"error_code\":\"DLI.0001\",\"error_msg\":\"The request target holds "
            + "characters a URI may not hold unencoded: percent-encode them.\"}").getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom IDS = new SecureRandom();

    private final HttpHandler application;

    RequestTargetGuard(HttpHandler application) {
        this.application = Objects.requireNonNull(application, "application");
    }

    @Override
    public void service(Request request, Response response) throws Exception {
        String path = request.getRequestURI();
        String query = request.getQueryString();
        if (URI_CHARACTERS.matcher(path).matches() && (query == null || URI_CHARACTERS.matcher(query).matches())) {
            application.service(request, response);
            return;
        }
        byte[] id = new byte[16];
        IDS.nextBytes(id);
        response.setStatus(400);
        response.setHeader("X-Request-Id", HexFormat.of().formatHex(id));
        response.setContentType("application/json");
        response.setContentLength(REFUSAL.length);
        response.getOutputStream().write(REFUSAL);
    }

    @Override
    public void start() {
        application.start();
    }

    @Override
    public void destroy() {
        application.destroy();
    }
}
