package dev.dlirun.adapters.client.flink.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operating-system user the local cluster's processes run as, when the service runs as root: they can then read
 * and write only what this user owns (the places the service gives it), never the service's own files. Named by a
 * user name of this machine, or by numbers ({@code 65532:65532}), which need no entry in {@code /etc/passwd}.
 *
 * @param uid  its user id
 * @param gid  its group id
 * @param name how the operator named it, for messages
 */
public record OsUser(int uid, int gid, String name) {

    private static final Pattern NUMBERS = Pattern.compile("(\\d{1,9}):(\\d{1,9})");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public OsUser {
        Objects.requireNonNull(name, "name");
        if (uid <= 0 || gid <= 0) {
            throw new IllegalArgumentException("the user that runs jobs cannot be root (uid and gid must be above 0)");
        }
    }

    /** {@code UID:GID}, or a user name of this machine (its own group). */
    public static OsUser of(String spec) {
        Matcher numbers = NUMBERS.matcher(spec.strip());
        if (numbers.matches()) {
            return new OsUser(Integer.parseInt(numbers.group(1)), Integer.parseInt(numbers.group(2)), spec.strip());
        }
        if (!NAME.matcher(spec.strip()).matches()) {
            throw new IllegalArgumentException("--jobs-user must be a user name or UID:GID, not '" + spec + "'");
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals(spec.strip())) {
                    return new OsUser(Integer.parseInt(fields[2]), Integer.parseInt(fields[3]), spec.strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new IllegalArgumentException("--jobs-user " + spec + " cannot be looked up: " + e.getMessage());
        }
        throw new IllegalArgumentException("--jobs-user names '" + spec + "', which is no user of this machine "
                + "(name one, or give UID:GID)");
    }

    /** The user the local cluster runs as unless the operator names one: 65532:65532 when the service is root. */
    public static Optional<OsUser> byDefault() {
        return weAreRoot() ? Optional.of(of("65532:65532")) : Optional.empty();
    }

    /** Whether this process runs as root, and so can run others as this user. */
    public static boolean weAreRoot() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The command that runs what follows it as this user, with no groups, capabilities or ways to gain them. */
    List<String> runAs() {
        return List.of("--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--no-new-privs");
    }

    /**
     * Makes {@code directory} (created if need be) this user's own, readable and writable by it alone; what is in it
     * already is left as it is.
     */
    public Path own(Path directory) throws IOException {
        refuseLink(directory);
        Files.createDirectories(directory);
        Files.setAttribute(directory, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(directory, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    /**
     * Makes {@code directory} this user's own as {@link #own(Path)} does, and everything in it too when it belonged to
     * another user (its files were another user's before: the project's user changed).
     */
    public void ownAll(Path directory) throws IOException {
        Object owner = Files.getAttribute(directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        own(directory);
        if (!Integer.valueOf(uid).equals(owner)) {
            try (var all = Files.walk(directory)) {
                for (Path path : all.toList()) {
                    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    /** Makes {@code file} this user's own, readable and writable by it alone. */
    public void ownFile(Path file) throws IOException {
        refuseLink(file);
        Files.setAttribute(file, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(file, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /**
     * Lets this user read {@code path} (a directory, or a file), which stays the service's: its owner is the service,
     * its group this user's, so that this user cannot replace what is in it (with a link to a place of the service's,
     * say, for the service to write through).
     */
    public void mayRead(Path path) throws IOException {
        refuseLink(path);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(Files.isDirectory(path,
                LinkOption.NOFOLLOW_LINKS) ? "rwxr-x---" : "rw-r-----"));
    }

    /** @throws IOException when {@code path} is a symbolic link: nothing is done to what it points at */
    private static void refuseLink(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link where a directory or file of its own was expected; "
                    + "nothing is done through it");
        }
    }

    @Override
    public String toString() {
        String numbers = uid + ":" + gid;
        return name.equals(numbers) ? numbers : name + " (" + numbers + ")";
    }
}
