package dev.dlirun.domain.port.out;

import dev.dlirun.domain.model.BackendUnavailableException;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.util.List;

/**
 * Driven port: the backend's export and import of job definitions (see
 * {@link dev.dlirun.domain.port.in.TransferJobs}). Every method may also throw {@link BackendUnavailableException}.
 */
public interface JobTransfers {

    List<String> export(ExportRequest request, Deadline deadline);

    List<ImportedJob> importJobs(ImportRequest request, Deadline deadline);
}
