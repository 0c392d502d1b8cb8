package dev.dlirun.adapters.rest.auth;

import java.util.Objects;

/**
 * The request's credentials are missing or do not hold. Answered 401 with {@code DLI.0013} and a
 * {@code WWW-Authenticate} challenge naming the scheme the server expects (RFC 9110, section 11.6.1), so that a
 * caller, a browser console say, can tell which credentials to ask for; the message is written for the caller and
 * never holds a secret.
 */
public final class NotAuthenticatedException extends RuntimeException {

    /** The protection space every challenge names. */
    public static final String REALM = "dlirun";

    private final String scheme;

    /** @param scheme the authentication scheme the request should have used: see {@link Authenticator#scheme()} */
    public NotAuthenticatedException(String scheme, String message) {
        super(message);
        this.scheme = Objects.requireNonNull(scheme, "scheme");
    }

    /** The {@code WWW-Authenticate} value: the scheme and the realm, e.g. {@code X-Auth-Token realm="dlirun"}. */
    public String challenge() {
        return scheme + " realm=\"" + REALM + "\"";
    }
}
