package dev.dlirun.adapters.client.local.runtime.planted;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;

/** A planted violation: the runtime seam depending on the engine it separates from its runtimes. */
public class SeamUsingTheCatalogue {
    public Object catalogue() {
        return new InMemoryJobCatalogue();
    }
}
