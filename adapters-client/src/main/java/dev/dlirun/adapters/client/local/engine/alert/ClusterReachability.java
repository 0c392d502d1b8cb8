package dev.dlirun.adapters.client.local.engine.alert;

import dev.dlirun.adapters.client.local.model.AlertKind;

import java.time.Duration;
import java.util.Optional;

/**
 * Tells a cluster that stays unreachable from one that missed a look: it is reported unreachable once it has not
 * answered for {@code grace}, once, whatever the number of jobs; and recovered when it answers again after that, once.
 */
public final class ClusterReachability {

    private final long grace;
    /** Since when the cluster has not answered; null while it answers. */
    private Long since;
    private boolean reported;

    public ClusterReachability(Duration grace) {
        this.grace = grace.toMillis();
    }

    /** A look at the cluster failed at {@code now}: {@link AlertKind#CLUSTER_UNREACHABLE} when that is news. */
    public synchronized Optional<AlertKind> unreachable(long now) {
        if (since == null) {
            since = now;
        }
        if (!reported && now - since >= grace) {
            reported = true;
            return Optional.of(AlertKind.CLUSTER_UNREACHABLE);
        }
        return Optional.empty();
    }

    /** A look at the cluster answered at {@code now}: {@link AlertKind#CLUSTER_RECOVERED} if it was reported down. */
    public synchronized Optional<AlertKind> reachable(long now) {
        since = null;
        if (reported) {
            reported = false;
            return Optional.of(AlertKind.CLUSTER_RECOVERED);
        }
        return Optional.empty();
    }
}
