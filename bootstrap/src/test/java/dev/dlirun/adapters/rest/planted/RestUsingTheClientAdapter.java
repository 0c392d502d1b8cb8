package dev.dlirun.adapters.rest.planted;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;

/** A planted violation: the REST adapter depending on the client adapter. Test fixture only. */
public class RestUsingTheClientAdapter {
    public Object catalogue() {
        return new InMemoryJobCatalogue();
    }
}
