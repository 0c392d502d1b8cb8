package dev.dlirun.adapters.client.flink.state;

import dev.dlirun.domain.model.InvalidInputException;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

import java.io.DataInputStream;
import java.util.List;
import java.util.Optional;

/**
 * What a savepoint or checkpoint holds, read from its {@code _metadata} file alone, as Flink's
 * {@link Checkpoints#loadCheckpointMetadata} reads it at a restore: for each operator its id, its parallelism and
 * maximum parallelism, and which state it has with the state's size as the metadata records it. The state's own files
 * are never opened (the handles the metadata lists are not followed).
 *
 * @param location   the savepoint or checkpoint, as the caller named it
 * @param checkpoint the checkpoint's number
 * @param operators  every operator the metadata lists, in its order
 */
public record StateMetadata(String location, long checkpoint, List<SavedOperator> operators) {

    /** The field a restore path is reported against. */
    static final String FIELD = "restore_path";

    /**
     * One operator's state, as the metadata describes it.
     *
     * @param operatorId         Flink's operator id, 32 hex digits
     * @param name               the operator's name as the writing job recorded it, when it did
     * @param maxParallelism     the maximum parallelism its keyed state was written for (its key groups)
     * @param hasState           whether any of its subtasks has state ({@link OperatorSubtaskState#hasState()})
     * @param coordinatorState   whether its operator coordinator (e.g. a source's split enumerator) has state
     * @param keyedState         whether it has keyed state (managed or raw): the state a query's keys shape
     * @param nonFinishedState   whether its state takes part in the restore's assignment (it has subtask states and is
     *                           not fully finished: the condition of Flink's {@code TaskStateAssignment})
     * @param stateSize          its state's size in bytes, as the metadata records it
     */
    public record SavedOperator(String operatorId, Optional<String> name, int parallelism, int maxParallelism,
                                boolean hasState, boolean coordinatorState, boolean keyedState,
                                boolean nonFinishedState, long stateSize) {
    }

    public StateMetadata {
        operators = List.copyOf(operators);
    }

    /** The file Flink reads a restore's metadata from: {@code _metadata} in the directory, or the file named. */
    static Path metadataFile(String location) {
        Path named = new Path(location);
        return location.endsWith("_metadata") ? named : new Path(named, "_metadata");
    }

    /**
     * The metadata file of the savepoint or checkpoint at {@code location} (its directory, or its {@code _metadata}
     * file), checked to be there; it is not read.
     *
     * @throws InvalidInputException naming the location when it holds no metadata file: it is the caller's input
     */
    public static Path requireMetadataFile(String location) {
        Path file;
        try {
            file = metadataFile(location);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, "must name a savepoint or checkpoint; " + location
                    + " is not a path (" + e.getMessage() + ")");
        }
        boolean exists;
        try {
            exists = file.getFileSystem().exists(file);
        } catch (Exception e) {
            throw new InvalidInputException(FIELD, "must name a savepoint or checkpoint Flink can read; " + location
                    + " cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (!exists) {
            throw new InvalidInputException(FIELD, "must name a savepoint or checkpoint; " + location
                    + " holds no _metadata file (it does not exist, or is not a savepoint or checkpoint)");
        }
        return file;
    }

    /**
     * Reads the metadata of the savepoint or checkpoint at {@code location} (its directory, or its {@code _metadata}
     * file) on Flink's file system.
     *
     * <p>Flink's reading of metadata deserializes part of it with Java serialization (the checkpoint's properties,
     * {@code MetadataV4Serializer}): read only metadata that code of the service's users could not have written (the
     * caller's concern: {@code FlinkJobRuntime} reads none of the projects that run code).
     *
     * @throws InvalidInputException naming the location when it holds no readable metadata: it is the caller's input
     */
    public static StateMetadata read(String location, ClassLoader classLoader) {
        Path file = requireMetadataFile(location);
        CheckpointMetadata metadata;
        try (FSDataInputStream in = file.getFileSystem().open(file); DataInputStream data = new DataInputStream(in)) {
            metadata = Checkpoints.loadCheckpointMetadata(data, classLoader, location);
        } catch (Exception e) {
            throw new InvalidInputException(FIELD, "must name a savepoint or checkpoint Flink can read; the metadata "
                    + "of " + location + " cannot be read: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new StateMetadata(location, metadata.getCheckpointId(), metadata.getOperatorStates().stream()
                .map(StateMetadata::saved).toList());
    }

    private static SavedOperator saved(OperatorState state) {
        boolean keyed = state.getStates().stream().anyMatch(subtask -> !subtask.getManagedKeyedState().isEmpty()
                || !subtask.getRawKeyedState().isEmpty());
        return new SavedOperator(state.getOperatorID().toHexString(), state.getOperatorName(), state.getParallelism(),
                state.getMaxParallelism(), state.getStates().stream().anyMatch(OperatorSubtaskState::hasState),
                state.getCoordinatorState() != null, keyed,
                state.getNumberCollectedStates() > 0 && !state.isFullyFinished(), state.getStateSize());
    }

    /** A size for people: {@code 812 bytes}, {@code 12 KB}, {@code 3.4 MB}. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value >= 10 ? String.valueOf(Math.round(value)) : String.format(java.util.Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }
}
