package dev.dlirun.application.planted;

import dev.dlirun.adapters.client.generated.PlantedGeneratedClientModel;

/** A planted violation: a generated client model outside the client adapter. Test fixture only. */
public class ServiceUsingGeneratedClientCode {
    public Object model() {
        return new PlantedGeneratedClientModel();
    }
}
