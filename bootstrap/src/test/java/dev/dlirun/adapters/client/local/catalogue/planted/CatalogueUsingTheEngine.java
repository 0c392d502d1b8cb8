package dev.dlirun.adapters.client.local.catalogue.planted;

import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.engine.planted.EngineUsingThePlantedCatalogue;

/** A planted violation: the catalogue reaching up into the engine (and, with its partner, a package cycle). */
public class CatalogueUsingTheEngine {
    public LocalJobEngine engine;
    public EngineUsingThePlantedCatalogue partner;
}
