package dev.dlirun.adapters.rest.planted;

import dev.dlirun.client.DliRunClient;

import java.net.URI;

/** A planted violation: the service calling itself through its callers' client. Test fixture only. */
public class RestUsingTheJavaClient {
    public Object client() {
        return DliRunClient.at(URI.create("http://127.0.0.1"));
    }
}
