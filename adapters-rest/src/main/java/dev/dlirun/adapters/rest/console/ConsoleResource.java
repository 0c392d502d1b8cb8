package dev.dlirun.adapters.rest.console;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.Objects;

/**
 * Serves the web console at {@code /console/}: a page and its scripts, read from the jar, that call the service's
 * public API from the browser with the caller's own credentials. The files hold no data and need none, so they are
 * served without authentication; every answer carries a Content-Security-Policy that lets the page run only its own
 * scripts and styles and talk only to this origin.
 */
@Singleton
@Path("/")
public final class ConsoleResource {

    /**
     * What the console's page may do: its own scripts, styles and images, calls to this origin, nothing inline, no
     * frames, no forms posted anywhere.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final ConsoleFiles files;

    @Inject
    public ConsoleResource(ConsoleFiles files) {
        this.files = Objects.requireNonNull(files, "files");
    }

    /** The page at {@code /console/}; {@code /console} leads there, so that the page's relative links resolve. */
    @GET
    @Path("console")
    public Response page(@Context UriInfo uri, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        if (!uri.getRequestUri().getRawPath().endsWith("/")) {
            return Response.status(308).location(URI.create("/console/")).build();
        }
        return file("index.html", ifNoneMatch);
    }

    /**
     * One of the console's files by name; anything that is not one of them (other names, paths, dot segments) answers
     * 404 with DLI's error body, like any unknown path.
     */
    @GET
    @Path("console/{name}")
    public Response file(@PathParam("name") String name, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ConsoleFiles.ConsoleFile file = files.file(name).orElseThrow(jakarta.ws.rs.NotFoundException::new);
        Response.ResponseBuilder answer = file.etag().equals(ifNoneMatch)
                ? Response.notModified()
                : Response.ok(file.content(), file.mediaType());
        return answer.header(HttpHeaders.ETAG, file.etag())
                // Each load asks whether the file changed (a new jar), and gets 304 when it did not.
                .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cross-Origin-Opener-Policy", "same-origin")
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
                .build();
    }
}
