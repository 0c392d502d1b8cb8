package dev.dlirun.adapters.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * Stands between a request's body and whoever reads it: refuses bodies larger than the limit (before reading them
 * when their length is declared, as soon as the limit is crossed when they are chunked), and turns a body that
 * stops arriving, or breaks off, into the caller's error rather than the server's.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestBodyGuard implements ContainerRequestFilter {

    /** A body over the limit. Answered 413. */
    public static final class TooLargeException extends WebApplicationException {
        TooLargeException(long limit) {
            super("The request body is larger than " + limit + " bytes.", 413);
        }
    }

    /** A body that stopped arriving (408) or broke off (400). The connection is closed after the answer. */
    public static final class UnreadableException extends WebApplicationException {
        UnreadableException(String message, int status, Throwable cause) {
            super(message, cause, Response.status(status).header("Connection", "close").build());
        }
    }

    private final long maxBytes;

    public RequestBodyGuard(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the body limit must be positive");
        }
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw new TooLargeException(maxBytes);
        }
        request.setEntityStream(new Guarded(request.getEntityStream(), maxBytes));
    }

    private static final class Guarded extends FilterInputStream {
        private final long limit;
        private long read;

        Guarded(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = super.read(buffer, offset, length);
            } catch (IOException e) {
                throw unreadable(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > limit) {
                throw new TooLargeException(limit);
            }
        }

        private static UnreadableException unreadable(IOException e) {
            return e.getCause() instanceof TimeoutException
                    ? new UnreadableException("The request body stopped arriving before it was complete.", 408, e)
                    : new UnreadableException("The request body broke off before it was complete.", 400, e);
        }
    }
}
