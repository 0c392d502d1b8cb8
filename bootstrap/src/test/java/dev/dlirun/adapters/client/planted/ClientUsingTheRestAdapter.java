package dev.dlirun.adapters.client.planted;

import dev.dlirun.adapters.rest.ops.RequestIds;

/** A planted violation: one adapter depending on another. Test fixture only. */
public class ClientUsingTheRestAdapter {
    public String requestId() {
        return RequestIds.current();
    }
}
