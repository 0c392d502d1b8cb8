package dev.dlirun.adapters.client.dli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DLI refusing this service's own credentials is the operator's problem: said once, loudly, in the log; quietly
 * after that. Names the credentials only as their masked description.
 */
final class CredentialsAlarm {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialsAlarm.class);

    private final String credentials;
    private final AtomicBoolean raised = new AtomicBoolean();

    CredentialsAlarm(DliCredentials credentials) {
        this.credentials = credentials.toString();
    }

    void raise(int status, String dliSays) {
        if (raised.compareAndSet(false, true)) {
            LOG.error("DLI REFUSES THIS SERVICE'S CREDENTIALS ({}): it answered HTTP {} ({}). Requests that need DLI fail until "
                    + "the operator fixes them. Logged once.", credentials, status, dliSays);
        } else {
            LOG.debug("DLI refused this service's credentials again: HTTP {} {}", status, dliSays);
        }
    }
}
