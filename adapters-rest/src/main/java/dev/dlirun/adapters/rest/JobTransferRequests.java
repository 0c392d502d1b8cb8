package dev.dlirun.adapters.rest;

import dev.dlirun.adapters.rest.generated.model.ExportFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.ExportFlinkJobsResponse;
import dev.dlirun.adapters.rest.generated.model.FlinkJobMapping;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobsRequest;
import dev.dlirun.adapters.rest.generated.model.ImportFlinkJobsResponse;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.in.TransferJobs;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code jobs/export} and {@code jobs/import}, for {@link StreamingJobsResource}: bodies in as the domain's requests,
 * the use case's answers out ({@code is_success} a JSON string here, as the official SDK's models read it).
 */
final class JobTransferRequests {

    private JobTransferRequests() {
    }

    static ExportFlinkJobsResponse export(TransferJobs transfers, String projectId, ExportFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        if (body.getIsSelected() == null) {
            throw new InvalidInputException("is_selected", "is required: true or false");
        }
        Optional<List<JobId>> selected = Optional.empty();
        if (body.getIsSelected()) {
            if (body.getJobSelected() == null) {
                throw new InvalidInputException("job_selected", "is required when is_selected is true");
            }
            List<JobId> ids = new ArrayList<>(body.getJobSelected().size());
            for (int i = 0; i < body.getJobSelected().size(); i++) {
                Long raw = body.getJobSelected().get(i);
                if (raw == null || raw < 1) {
                    throw new InvalidInputException("job_selected[" + i + "]", JobId.RULE);
                }
                ids.add(JobId.of(raw));
            }
            selected = Optional.of(ids);
        }
        List<String> files = transfers.export(new ExportRequest(project, body.getObsDir(), selected));
        return new ExportFlinkJobsResponse().isSuccess(ExportFlinkJobsResponse.IsSuccessEnum.TRUE)
                .message("The job is exported successfully.").zipFile(files);
    }

    static ImportFlinkJobsResponse importJobs(TransferJobs transfers, String projectId, ImportFlinkJobsRequest body) {
        ProjectId project = ProjectId.of(projectId);
        if (body == null) {
            throw new InvalidInputException(JobRequests.BODY, JobRequests.BODY_RULE);
        }
        List<ImportedJob> mapping = transfers.importJobs(new ImportRequest(project, body.getZipFile(),
                Boolean.TRUE.equals(body.getIsCover())));
        return new ImportFlinkJobsResponse().isSuccess(ImportFlinkJobsResponse.IsSuccessEnum.TRUE)
                .message("The job is imported successfully.")
                .jobMapping(mapping.stream().map(job -> new FlinkJobMapping().oldJobId(job.oldJobId())
                        .newJobId(job.newJobId()).remark(job.remark())).toList());
    }
}
