package dev.dlirun.adapters.client.flink.planted;

import dev.dlirun.adapters.client.local.engine.LocalJobEngine;

/** A planted violation: the Flink launcher reaching past the runtime seam into the engine. */
public class LauncherUsingTheEngine {
    public Class<?> engine() {
        return LocalJobEngine.class;
    }
}
