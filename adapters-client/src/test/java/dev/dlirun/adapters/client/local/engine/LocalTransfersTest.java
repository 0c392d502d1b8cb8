package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.runtime.simulated.SimulatedJobRuntime;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDetail;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobFields;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.version.JobVersion;
import dev.dlirun.domain.version.VersionQuery;
import dev.dlirun.domain.version.VersionReason;
import dev.dlirun.domain.template.NewTemplate;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Export and import on the local engine: files in the projects' OBS directories, checked whole, never elsewhere. */
class LocalTransfersTest {

    private static final ProjectId A = ProjectId.of("project-a");
    private static final ProjectId B = ProjectId.of("project-b");
    private static final Deadline DEADLINE = Deadline.after(Duration.ofMinutes(1));

    @TempDir
    Path storage;
    private final InMemoryJobCatalogue catalogue = new InMemoryJobCatalogue();
    private final Clock clock = Clock.systemUTC();
    private SimulatedJobRuntime runtime;
    private LocalJobEngine engine;
    private LocalTransfers transfers;

    @BeforeEach
    void open() {
        runtime = new SimulatedJobRuntime(Duration.ZERO, clock);
        engine = new LocalJobEngine(catalogue, runtime, clock, EngineSettings.DEFAULTS);
        transfers = new LocalTransfers(catalogue, engine, runtime, storage, clock);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private JobId create(ProjectId project, String name, String sql) {
        return engine.create(project, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of("name", name,
                "sql_body", sql, "parallel_number", 3, "checkpoint_enabled", true, "desc", "d-" + name,
                "tags", List.of(Map.of("key", "team", "value", "ads")))), DEADLINE).id();
    }

    private JobDetail detail(ProjectId project, JobId id) {
        return engine.findJob(project, id, DEADLINE).orElseThrow();
    }

    private Path obs(ProjectId project, String path) {
        return storage.resolve(project.value()).resolve("obs").resolve(path);
    }

    @Test
    void jobsExportedFromOneProjectAreImportedIntoAnotherAndBackAsIsCoverSays() throws IOException {
        JobId first = create(A, "orders", "SELECT 1");
        JobId second = create(A, "clicks", "SELECT 2");
        create(A, "not-exported", "SELECT 3");

        List<String> files = transfers.export(new ExportRequest(A, "obs://bucket-a/exports",
                Optional.of(List.of(first, second))), DEADLINE);

        assertThat(files).hasSize(1);
        assertThat(files.get(0)).matches("obs://bucket-a/exports/jobs_[0-9]+\\.zip");
        Path written = obs(A, files.get(0).substring("obs://".length()));
        assertThat(written).isRegularFile();
        // As a user moves an OBS object into another project's bucket.
        String name = written.getFileName().toString();
        Files.createDirectories(obs(B, "bucket-b/in"));
        Files.copy(written, obs(B, "bucket-b/in/" + name));

        List<ImportedJob> intoB = transfers.importJobs(new ImportRequest(B, "bucket-b/in/" + name, false), DEADLINE);

        assertThat(intoB).extracting(ImportedJob::oldJobId).containsExactly(first.value(), second.value());
        assertThat(intoB).allMatch(ImportedJob::imported);
        JobDetail copied = detail(B, JobId.of(intoB.get(0).newJobId()));
        JobDetail original = detail(A, first);
        assertThat(copied.name()).isEqualTo("orders");
        assertThat(copied.code().orElseThrow()).isEqualTo(original.code().orElseThrow());
        assertThat(intoB.get(1).newJobId()).isNotEqualTo(second.value());
        assertThat(engine.versions(new VersionQuery(B, JobId.of(intoB.get(0).newJobId()), 10, 0), DEADLINE)
                .versions()).singleElement().satisfies(version -> {
                    assertThat(version.number()).isEqualTo(1);
                    assertThat(version.why()).as("an imported job's first version").isEqualTo(VersionReason.IMPORT);
                    assertThat(version.definition()).isEqualTo(original.code().orElseThrow());
                });

        // Back into A: the names are taken.
        List<ImportedJob> notCovered = transfers.importJobs(new ImportRequest(A, files.get(0), false), DEADLINE);
        assertThat(notCovered).extracting(ImportedJob::newJobId).containsOnly(ImportedJob.NOT_IMPORTED);
        assertThat(notCovered.get(0).remark()).contains("already exists").contains("is_cover");

        engine.update(A, first, false, JobFields.parse(Map.of("sql_body", "SELECT 42", "parallel_number", 9)),
                DEADLINE);
        List<ImportedJob> covered = transfers.importJobs(new ImportRequest(A, files.get(0), true), DEADLINE);
        assertThat(covered).extracting(ImportedJob::newJobId).containsExactly(first.value(), second.value());
        assertThat(detail(A, first).code().orElseThrow().sqlBody()).contains("SELECT 1");
        assertThat(detail(A, first).code().orElseThrow().config().parallelNumber()).isEqualTo(3);
        assertThat(engine.versions(new VersionQuery(A, first, 10, 0), DEADLINE).versions())
                .extracting(JobVersion::number, JobVersion::why)
                .containsExactly(org.assertj.core.api.Assertions.tuple(3, VersionReason.IMPORT),
                        org.assertj.core.api.Assertions.tuple(2, VersionReason.UPDATE),
                        org.assertj.core.api.Assertions.tuple(1, VersionReason.CREATE));
        assertThat(catalogue.list(dev.dlirun.domain.definition.JobQuery.all(A)).totalCount()).isEqualTo(3);
    }

