package dev.dlirun.adapters.rest.error;

import dev.dlirun.adapters.rest.JobRequests;
import dev.dlirun.adapters.rest.RequestBodyGuard;
import dev.dlirun.adapters.rest.JobDefinitionRequests;
import dev.dlirun.adapters.rest.JobDetailMapping;
import dev.dlirun.adapters.rest.JobVersionMapping;
import dev.dlirun.adapters.rest.auth.NotAuthenticatedException;
import dev.dlirun.adapters.rest.auth.ProjectForbiddenException;
import dev.dlirun.adapters.rest.ops.RequestIds;
import dev.dlirun.adapters.rest.generated.model.ErrorResponse;
import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.template.TemplateNotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.annotation.Annotation;
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

    /** The exception mappers and the filter to register with the JAX-RS application. */
    public static Set<Object> providers() {
        return Set.of(new InvalidInput(), new MalformedJson(), new NoSuchJob(), new NoSuchTemplate(), new NoSuchUpgrade(), new NotAllowed(), new DuplicateName(), new HttpError(), new BackendDown(),
                new CredentialsRejected(), new NotAuthenticated(), new Forbidden(), new Unexpected(),
                new BodilessErrors());
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

    /**
     * A body the JSON reader refused: broken JSON, or a value of the wrong type; or a body that stopped arriving or
     * grew too large while it was being read, which the reader reports wrapped in its own exception.
     */
    static final class MalformedJson implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof RequestBodyGuard.TooLargeException
                        || cause instanceof RequestBodyGuard.UnreadableException) {
                    return guarded((WebApplicationException) cause).build();
                }
            }
            return error(400, ErrorCode.PARAMETER_CHECK, JobRequests.fromJson(e).getMessage()).build();
        }
    }

    /** The answer to a body the guard stopped: its status and message, and closing the connection when it asks. */
    private static Response.ResponseBuilder guarded(WebApplicationException e) {
        Response.ResponseBuilder answer = error(e.getResponse().getStatus(), ErrorCode.PARAMETER_CHECK, e.getMessage());
        String connection = e.getResponse().getHeaderString("Connection");
        return connection == null ? answer : answer.header("Connection", connection);
    }

    /** Missing or wrong credentials. */
    static final class NotAuthenticated implements ExceptionMapper<NotAuthenticatedException> {
        @Override
        public Response toResponse(NotAuthenticatedException e) {
            return error(401, ErrorCode.AUTHENTICATION, e.getMessage())
                    .header(HttpHeaders.WWW_AUTHENTICATE, e.challenge()).build();
        }
    }

    /** A project the caller may not use: the same answer whether or not it exists. */
    static final class Forbidden implements ExceptionMapper<ProjectForbiddenException> {
        @Override
        public Response toResponse(ProjectForbiddenException e) {
            return error(403, ErrorCode.PERMISSION, e.getMessage()).build();
        }
    }

    /** A job the project does not hold, named in the path. */
    static final class NoSuchJob implements ExceptionMapper<JobNotFoundException> {
        @Override
        public Response toResponse(JobNotFoundException e) {
            return error(400, ErrorCode.NO_SUCH_JOB, e.getMessage()).build();
        }
    }

    /** An upgrade the job does not have, named in the path: as DLI answers a job it does not hold. */
    static final class NoSuchUpgrade implements ExceptionMapper<dev.dlirun.domain.upgrade.UpgradeNotFoundException> {
        @Override
        public Response toResponse(dev.dlirun.domain.upgrade.UpgradeNotFoundException e) {
            return error(400, ErrorCode.NO_SUCH_JOB, e.getMessage()).build();
        }
    }

    /** A template the project does not hold, named in the path: as DLI answers a job it does not hold. */
    static final class NoSuchTemplate implements ExceptionMapper<TemplateNotFoundException> {
        @Override
        public Response toResponse(TemplateNotFoundException e) {
            return error(400, ErrorCode.NO_SUCH_JOB, e.getMessage()).build();
        }
    }

    /** An operation the job's status does not allow. */
    static final class NotAllowed implements ExceptionMapper<OperationNotAllowedException> {
        @Override
        public Response toResponse(OperationNotAllowedException e) {
            return error(400, ErrorCode.NOT_SUPPORTED, e.getMessage()).build();
        }
    }

    /** A job name the project already uses. */
    static final class DuplicateName implements ExceptionMapper<DuplicateJobNameException> {
        @Override
        public Response toResponse(DuplicateJobNameException e) {
            return error(400, ErrorCode.DUPLICATE_NAME, e.getMessage()).build();
        }
    }

    /** What JAX-RS itself refuses: unknown paths, wrong methods, media types it cannot read or write. */
    static final class HttpError implements ExceptionMapper<WebApplicationException> {
        /** The paths of the batch operations, which a per-job method's {@code {job_id}} also matches. */
        private static final java.util.regex.Pattern BATCH_OPERATION =
                java.util.regex.Pattern.compile("/v1\\.0/[^/]+/streaming/jobs/(run|stop|delete|export|import|metrics)/?");
        /** The paths of one version of a job whose id is a number. */
        private static final java.util.regex.Pattern VERSION_OF_A_JOB =
                java.util.regex.Pattern.compile("/v1\\.0/[^/]+/streaming/jobs/[0-9]+/versions/[^/]+(/rollback)?/?");

        @Context
        private UriInfo uri;
        @Context
        private Request request;

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof ParamException.PathParamException) {
                String path = uri.getRequestUri().getRawPath();
                if (BATCH_OPERATION.matcher(path).matches()) {
                    // DELETE .../jobs/run reaches DELETE .../jobs/{job_id}: the path is the batch run's, which
                    // takes POST only.
                    return forStatus(405, request.getMethod(), path, Set.of("POST"))
                            .header(HttpHeaders.ALLOW, "POST,OPTIONS").build();
                }
                if (VERSION_OF_A_JOB.matcher(path).matches()) {
                    // The job id is a number: the version is what cannot be read.
                    return error(400, ErrorCode.PARAMETER_CHECK, JobVersionMapping.malformedNumber().getMessage()).build();
                }
                if (path.contains("/streaming/job-templates/")) {
                    return error(400, ErrorCode.PARAMETER_CHECK, "template_id must be an integer from 1 to "
                            + Long.MAX_VALUE + ".").build();
                }
                // The only other typed path parameter is the job id: "abc" is a bad value, not an unknown path.
                return error(400, ErrorCode.PARAMETER_CHECK, JobDetailMapping.malformedJobId().getMessage()).build();
            }
            if (e instanceof ParamException.QueryParamException query) {
                return error(400, ErrorCode.PARAMETER_CHECK,
                        JobDefinitionRequests.malformedQueryParameter(query.getParameterName()).getMessage()).build();
            }
            Response original = e.getResponse();
            int status = original.getStatus();
            if (status >= 500) {
                LOG.error("Request failed with HTTP {}", status, e);
            }
            if (e instanceof RequestBodyGuard.TooLargeException || e instanceof RequestBodyGuard.UnreadableException) {
                return guarded(e).build();
            }
            Response.ResponseBuilder answer = forStatus(status, request.getMethod(), uri.getRequestUri().getRawPath(),
                    original.getAllowedMethods());
            String allow = original.getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                answer.header(HttpHeaders.ALLOW, allow);
            }
            return answer.build();
        }
    }

    /**
     * The safety net: an error answered without a body, which Jersey does for a request header it cannot parse
     * without consulting any mapper, gets the error body too.
     */
    @Priority(Priorities.ENTITY_CODER)
    static final class BodilessErrors implements ContainerResponseFilter {
        @Override
        public void filter(ContainerRequestContext request, ContainerResponseContext response) {
            if (response.getStatus() >= 400 && !response.hasEntity()) {
                Response filled = forStatus(response.getStatus(), request.getMethod(),
                        request.getUriInfo().getRequestUri().getRawPath(), response.getAllowedMethods()).build();
                response.setEntity(filled.getEntity(), new Annotation[0], MediaType.APPLICATION_JSON_TYPE);
            }
        }
    }

    /** The error answer for an HTTP status when nothing more than the request line is known. */
    static Response.ResponseBuilder forStatus(int status, String method, String rawPath, Set<String> allowedMethods) {
        return switch (status) {
            case 400 -> error(400, ErrorCode.PARAMETER_CHECK, "The request is malformed: a header or the body cannot be read.");
            case 404 -> error(404, ErrorCode.NO_SUCH_RESOURCE, "No API exists at " + method + " " + echoed(rawPath) + ".");
            case 405 -> error(405, ErrorCode.NOT_SUPPORTED, "Method " + method + " is not allowed on "
                    + echoed(rawPath) + "; allowed: " + listed(allowedMethods) + ".");
            case 408 -> error(408, ErrorCode.PARAMETER_CHECK, "The request did not arrive in time.");
            case 413 -> error(413, ErrorCode.PARAMETER_CHECK, "The request body is too large.");
            case 406 -> error(406, ErrorCode.PARAMETER_CHECK,
                    "The response is application/json, which the Accept header does not allow.");
            case 415 -> error(415, ErrorCode.PARAMETER_CHECK, "Content-Type must be application/json.");
            case 421 -> error(421, ErrorCode.PARAMETER_CHECK, "This server runs without authentication and answers only "
                    + "requests addressed to it by a loopback name (127.0.0.1, localhost, [::1]) in their Host header.");
            default -> status >= 500
                    ? error(status, ErrorCode.SERVER_ERROR, serverFailed())
                    : error(status, ErrorCode.PARAMETER_CHECK, "The request cannot be served (HTTP " + status + ").");
        };
    }

    private static String echoed(String rawPath) {
        return rawPath.length() <= MAX_ECHOED_PATH ? rawPath : rawPath.substring(0, MAX_ECHOED_PATH) + "...";
    }

    private static String listed(Set<String> methods) {
        return methods.stream()
                .filter(m -> !m.equals("OPTIONS") && !m.equals("HEAD"))
                .sorted()
                .collect(Collectors.joining(", "));
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

    /**
     * DLI refused this service's own credentials: the operator's problem, not the caller's. The backend adapter,
     * which knows whose credentials they are, has said so in the log.
     */
    static final class CredentialsRejected implements ExceptionMapper<BackendCredentialsRejectedException> {
        @Override
        public Response toResponse(BackendCredentialsRejectedException e) {
            LOG.debug("Job backend refused this service's credentials: {}", e.getMessage());
            return error(502, ErrorCode.SERVER_ERROR,
                    "DLI refused this service's credentials; its operator must fix them.").build();
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
