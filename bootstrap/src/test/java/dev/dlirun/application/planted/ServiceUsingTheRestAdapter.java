package dev.dlirun.application.planted;

import dev.dlirun.adapters.rest.JsonMapping;

/** A planted violation: the application reaching into an adapter. Test fixture only. */
public class ServiceUsingTheRestAdapter {
    public Object mapper() {
        return JsonMapping.mapper();
    }
}
