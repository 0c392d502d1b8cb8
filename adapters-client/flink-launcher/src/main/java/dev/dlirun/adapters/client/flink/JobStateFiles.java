package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.LocalFiles;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jobs' state as files, on whatever file system Flink reaches them (local, or a remote store): whether a savepoint can
 * be read, a launch's latest completed checkpoint, and the deletion of a savepoint or of all of a job's state.
 */
final class JobStateFiles {

    // The runtime's lines keep the one logger name, whichever of its classes writes them.
    private static final Logger LOG = LoggerFactory.getLogger(FlinkJobRuntime.class);
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private final FlinkSettings settings;

    JobStateFiles(FlinkSettings settings) {
        this.settings = settings;
    }

    /** Why the savepoint cannot be restored from; empty when it can. */
    Optional<String> unreadableSavepoint(URI savepoint) {
        try {
            Path directory = new Path(savepoint);
            FileSystem fileSystem = directory.getFileSystem();
            if (!fileSystem.exists(directory)) {
                return Optional.of("it does not exist");
            }
            if (!fileSystem.getFileStatus(directory).isDir()) {
                return Optional.of("it is not a directory");
            }
            if (!fileSystem.exists(new Path(directory, "_metadata"))) {
                return Optional.of("it holds no _metadata file, so it is not a complete savepoint");
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("it cannot be read: " + RootCauses.describe(e));
        }
    }

    void deleteSavepoint(String savepoint) throws IOException {
        deleteDirectory(savepoint);
    }

    /** Deletes the job's checkpoints and savepoints, of every launch. */
    void deleteJobState(ProjectId projectId, JobId jobId) throws IOException {
        deleteDirectory(settings.checkpointsOf(projectId.value(), jobId.value()));
        deleteDirectory(settings.savepointsOf(projectId.value(), jobId.value()));
    }

    /**
     * Deletes a job's state. A local directory is deleted without following a symbolic link anywhere in it (a link is
     * deleted as the link it is): the service may run as root, and these directories belong to the users jobs run as,
     * whose code could have put a link there to a place of the service's.
     */
    private static void deleteDirectory(String location) throws IOException {
        Path directory = new Path(location);
        URI uri = directory.toUri();
        if (uri.getScheme() == null || "file".equalsIgnoreCase(uri.getScheme())) {
            LocalFiles.deleteWithoutFollowingLinks(java.nio.file.Path.of(uri.getPath()));
            return;
        }
        FileSystem fileSystem = directory.getFileSystem();
        if (fileSystem.exists(directory)) {
            fileSystem.delete(directory, true);
        }
    }

    /**
     * The highest-numbered {@code chk-N} of the launch that holds a {@code _metadata} file: a completed checkpoint
     * (Flink writes the metadata last).
     */
    Optional<String> latestCheckpoint(ProjectId projectId, JobId jobId, RuntimeJobId launch) {
        try {
            Path directory = new Path(settings.checkpointsOf(projectId.value(), jobId.value()) + "/" + launch.value());
            FileSystem fileSystem = directory.getFileSystem();
            if (!fileSystem.exists(directory)) {
                return Optional.empty();
            }
            FileStatus[] entries = fileSystem.listStatus(directory);
            if (entries == null) {
                return Optional.empty();
            }
            Optional<Path> latest = Arrays.stream(entries)
                    .filter(FileStatus::isDir)
                    .map(FileStatus::getPath)
                    .filter(path -> CHECKPOINT.matcher(path.getName()).matches())
                    .filter(path -> exists(fileSystem, new Path(path, "_metadata")))
                    .max(Comparator.comparingLong(path -> number(path.getName())));
            return latest.map(Path::toString);
        } catch (Exception e) {
            LOG.warn("Cannot look for the checkpoints of job {} of project {}: {}", jobId, projectId, e.toString());
            return Optional.empty();
        }
    }

    private static boolean exists(FileSystem fileSystem, Path path) {
        try {
            return fileSystem.exists(path);
        } catch (IOException e) {
            return false;
        }
    }

    private static long number(String checkpoint) {
        Matcher matcher = CHECKPOINT.matcher(checkpoint);
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
