package dev.dlirun.adapters.client.flink.policy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Where on this machine a job's options may point: paths inside one directory, and names of single files. */
final class Places {

    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,255}");

    private Places() {
    }

    /**
     * The local path {@code value} names, as an absolute, real path inside {@code directory} (relative paths start
     * there), after {@code ..} and every symbolic link are resolved.
     *
     * @param rule the rule, for the message: {@code table t: 'path' must name a place inside the project's own directory}
     * @throws PolicyViolation when it names another scheme than {@code file:}, is no path, or lies outside
     */
    static Path inside(Path directory, String value, String rule) {
        Path path = localPath(value).orElseThrow(() -> new PolicyViolation(rule + " (a local path); got '" + value + "'"));
        try {
            Path root = directory.toRealPath();
            Path resolved = realPath(path.isAbsolute() ? path : root.resolve(path));
            if (!resolved.startsWith(root)) {
                throw new PolicyViolation(rule + "; '" + value + "' is outside it");
            }
            return resolved;
        } catch (IOException e) {
            throw new PolicyViolation(rule + "; '" + value + "' cannot be checked: " + e.getMessage());
        }
    }

    /** The path a value names: a bare path, or a {@code file:} URI; empty for other schemes and what is no path. */
    static Optional<Path> localPath(String value) {
        String text = value.strip();
        if (text.isEmpty() || text.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                return Optional.of(Path.of(text));
            }
            if (uri.getScheme().equalsIgnoreCase("file") && uri.getPath() != null && !uri.getPath().isEmpty()) {
                return Optional.of(Path.of(uri.getPath()));
            }
            return Optional.empty();
        } catch (URISyntaxException | InvalidPathException e) {
            try {
                // Not a URI (a space, say): a bare path of this file system, if it is one.
                return text.contains(":") ? Optional.empty() : Optional.of(Path.of(text));
            } catch (InvalidPathException notAPath) {
                return Optional.empty();
            }
        }
    }

    /**
     * {@code path} with {@code ..} and every symbolic link resolved: the real path of its deepest existing ancestor,
     * with the rest (which does not exist yet) appended.
     */
    static Path realPath(Path path) throws IOException {
        Path normal = path.toAbsolutePath().normalize();
        Path existing = normal;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return normal;
        }
        return existing.toRealPath().resolve(existing.relativize(normal)).normalize();
    }

    /**
     * @throws PolicyViolation unless {@code value} is the name of one file: letters, digits, '.', '_' and '-' only,
     *                         and not {@code .} or {@code ..}
     */
    static String fileName(String value, String rule) {
        if (!FILE_NAME.matcher(value).matches() || value.equals(".") || value.equals("..")) {
            throw new PolicyViolation(rule + " must be the name of one file (letters, digits, '.', '_' and '-'); got '"
                    + value + "'");
        }
        return value;
    }
}
