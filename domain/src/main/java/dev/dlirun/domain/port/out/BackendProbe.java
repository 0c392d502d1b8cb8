package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendCredentialsRejectedException;
import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;

/** Driven port: a cheap check that the backend can be reached and accepts this service. */
public interface BackendProbe {

    /**
     * Returns when the backend answered as expected.
     *
     * @throws BackendUnavailableException        when it cannot be reached, or did not answer by the deadline
     * @throws BackendCredentialsRejectedException when it refuses this service's credentials
     */
    void probe(Deadline deadline);

    /**
     * What an operator may want to know of this instance beside whether it is ready, by name (e.g. whether it holds
     * the cluster's background work); none by default. Cheap: it asks nothing of the backend.
     */
    default java.util.Map<String, String> details() {
        return java.util.Map.of();
    }
}
