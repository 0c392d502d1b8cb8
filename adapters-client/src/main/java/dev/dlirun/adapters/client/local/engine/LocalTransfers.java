package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.adapters.client.local.catalogue.JobCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.runtime.JobRuntime;
import dev.dlirun.domain.definition.JobQuery;
import dev.dlirun.domain.model.Deadline;
import dev.dlirun.domain.model.DuplicateJobNameException;
import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobField;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobNotFoundException;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.OperationNotAllowedException;
import dev.dlirun.domain.model.ProjectId;
import dev.dlirun.domain.port.out.JobTransfers;
import dev.dlirun.domain.transfer.ExportRequest;
import dev.dlirun.domain.transfer.ImportRequest;
import dev.dlirun.domain.transfer.ImportedJob;
import dev.dlirun.domain.version.VersionReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The local engine's export and import of job definitions, through files in the project's own OBS directory (see
 * {@link ObsPaths}), in the format of {@link JobArchive}.
 *
 * <p>An import is checked whole before anything is written: every file, entry and field through the rules a create
 * uses ({@link JobDefinition#created}, the runtime's {@link JobRuntime#checkCode}); one bad job refuses the whole import
 * with 400 and nothing changes. Then each job is written on its own, through the engine's create (or, with
 * {@code is_cover}, its update of the project's job of that name, a merge as every update is): what the project's
 * state refuses of one job (a name taken without {@code is_cover}, a running job whose SQL may not change) is that
 * job's {@code new_job_id: -1} and {@code remark}, and the others go ahead.
 */
public final class LocalTransfers implements JobTransfers {

    /** The most export files one folder may hold for an import. */
    static final int MAX_FILES = 100;
    /** The largest export file read. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    private static final int PAGE = JobQuery.MAX_LIMIT;

    private final JobCatalogue catalogue;
    private final LocalJobEngine definitions;
    private final JobRuntime runtime;
    private final ObsPaths paths;
    private final Clock clock;

    /**
     * @param definitions what creates and updates jobs (the engine: its rules, its templates, its runtime's checks, and
     *                    the versions it writes, made {@code import})
     * @param storage     the directory holding each project's own directory (see {@link ObsPaths})
     */
    public LocalTransfers(JobCatalogue catalogue, LocalJobEngine definitions, JobRuntime runtime, Path storage,
                          Clock clock) {
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue");
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.paths = new ObsPaths(storage);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<String> export(ExportRequest request, Deadline deadline) {
        ProjectId project = request.projectId();
        ObsPaths.Place directory = paths.resolve(project, "obs_dir", request.obsDir());
        List<LocalJob> jobs = request.selected().map(ids -> selected(project, ids)).orElseGet(() -> all(project));
        List<JobArchive.Entry> entries = jobs.stream()
                .map(job -> new JobArchive.Entry(job.id().value(), job.jobType(), job.definition().fields()))
                .toList();
        Path written = write(project, directory.path(), entries);
        return List.of(directory.named() + "/" + written.getFileName());
    }

    private List<LocalJob> selected(ProjectId project, List<JobId> ids) {
        Map<JobId, LocalJob> found = catalogue.findAll(project, ids);
        List<LocalJob> jobs = new ArrayList<>(ids.size());
        for (JobId id : ids) {
            LocalJob job = found.get(id);
            if (job == null) {
                throw new JobNotFoundException(id);
            }
            jobs.add(job);
        }
        return jobs;
    }

    private List<LocalJob> all(ProjectId project) {
        List<LocalJob> jobs = new ArrayList<>();
        for (long offset = 0; ; offset += PAGE) {
            JobCatalogue.Page page = catalogue.list(new JobQuery(project, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), true,
                    PAGE, offset, true));
            if (page.totalCount() > JobArchive.MAX_ENTRIES) {
                throw new InvalidInputException("is_selected", "must be true, naming at most "
                        + JobArchive.MAX_ENTRIES + " jobs in job_selected: the project holds " + page.totalCount());
            }
            jobs.addAll(page.jobs());
            if (page.jobs().size() < PAGE) {
                return jobs;
            }
        }
    }

    /** A new file {@code jobs_<epoch ms>.zip} in {@code directory}, written whole before it appears under its name. */
    private Path write(ProjectId project, Path directory, List<JobArchive.Entry> entries) {
        Path home = paths.projectDirectory(project);
        try {
            Files.createDirectories(directory);
            // Created, the directory is judged again: a link planted on the way is caught here.
            ObsPaths.requireInside("obs_dir", home, directory);
            Path part = Files.createTempFile(directory, ".export-", ".part");
            try {
                try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.TRUNCATE_EXISTING)) {
                    JobArchive.write(entries, out);
                }
                long now = clock.millis();
                for (int attempt = 0; ; attempt++) {
                    Path file = directory.resolve("jobs_" + now + (attempt == 0 ? "" : "_" + attempt) + ".zip");
                    try {
                        Files.createLink(file, part);
                        return file;
                    } catch (FileAlreadyExistsException e) {
                        if (attempt == 100) {
                            throw e;
                        }
                    } catch (UnsupportedOperationException e) {
                        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
                        return file;
                    }
                }
            } finally {
                Files.deleteIfExists(part);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the export file cannot be written in " + directory, e);
        }
    }

    @Override
    public List<ImportedJob> importJobs(ImportRequest request, Deadline deadline) {
        ProjectId project = request.projectId();
        ObsPaths.Place place = paths.resolve(project, "zip_file", request.zipFile());
        List<JobArchive.Entry> entries = new ArrayList<>();
        for (Path file : files(project, place)) {
            entries.addAll(read(project, place, file));
            if (entries.size() > JobArchive.MAX_ENTRIES) {
                throw new InvalidInputException("zip_file", "must hold at most " + JobArchive.MAX_ENTRIES + " jobs");
            }
        }
        // Checked whole before anything is written: one bad job and nothing is imported.
        for (JobArchive.Entry entry : entries) {
            check(project, entry);
        }
        List<ImportedJob> mapping = new ArrayList<>(entries.size());
        for (JobArchive.Entry entry : entries) {
            mapping.add(write(project, entry, request.cover()));
        }
        return mapping;
    }

    /** The export files {@code place} names: itself, or every file of the folder it is, by name. */
    private List<Path> files(ProjectId project, ObsPaths.Place place) {
        Path path = place.path();
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("zip_file", "names no export file or folder: " + place.named());
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> folder = Files.newDirectoryStream(path)) {
            for (Path file : folder) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        || !file.getFileName().toString().endsWith(".zip")) {
                    throw new InvalidInputException("zip_file", "names a folder that must hold only .zip files; it "
                            + "holds " + file.getFileName());
                }
                if (files.size() == MAX_FILES) {
                    throw new InvalidInputException("zip_file", "names a folder that must hold at most " + MAX_FILES
                            + " files");
                }
                files.add(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the folder " + place.named() + " cannot be read", e);
        }
        if (files.isEmpty()) {
            throw new InvalidInputException("zip_file", "names a folder without export files: " + place.named());
        }
        files.sort(null);
        return files;
    }

    private List<JobArchive.Entry> read(ProjectId project, ObsPaths.Place place, Path file) {
        String named = file.equals(place.path()) ? place.named() : place.named() + "/" + file.getFileName();
        ObsPaths.requireInside("zip_file", paths.projectDirectory(project), file);
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new InvalidInputException("zip_file " + named, "must be at most " + MAX_FILE_BYTES + " bytes");
            }
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                return JobArchive.read(named, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the export file " + named + " cannot be read", e);
        }
    }

    /** What a create would check of the job, before anything is written: its fields whole, its code. */
    private void check(ProjectId project, JobArchive.Entry entry) {
        String where = "zip_file job-" + entry.jobId() + ".json ";
        try {
            if (entry.type() == JobType.FLINK_JAR_JOB && !entry.fields().has(JobField.ENTRYPOINT)) {
                throw new InvalidInputException("entrypoint", "is required: the jar the job runs");
            }
            runtime.checkCode(project, JobDefinition.created(entry.type(), entry.fields()));
        } catch (InvalidInputException e) {
            throw e.reportedAs(where + e.field());
        }
    }

    private ImportedJob write(ProjectId project, JobArchive.Entry entry, boolean cover) {
        String name = entry.fields().get(JobField.NAME, String.class).orElseThrow();
        Optional<LocalJob> existing = named(project, name);
        try {
            if (existing.isPresent()) {
                if (!cover) {
                    return notImported(entry, "A job named " + name + " already exists in this project; it is left "
                            + "as it is (is_cover is false).");
                }
                LocalJob job = existing.get();
                if (job.jobType() != entry.type()) {
                    return notImported(entry, "The job named " + name + " of this project is a " + job.jobType()
                            + ", not a " + entry.type() + ": a job's kind never changes.");
                }
                definitions.update(project, job.id(), entry.type() == JobType.FLINK_JAR_JOB, entry.fields(),
                        VersionReason.IMPORT);
                return new ImportedJob(entry.jobId(), job.id().value(), "Job " + job.id() + " overwritten.");
            }
            JobId created = definitions.create(project, entry.type(), entry.fields(), VersionReason.IMPORT).id();
            return new ImportedJob(entry.jobId(), created.value(), "Job successfully created.");
        } catch (DuplicateJobNameException | OperationNotAllowedException | InvalidInputException
                 | JobNotFoundException e) {
            // What the project's state refused of this job: checked whole, the file is good.
            return notImported(entry, e.getMessage());
        }
    }

    private static ImportedJob notImported(JobArchive.Entry entry, String remark) {
        return new ImportedJob(entry.jobId(), ImportedJob.NOT_IMPORTED, remark);
    }

    /** The project's job named exactly {@code name}, if any (names are unique within a project). */
    private Optional<LocalJob> named(ProjectId project, String name) {
        for (long offset = 0; ; offset += PAGE) {
            JobCatalogue.Page page = catalogue.list(new JobQuery(project, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(), true,
                    PAGE, offset, false));
            Optional<LocalJob> exact = page.jobs().stream().filter(job -> job.name().equals(name)).findFirst();
            if (exact.isPresent() || page.jobs().size() < PAGE) {
                return exact;
            }
        }
    }
}
