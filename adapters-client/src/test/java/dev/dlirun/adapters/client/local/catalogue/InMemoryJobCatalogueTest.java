package dev.dlirun.adapters.client.local.catalogue;

class InMemoryJobCatalogueTest extends JobCatalogueContract {

    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();

    @Override
    JobCatalogue catalogue() {
        return catalogue;
    }
}