    @Test
    void anExportOfEveryJobTakesTheWholeProjectAndAFolderImportTakesEveryFile() {
        create(A, "one", "SELECT 1");
        create(A, "two", "SELECT 2");
        create(B, "elsewhere", "SELECT 3");
        transfers.export(new ExportRequest(A, "bucket/all", Optional.empty()), DEADLINE);

        List<ImportedJob> mapping = transfers.importJobs(new ImportRequest(A, "obs://bucket/all", true), DEADLINE);

        assertThat(mapping).hasSize(2).allMatch(ImportedJob::imported);
    }

    @Test
    void aJobOfAnotherProjectCannotBeExported() {
        JobId others = create(B, "theirs", "SELECT 1");

        assertThatThrownBy(() -> transfers.export(new ExportRequest(A, "bucket/x", Optional.of(List.of(others))),
                DEADLINE)).isInstanceOf(JobNotFoundException.class);
        assertThat(obs(A, "bucket/x")).doesNotExist();
    }

    @Test
    void placesOutsideTheProjectsOwnDirectoryAreRefused() throws IOException {
        create(A, "one", "SELECT 1");
        Path outside = Files.createDirectories(storage.resolve("outside"));
        Files.createDirectories(obs(A, "bucket"));
        Files.createSymbolicLink(obs(A, "bucket/link"), outside);
        Files.createDirectories(obs(B, "bucket/b"));

        for (String place : List.of("../x", "bucket/../../x", "obs://bucket/../../../project-b/obs/bucket/b",
                "/etc", "file:///tmp/x", "s3://bucket/x", "obs://Bucket/x", "bucket//x", "bucket/./x", "bucket/a\\b",
                "obs://bucket/link", "obs://bucket/link/deeper", "bucket/%2e%2e/x")) {
            assertThatThrownBy(() -> transfers.export(new ExportRequest(A, place, Optional.empty()), DEADLINE))
                    .as(place).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("obs_dir must be an OBS path");
            assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, place, false), DEADLINE))
                    .as(place).isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("zip_file must be an OBS path");
        }
        try (var left = Files.list(outside)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void anImportWithOneBadJobImportsNothing() throws IOException {
        Path file = Files.createDirectories(obs(A, "bucket")).resolve("bad.zip");
        zip(file, Map.of("job-1.json", entry(1, "{\"name\": \"good\", \"sql_body\": \"SELECT 1\"}"),
                "job-2.json", entry(2, "{\"name\": \"bad\", \"parallel_number\": \"three\"}")));

        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket/bad.zip", false), DEADLINE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("job-2.json parallel_number");
        assertThat(catalogue.count()).isZero();
    }

    @Test
    void hostileZipsAreRefusedWithoutUnpackingAnything() throws IOException {
        Path bucket = Files.createDirectories(obs(A, "bucket"));
        zip(bucket.resolve("slip.zip"), Map.of("../../evil.json", entry(1, "{\"name\": \"x\"}")));
        zip(bucket.resolve("bomb.zip"), Map.of("job-1.json", "{\"format\": \"" + " ".repeat(9 * 1024 * 1024)
                + "\"}"));
        zip(bucket.resolve("other.zip"), Map.of("job-1.json", "{\"format\": \"something-else\", \"version\": 1}"));
        Files.writeString(bucket.resolve("notzip.zip"), "not a zip");

        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket/slip.zip", false), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no job of an export");
        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket/bomb.zip", false), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("larger than");
        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket/other.zip", false), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("format must be dlirun-flink-job");
        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket/notzip.zip", false), DEADLINE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("holds no job");
        assertThatThrownBy(() -> transfers.importJobs(new ImportRequest(A, "bucket", false), DEADLINE))
                .as("a folder of which one file is bad").isInstanceOf(InvalidInputException.class);
        assertThat(catalogue.count()).isZero();
        try (var files = Files.walk(storage)) {
            assertThat(files.filter(f -> f.getFileName().toString().contains("evil"))).isEmpty();
        }
    }

    @Test
    void aJobCreatedFromATemplateWithoutSqlGetsTheTemplatesSql() {
        var template = engine.templates().create(A, new NewTemplate("t", null, "SELECT 'from template'", null,
                List.of()), DEADLINE);

        JobId fromTemplate = engine.create(A, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of("name", "j",
                "template_id", template.id().value())), DEADLINE).id();
        JobId ownSql = engine.create(A, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of("name", "k",
                "template_id", template.id().value(), "sql_body", "SELECT 'own'")), DEADLINE).id();

        assertThat(detail(A, fromTemplate).code().orElseThrow().sqlBody()).contains("SELECT 'from template'");
        assertThat(detail(A, ownSql).code().orElseThrow().sqlBody()).contains("SELECT 'own'");
        assertThatThrownBy(() -> engine.create(B, JobType.FLINK_OPENSOURCE_SQL_JOB, JobFields.parse(Map.of(
                "name", "j", "template_id", template.id().value())), DEADLINE))
                .as("another project's template").isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("template_id must name a template of this project");
    }

    private static String entry(long id, String definition) {
        return "{\"format\": \"dlirun-flink-job\", \"version\": 1, \"job_id\": " + id
                + ", \"job_type\": \"flink_opensource_sql_job\", \"definition\": " + definition + "}";
    }

    private static void zip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : new java.util.TreeMap<>(entries).entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
