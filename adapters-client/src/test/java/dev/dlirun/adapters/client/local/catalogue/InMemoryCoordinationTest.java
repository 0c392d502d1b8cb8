package dev.dlirun.adapters.client.local.catalogue;

/** The in-memory catalogue's leases and instances, by the JVM's clock. */
class InMemoryCoordinationTest extends CoordinationContract {

    private final JobCatalogue catalogue = new InMemoryJobCatalogue();

    @Override
    Coordination coordination() {
        return catalogue.coordination();
    }
}
