package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.Alert;
import dev.dlirun.adapters.client.local.model.LocalJob;

import java.util.List;

/** The alerts a change of a job causes, from the job as it was and as it is stored after the change. */
@FunctionalInterface
public interface ChangeAlerts {

    /** No alert, whatever the change. */
    ChangeAlerts NONE = (before, after) -> List.of();

    List<Alert> of(LocalJob before, LocalJob after);
}
