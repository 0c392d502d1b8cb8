package dev.dlirun.adapters.rest.planted;

import dev.dlirun.bootstrap.ServerConfig;

/** A planted violation: an adapter depending on the wiring. Test fixture only. */
public class RestUsingBootstrap {
    public Object config() {
        return ServerConfig.simulated(8080);
    }
}
