package dev.dlirun.adapters.client.generated;

/** Stands for a model generated for the DLI client, so that its rule can be shown to fail. Test fixture only. */
public class PlantedGeneratedClientModel {
}
