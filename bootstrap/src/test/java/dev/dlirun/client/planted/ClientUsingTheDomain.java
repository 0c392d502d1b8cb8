package dev.dlirun.client.planted;

import dev.dlirun.domain.model.JobId;

/** A planted violation: the callers' client reaching into the service's domain. Test fixture only. */
public class ClientUsingTheDomain {
    public Object id() {
        return JobId.of(1);
    }
}
