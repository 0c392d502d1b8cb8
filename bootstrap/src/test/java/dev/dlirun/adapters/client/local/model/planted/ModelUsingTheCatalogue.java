package dev.dlirun.adapters.client.local.model.planted;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;

/** A planted violation: the model, which the catalogue stores, knowing a catalogue. */
public class ModelUsingTheCatalogue {
    public Object catalogue() {
        return new InMemoryJobCatalogue();
    }
}
