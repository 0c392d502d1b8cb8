package dev.dlirun.adapters.client.local.engine.planted;

import dev.dlirun.adapters.client.local.catalogue.planted.CatalogueUsingTheEngine;

/** A planted violation: the other half of a cycle between the engine's and the catalogue's packages. */
public class EngineUsingThePlantedCatalogue {
    public CatalogueUsingTheEngine partner;
}
