package dev.dlirun.adapters.rest.auth;

/** Tells who made a request, from its credentials. */
public interface Authenticator {

    /**
     * @throws NotAuthenticatedException when the request carries no credentials, or ones that do not hold
     */
    Caller authenticate(IncomingRequest request);

    /** Whether it needs the request's body (to check a signature over it). */
    default boolean readsBody() {
        return false;
    }

    /** No authentication: everyone may use every project. */
    Authenticator NONE = request -> Caller.ANYONE;
}
