package dev.dlirun.application;

import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobTemplates;
import dev.dlirun.domain.port.out.JobTransfers;
import dev.dlirun.domain.template.JobTemplate;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.template.TemplateChanges;
import dev.dlirun.domain.template.TemplateId;
import dev.dlirun.domain.template.TemplatePage;
import dev.dlirun.domain.template.TemplateQuery;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The template and transfer services: what they refuse before the backend is asked, and what they pass on. */
class TemplateServiceTest {

    private static final ProjectId PROJECT = ProjectId.of("p1");

    private final List<String> asked = new ArrayList<>();
    private final JobTemplates backend = new JobTemplates() {
        @Override
        public JobTemplate create(ProjectId projectId, NewTemplate template, Deadline deadline) {
            asked.add("create");
            return JobTemplate.created(TemplateId.of(1), projectId, template, 0);
        }

        @Override
        public TemplatePage list(TemplateQuery query, Deadline deadline) {
            asked.add("list");
            return new TemplatePage(0, List.of());
        }

        @Override
        public void update(ProjectId projectId, TemplateId id, TemplateChanges changes, Deadline deadline) {
            asked.add("update " + id);
        }

        @Override
        public void delete(ProjectId projectId, TemplateId id, Deadline deadline) {
            asked.add("delete " + id);
        }
    };
    private final TemplateService templates = new TemplateService(backend, Duration.ofSeconds(5));

    @Test
    void anUpdateThatChangesNothingIsRefusedBeforeTheBackendIsAsked() {
        assertThatThrownBy(() -> templates.update(PROJECT, TemplateId.of(1), new TemplateChanges(Optional.empty(),
                Optional.empty(), Optional.empty()))).isInstanceOf(InvalidInputException.class)
                .hasMessage("body must set at least one of name, desc and sql_body.");
        templates.update(PROJECT, TemplateId.of(2), new TemplateChanges(Optional.of("n"), Optional.empty(),
                Optional.empty()));
        assertThat(asked).containsExactly("update 2");
    }

    @Test
    void aTemplateBreakingDlisLimitsCannotBeMade() {
        assertThatThrownBy(() -> new NewTemplate("x".repeat(65), null, null, null, null))
                .hasMessage("name must be 1 to 64 characters long.");
        assertThatThrownBy(() -> new NewTemplate("t", "d".repeat(513), null, null, null))
                .hasMessage("desc must be at most 512 characters long.");
        assertThatThrownBy(() -> new NewTemplate("t", null, null,
                dev.dlirun.domain.model.JobType.FLINK_JAR_JOB, null))
                .hasMessage("job_type must be flink_sql_job or flink_opensource_sql_job.");
        assertThat(new NewTemplate("t", null, null, null, null).jobType())
                .isEqualTo(dev.dlirun.domain.model.JobType.FLINK_SQL_JOB);
    }

    @Test
    void anExportOfMoreJobsThanABatchIsRefusedBeforeTheBackendIsAsked() {
        List<String> exported = new ArrayList<>();
        JobTransferService transfers = new JobTransferService(new JobTransfers() {
            @Override
            public List<String> export(ExportRequest request, Deadline deadline) {
                exported.add(request.obsDir());
                return List.of("f");
            }

            @Override
            public List<ImportedJob> importJobs(ImportRequest request, Deadline deadline) {
                return List.of();
            }
        }, 3, Duration.ofSeconds(5));

        assertThatThrownBy(() -> transfers.export(new ExportRequest(PROJECT, "b", Optional.of(LongStream
                .rangeClosed(1, 4).mapToObj(JobId::of).toList())))).isInstanceOf(InvalidInputException.class)
                .hasMessage("job_selected must name at most 3 jobs.");
        assertThat(transfers.export(new ExportRequest(PROJECT, "b", Optional.of(List.of(JobId.of(1), JobId.of(1),
                JobId.of(2), JobId.of(3)))))).as("repetitions count once").containsExactly("f");
        assertThat(exported).containsExactly("b");
    }

    @Test
    void aCreateListAndDeleteAreTheBackendsAnswers() {
        JobTemplate created = templates.create(PROJECT, new NewTemplate("t", null, "SELECT 1", null, null));
        assertThat(created.id()).isEqualTo(TemplateId.of(1));
        assertThat(created.projectId()).isEqualTo(PROJECT);
        assertThat(templates.list(TemplateQuery.all(PROJECT)).templates()).isEmpty();
        templates.delete(PROJECT, TemplateId.of(3));
        assertThat(asked).containsExactly("create", "list", "delete 3");
    }

    @Test
    void anImportIsTheBackendsMapping() {
        JobTransferService transfers = new JobTransferService(new JobTransfers() {
            @Override
            public List<String> export(ExportRequest request, Deadline deadline) {
                return List.of();
            }

            @Override
            public List<ImportedJob> importJobs(ImportRequest request, Deadline deadline) {
                return List.of(new ImportedJob(5, request.cover() ? 5 : 6, "from " + request.zipFile()));
            }
        }, 3, Duration.ofSeconds(5));

        assertThat(transfers.importJobs(new ImportRequest(PROJECT, "obs://b/f.zip", false)))
                .containsExactly(new ImportedJob(5, 6, "from obs://b/f.zip"));
    }
}
