package dev.dlirun.adapters.client.local.catalogue;

/**
 * A write under a lease (see {@link JdbcJobCatalogue#fencedBy}) refused because its writer no longer holds the lease
 * with the token it was given: it expired, or another instance took it. Nothing of the write was written.
 */
public final class LeaseLostException extends RuntimeException {

    private final String lease;
    private final String holder;
    private final long token;

    LeaseLostException(String lease, String holder, long token) {
        super(holder + " no longer holds the lease " + lease + " with token " + token
                + " (it expired or another instance took it): the write was refused and nothing of it written");
        this.lease = lease;
        this.holder = holder;
        this.token = token;
    }

    /** The lease the write was made under. */
    public String lease() {
        return lease;
    }

    /** Who made the write. */
    public String holder() {
        return holder;
    }

    /** The token the writer held the lease with. */
    public long token() {
        return token;
    }
}
