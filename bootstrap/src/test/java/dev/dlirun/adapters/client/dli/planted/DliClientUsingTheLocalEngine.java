package dev.dlirun.adapters.client.dli.planted;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;

/** A planted violation: the DLI client reaching into the local engine. */
public class DliClientUsingTheLocalEngine {
    public Object catalogue() {
        return new InMemoryJobCatalogue();
    }
}
