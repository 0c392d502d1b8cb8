package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;

/**
 * Whether this instance of the service does the engine's background work now: following Flink's view of the jobs,
 * launching what requests claimed, stopping what they asked to stop, reconciling after a change of hands, cleaning up,
 * delivering alerts and taking upgrades' steps. Requests are served by every instance either way: they only record
 * intent in the catalogue, which the holder acts on.
 *
 * <p>One holder per Flink cluster, not one per job: the observer costs one call to Flink's REST API a round for all the
 * jobs it follows, so dividing the jobs among instances would multiply those calls without dividing any work that
 * grows, while the requests, which do grow, are spread over every instance by the load balancer.
 */
public interface Leadership {

    /** Whether this instance holds the work now (and may write what the work finds). */
    boolean held();

    /** The fencing token of the current holding: the catalogue refuses a background write under an older one. */
    long token();

    /**
     * Tells {@code listener} each time this instance gains the work or loses it, from now on; an instance that holds it
     * already is told at once.
     */
    void listen(Listener listener);

    /**
     * The catalogue's writes of the background work, under this holding: the catalogue itself for an instance alone;
     * for one of several, a view that refuses every write once another instance holds the work.
     */
    JobCatalogue fence(JobCatalogue catalogue);

    /** Told when the work changes hands. */
    interface Listener {
        /** This instance holds the work from now on, with {@code token}. */
        void gained(long token);

        /** This instance no longer holds the work, for the reason {@code why}. */
        void lost(String why);
    }

    /** The only instance on its catalogue (an embedded H2 database, or memory): it always holds the work. */
    Leadership ALONE = new Leadership() {
        @Override
        public boolean held() {
            return true;
        }

        @Override
        public long token() {
            return 0;
        }

        @Override
        public void listen(Listener listener) {
            listener.gained(0);
        }

        @Override
        public JobCatalogue fence(JobCatalogue catalogue) {
            return catalogue;
        }

        @Override
        public String toString() {
            return "the only instance";
        }
    };
}
