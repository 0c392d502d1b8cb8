package dev.dlirun.adapters.rest.auth;

/** Tells who made a request, from its credentials. */
public interface Authenticator {

    /**
     * @throws NotAuthenticatedException when the request carries no credentials, or ones that do not hold; its
     *                                   challenge names {@link #scheme()}
     */
    Caller authenticate(IncomingRequest request);

    /**
     * The authentication scheme it expects, as a 401's {@code WWW-Authenticate} challenge names it (RFC 9110, section
     * 11.6.1): {@code X-Auth-Token} for a token, {@code SDK-HMAC-SHA256} for an AK/SK signature.
     */
    String scheme();

    /** Whether it needs the request's body (to check a signature over it). */
    default boolean readsBody() {
        return false;
    }

    /** The refusal of a request: a 401 whose challenge names this authenticator's {@link #scheme()}. */
    default NotAuthenticatedException refusal(String message) {
        return new NotAuthenticatedException(scheme(), message);
    }

    /** No authentication: everyone may use every project, and no request is refused (so none is challenged). */
    Authenticator NONE = new Authenticator() {
        @Override
        public Caller authenticate(IncomingRequest request) {
            return Caller.ANYONE;
        }

        @Override
        public String scheme() {
            return "none";
        }
    };
}
