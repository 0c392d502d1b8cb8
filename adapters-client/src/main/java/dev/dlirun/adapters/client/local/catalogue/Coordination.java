package dev.dlirun.adapters.client.local.catalogue;

/**
 * Leases with fencing tokens, and the register of live service instances, kept where the jobs are (issue 32): several
 * instances on one PostgreSQL catalogue share work by them, judged by the database's clock so that the instances'
 * clocks do not matter.
 */
public interface Coordination {

    /**
     * Takes lease {@code name} for {@code holder} until {@code ttl} from now by the database's clock, if it is free,
     * expired, or already holder's (a renewal). Answers the fencing token when holder holds it afterwards; empty
     * otherwise. The token grows by one each time the holder changes (never on a renewal), so a token names one
     * holding.
     */
    java.util.OptionalLong acquire(String name, String holder, java.time.Duration ttl);

    /** Gives up lease {@code name} if {@code holder} holds it with {@code token} (it expires at once). */
    void release(String name, String holder, long token);

    /** Who holds lease {@code name} now (not expired), with its token and the milliseconds left by the database's clock. */
    java.util.Optional<Holding> holder(String name);

    /** A lease's holding: who, with which token, for how many milliseconds more. */
    record Holding(String holder, long token, long millisLeft) {
    }

    /** Records {@code instance} as alive now (insert or update its heartbeat, by the database's clock). */
    void heartbeat(Instance instance);

    /** The instances other than {@code self} whose last heartbeat is within {@code alive} of the database's now. */
    java.util.List<Instance> othersAlive(String self, java.time.Duration alive);

    /** Removes the instance (a clean stop). */
    void deregister(String instanceId);

    /** A service instance: its id, its engine (embedded, local, remote...), where it answers, when it started. */
    record Instance(String id, String engine, String address, long startedAt) {
    }
}
