package dev.dlirun.client;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Authenticates each request as the last step before it is sent, when its {@code Host}, {@code Content-Type} and
 * body are final: the generated client builds requests without them.
 */
final class SigningInterceptor implements HttpRequestInterceptor {

    private static final byte[] NO_BODY = new byte[0];

    private final RequestSigner signer;

    SigningInterceptor(RequestSigner signer) {
        this.signer = signer;
    }

    @Override
    public void process(HttpRequest request, EntityDetails details, HttpContext context) throws IOException {
        HttpEntity entity = request instanceof ClassicHttpRequest classic ? classic.getEntity() : null;
        String path = request.getPath();
        int query = path.indexOf('?');
        Map<String, String> headers = signer.headers(new RequestSigner.Outgoing(request.getMethod(), host(request),
                query < 0 ? path : path.substring(0, query), query < 0 ? null : path.substring(query + 1),
                contentType(request, entity), bodyOf(entity)));
        headers.forEach(request::setHeader);
    }

    private static String host(HttpRequest request) {
        Header host = request.getFirstHeader(HttpHeaders.HOST);
        if (host != null) {
            return host.getValue();
        }
        URIAuthority authority = request.getAuthority();
        return authority == null ? "" : authority.toString();
    }

    private static String contentType(HttpRequest request, HttpEntity entity) {
        Header type = request.getFirstHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            return type.getValue();
        }
        return entity == null ? null : entity.getContentType();
    }

    /** The body's bytes: the generated client sends string entities, which can be read again when sent. */
    static byte[] bodyOf(HttpEntity entity) throws IOException {
        if (entity == null || entity.getContentLength() == 0) {
            return NO_BODY;
        }
        if (!entity.isRepeatable()) {
            throw new IOException("a request body that can be read only once cannot be signed");
        }
        try (InputStream content = entity.getContent()) {
            return content.readAllBytes();
        }
    }
}
