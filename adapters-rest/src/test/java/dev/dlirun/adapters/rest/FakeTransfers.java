package dev.dlirun.adapters.rest;

import dev.dlirun.domain.port.in.TransferJobs;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.util.List;

/** The export and import use cases as the REST tests want them: record what arrived, answer a fixed mapping. */
final class FakeTransfers implements TransferJobs {

    volatile ExportRequest lastExport;
    volatile ImportRequest lastImport;

    @Override
    public List<String> export(ExportRequest request) {
        lastExport = request;
        return List.of(request.obsDir() + "/jobs_1.zip");
    }

    @Override
    public List<ImportedJob> importJobs(ImportRequest request) {
        lastImport = request;
        return List.of(new ImportedJob(131, 100001, "Job successfully created."),
                new ImportedJob(132, ImportedJob.NOT_IMPORTED, "taken"));
    }
}
