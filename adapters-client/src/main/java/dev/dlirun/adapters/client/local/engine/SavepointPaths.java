package dev.dlirun.adapters.client.local.engine;

import dev.dlirun.domain.model.InvalidInputException;
import dev.dlirun.domain.model.ProjectId;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which savepoint paths a caller may name (contract 8.3): only inside the project's own directory of the savepoint
 * storage, {@code <storage>/<project>/}. A path is judged after it is made absolute (a relative one is taken relative
 * to that directory; in a URI, its {@code %}-escapes decoded, while in a plain path a {@code %} is just a character),
 * its {@code ..} and {@code .} resolved and, on the local file
 * system, its symbolic links followed as far as it exists: no spelling of a path reaches anywhere else.
 */
final class SavepointPaths {

    private static final String FIELD = "savepoint_path";
    private static final String RULE = "must lie in this project's savepoint directory";
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    private final URI storage;

    /** @param storage where the service keeps savepoints, a URI with a scheme (e.g. {@code file:///var/dlirun/sp/}) */
    SavepointPaths(URI storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        if (storage.getScheme() == null) {
            throw new IllegalArgumentException("the savepoint storage needs a scheme: " + storage);
        }
    }

    /** The project's own directory of the savepoint storage. */
    URI projectDirectory(ProjectId projectId) {
        String base = storage.toString();
        return URI.create((base.endsWith("/") ? base : base + "/") + projectId.value() + "/");
    }

    /**
     * The path a caller named, absolute and normalised.
     *
     * @throws InvalidInputException when it is not a path, or lies outside the project's directory
     */
    URI resolve(ProjectId projectId, String given) {
        if (given == null || given.isBlank() || given.length() > 1024 || given.indexOf('\0') >= 0) {
            throw new InvalidInputException(FIELD, "must be a path of 1 to 1024 characters");
        }
        URI home = projectDirectory(projectId);
        URI named;
        try {
            if (SCHEME.matcher(given).matches()) {
                named = new URI(given);
            } else if (given.startsWith("/")) {
                named = new URI("file", null, given, null);
            } else {
                named = home.resolve(new URI(null, null, given, null));
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new InvalidInputException(FIELD, "is not a valid path or URI");
        }
        return "file".equalsIgnoreCase(home.getScheme()) ? localInside(home, named) : remoteInside(home, named);
    }

    private static URI localInside(URI home, URI named) {
        if (!"file".equalsIgnoreCase(named.getScheme()) || named.getRawAuthority() != null
                && !named.getRawAuthority().isEmpty()) {
            throw new InvalidInputException(FIELD, RULE);
        }
        Path root;
        Path path;
        try {
            root = real(Path.of(home).normalize());
            path = real(Path.of(named).normalize());
        } catch (IllegalArgumentException | IOException e) {
            throw new InvalidInputException(FIELD, RULE);
        }
        if (!path.startsWith(root) || path.equals(root)) {
            throw new InvalidInputException(FIELD, RULE);
        }
        // A directory's URI ends in '/' only while it exists: the same place is written the same way either way.
        return URI.create(path.toUri().toString().replaceAll("/+$", ""));
    }

    /** The path with its symbolic links followed as far as it exists; the rest, which does not exist yet, as it is. */
    private static Path real(Path path) throws IOException {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        return existing.toRealPath().resolve(existing.relativize(path)).normalize();
    }

    private static URI remoteInside(URI home, URI named) {
        URI path = named.normalize();
        String decoded = path.getPath();
        if (!home.getScheme().equalsIgnoreCase(path.getScheme())
                || !Objects.equals(home.getRawAuthority(), path.getRawAuthority())
                || decoded == null || decoded.contains("/../") || decoded.endsWith("/..")
                || !decoded.startsWith(home.getPath()) || decoded.equals(home.getPath())) {
            throw new InvalidInputException(FIELD, RULE);
        }
        return path;
    }
}
