package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.port.in.TransferJobs;
import dev.dlirun.domain.port.out.JobTransfers;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** Exports and imports job definitions through the backend, within the request's budget. */
public final class JobTransferService implements TransferJobs {

    private final JobTransfers transfers;
    private final int maxBatchSize;
    private final Duration budget;

    /** @param maxBatchSize the most jobs one export may select, as for the batch operations */
    public JobTransferService(JobTransfers transfers, int maxBatchSize, Duration budget) {
        this.transfers = Objects.requireNonNull(transfers, "transfers");
        this.maxBatchSize = maxBatchSize;
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    @Override
    public List<String> export(ExportRequest request) {
        if (request.selected().map(List::size).orElse(0) > maxBatchSize) {
            throw new InvalidInputException("job_selected", "must name at most " + maxBatchSize + " jobs");
        }
        return transfers.export(request, Deadline.after(budget));
    }

    @Override
    public List<ImportedJob> importJobs(ImportRequest request) {
        return transfers.importJobs(Objects.requireNonNull(request, "request"), Deadline.after(budget));
    }
}
