package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;

import java.util.List;

/**
 * The catalogue's alerts still to deliver: an outbox. An alert caused by a job's change is added in the same atomic step
 * as the change ({@link JobCatalogue#update(dev.dlirun.domain.model.ProjectId, dev.dlirun.domain.model.JobId,
 * java.util.function.UnaryOperator, ChangeAlerts)}); one caused by nothing the catalogue stores (the cluster) with
 * {@link #add}. A deliverer takes what is {@link #due}, and marks each delivered, to be tried again later, or given up.
 * Kept in a database, an alert added survives the process being killed, until it is marked delivered.
 */
public interface AlertOutbox {

    /** An alert not yet delivered, and how many deliveries of it failed so far. */
    record Pending(Alert alert, int attempts) {
    }

    /** Adds {@code alerts}, durable together, each due at once. */
    void add(List<Alert> alerts);

    /** At most {@code limit} alerts not delivered nor given up whose next try is due at {@code now}, oldest first. */
    List<Pending> due(long now, int limit);

    /** The alert reached its channel at {@code now}: it is not delivered again. */
    void delivered(String alertId, long now);

    /** A delivery failed, {@code attempts} so far, saying {@code why}: the next try is due at {@code nextTry}. */
    void failed(String alertId, int attempts, long nextTry, String why);

    /** The alert is not delivered, ever (no channel for its topic, or it failed for too long), saying {@code why}. */
    void givenUp(String alertId, long now, String why);

    /** How many alerts are neither delivered nor given up. */
    long pendingCount();
}
