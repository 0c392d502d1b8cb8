package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an OBS path a caller names lands on this server, which has no OBS: {@code obs://bucket/a/b} (or DLI's
 * scheme-less {@code bucket/a/b}) is {@code <storage>/<project>/obs/bucket/a/b}, inside the calling project's own
 * directory. Nothing else can be named: no other scheme, no absolute path, no {@code .} or {@code ..} segment, no
 * character outside letters, digits, {@code .}, {@code _} and {@code -}; a bucket is named as OBS names one; and the
 * place is judged again with its symbolic links followed as far as it exists, so a link cannot lead outside (the same
 * guard as savepoint paths, contract 8.3). Moving a file between projects is moving it between their directories, as a
 * user moves an OBS object between buckets.
 */
final class ObsPaths {

    private static final String RULE = "must be an OBS path, obs://bucket/path, inside this project's storage";
    private static final Pattern OBS = Pattern.compile("^obs://", Pattern.CASE_INSENSITIVE);
    private static final Pattern OTHER_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]{1,255}");
    private static final int MAX_SEGMENTS = 32;

    private final Path storage;

    /** @param storage the directory holding each project's own directory */
    ObsPaths(Path storage) {
        this.storage = Objects.requireNonNull(storage, "storage").toAbsolutePath().normalize();
    }

    /** A path a caller named, as the caller wrote it and where it lands. */
    record Place(String named, Path path) {
    }

    /**
     * Where {@code given}, named in the request's field {@code field}, lands in the project's storage.
     *
     * @throws InvalidInputException when it is not an OBS path, or leads outside the project's storage
     */
    Place resolve(ProjectId projectId, String field, String given) {
        if (given == null || given.isBlank() || given.length() > 1024) {
            throw new InvalidInputException(field, RULE);
        }
        boolean obs = OBS.matcher(given).find();
        String rest = obs ? given.substring("obs://".length()) : given;
        if (OTHER_SCHEME.matcher(rest).matches() || rest.startsWith("/") || rest.indexOf('\\') >= 0) {
            throw new InvalidInputException(field, RULE);
        }
        List<String> segments = new ArrayList<>(List.of(rest.split("/", -1)));
        if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
            segments.remove(segments.size() - 1);
        }
        if (segments.isEmpty() || segments.size() > MAX_SEGMENTS || !BUCKET.matcher(segments.get(0)).matches()) {
            throw new InvalidInputException(field, RULE);
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException(field, RULE);
            }
        }
        Path home = projectDirectory(projectId);
        Path path = home;
        for (String segment : segments) {
            path = path.resolve(segment);
        }
        requireInside(field, home, path);
        return new Place((obs ? "obs://" : "") + String.join("/", segments), path);
    }

    /** The project's own OBS directory, {@code <storage>/<project>/obs}. */
    Path projectDirectory(ProjectId projectId) {
        return storage.resolve(projectId.value()).resolve("obs");
    }

    /**
     * Checks that {@code path}, its symbolic links followed as far as it exists, is inside {@code home} (itself taken
     * with its links followed): called again after a directory is created, and before a file is read.
     */
    static void requireInside(String field, Path home, Path path) {
        try {
            Path root = real(home);
            Path real = real(path);
            if (!real.startsWith(root) || real.equals(root)) {
                throw new InvalidInputException(field, RULE);
            }
        } catch (IOException e) {
            throw new InvalidInputException(field, RULE);
        }
    }

    private static Path real(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    }
}
