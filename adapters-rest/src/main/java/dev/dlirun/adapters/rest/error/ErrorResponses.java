package dev.dlirun.adapters.rest.error;

import dev.dlirun.adapters.rest.BatchRunMapping;
import dev.dlirun.adapters.rest.RequestIds;
import dev.dlirun.adapters.rest.generated.model.ErrorResponse;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.InvalidInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one place where failures become HTTP: every error answers DLI's error body
 * {@code {"error_code", "error_msg"}} as JSON, never a stack trace, a class name or a framework's own page.
 */
public final class ErrorResponses {

    /** How long callers are asked to wait when the job backend is down. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final int MAX_ECHOED_PATH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    private ErrorResponses() {
    }

    /** The exception mappers to register with the JAX-RS application. */
    public static Set<Object> mappers() {
        return Set.of(new InvalidInput(), new MalformedJson(), new HttpError(), new BackendDown(), new Unexpected());
    }

    static Response.ResponseBuilder error(int status, ErrorCode code, String message) {
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorResponse().errorCode(code.code()).errorMsg(message));
    }

    /** A request that breaks a rule of the contract or the model. */
    static final class InvalidInput implements ExceptionMapper<InvalidInputException> {
        @Override
        public Response toResponse(InvalidInputException e) {
            return error(400, ErrorCode.PARAMETER_CHECK, e.getMessage()).build();
        }
    }

    /** A body the JSON reader refused: broken JSON, or a value of the wrong type. */
    static final class MalformedJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            return error(400, ErrorCode.PARAMETER_CHECK, BatchRunMapping.fromJson(e).getMessage()).build();
        }
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, media types it cannot read or write. */
    static final class HttpError implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;
        @Context
        private Request request;

        @Override
        public Response toResponse(WebApplicationException e) {
            Response original = e.getResponse();
            int status = original.getStatus();
            Response.ResponseBuilder answer = switch (status) {
                case 404 -> error(404, ErrorCode.NO_SUCH_RESOURCE,
                        "No API exists at " + request.getMethod() + " " + echoedPath() + ".");
                case 405 -> error(405, ErrorCode.NOT_SUPPORTED, "Method " + request.getMethod()
                        + " is not allowed on " + echoedPath() + "; allowed: " + allowed(original) + ".");
                case 406 -> error(406, ErrorCode.PARAMETER_CHECK,
                        "The response is application/json, which the Accept header does not allow.");
                case 415 -> error(415, ErrorCode.PARAMETER_CHECK, "Content-Type must be application/json.");
                case 400 -> error(400, ErrorCode.PARAMETER_CHECK, "The request body must be a JSON object.");
                default -> status >= 500
                        ? error(status, ErrorCode.SERVER_ERROR, serverFailed())
                        : error(status, ErrorCode.PARAMETER_CHECK, "The request cannot be served (HTTP " + status + ").");
            };
            if (status >= 500) {
                LOG.error("Request failed with HTTP {}", status, e);
            }
            String allow = original.getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                answer.header(HttpHeaders.ALLOW, allow);
            }
            return answer.build();
        }

        private String echoedPath() {
            String path = uri.getRequestUri().getRawPath();
            return path.length() <= MAX_ECHOED_PATH ? path : path.substring(0, MAX_ECHOED_PATH) + "...";
        }

        private static String allowed(Response original) {
            return original.getAllowedMethods().stream()
                    .filter(m -> !m.equals("OPTIONS") && !m.equals("HEAD"))
                    .sorted()
                    .collect(Collectors.joining(", "));
        }
    }

    /** No job of the request could be looked up: the whole request is retried later. */
    static final class BackendDown implements ExceptionMapper<BackendUnavailableException> {
        @Override
        public Response toResponse(BackendUnavailableException e) {
            LOG.warn("Job backend unavailable: {}", e.getMessage(), e.getCause());
            return error(503, ErrorCode.SERVER_ERROR, "The job backend is unavailable; retry later.")
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .build();
        }
    }

    /** Anything else is a defect of this service: logged in full, answered without internals. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Override
        public Response toResponse(Throwable e) {
            LOG.error("Unexpected failure", e);
            return error(500, ErrorCode.SERVER_ERROR, serverFailed()).build();
        }
    }

    private static String serverFailed() {
        return "The server failed to process the request; quote request id " + RequestIds.current()
                + " when reporting it.";
    }
}
