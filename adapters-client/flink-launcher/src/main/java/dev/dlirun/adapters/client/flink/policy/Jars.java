package dev.dlirun.adapters.client.flink.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarFile;

/** Where a job's code may come from: jars of the service's jars directory, and classes of those jars only. */
final class Jars {

    private final Optional<Path> directory;

    Jars(Optional<Path> directory) {
        this.directory = directory.map(dir -> dir.toAbsolutePath().normalize());
    }

    /**
     * The jar {@code location} names, if it lies in the jars directory and can be read.
     *
     * @param what what the jar is for, for the message (e.g. {@code the job's jar})
     */
    Path jar(String what, String location) {
        if (directory.isEmpty()) {
            throw new PolicyViolation(what + " '" + location + "' cannot be used: this service takes jars from no "
                    + "directory (its operator sets one with --jars-dir)");
        }
        Path named = Places.localPath(location).orElseThrow(() ->
                new PolicyViolation(what + " '" + location + "' must be a jar in the jars directory"));
        Path jar;
        try {
            Path root = Places.realPath(directory.get());
            jar = Places.realPath(named.isAbsolute() ? named : root.resolve(named));
            if (!jar.startsWith(root)) {
                throw new PolicyViolation(what + " '" + location + "' is not in the jars directory; jars come from "
                        + "there only");
            }
        } catch (IOException e) {
            throw new PolicyViolation(what + " '" + location + "' is not a path to a jar");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw new PolicyViolation(what + " '" + location + "' does not exist in the jars directory or cannot be "
                    + "read");
        }
        return jar;
    }

    /**
     * The class a jar job starts: {@code mainClass}, or else the one its manifest names; either must be a class of the
     * job's own jar, never one of the service's or Flink's.
     */
    static String mainClass(Path jar, Optional<String> mainClass) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Optional<String> named = mainClass.map(String::strip).filter(name -> !name.isEmpty());
            String main = named.isPresent() ? named.get() : manifestMainClass(file).orElseThrow(() ->
                    new PolicyViolation("the job names no main_class and its jar's manifest names none either"));
            if (!contains(file, main)) {
                throw new PolicyViolation("the main class '" + main + "' is not a class of the job's jar "
                        + jar.getFileName() + "; a jar job starts a class of its own jar only");
            }
            return main;
        } catch (IOException e) {
            throw new PolicyViolation("the job's jar " + jar.getFileName() + " cannot be read as a jar");
        }
    }

    /** @throws PolicyViolation unless the class is in one of the jars */
    static void classIn(Collection<Path> jars, String className, String what) {
        for (Path jar : jars) {
            try (JarFile file = new JarFile(jar.toFile())) {
                if (contains(file, className)) {
                    return;
                }
            } catch (IOException e) {
                throw new PolicyViolation("the jar " + jar.getFileName() + " cannot be read as a jar");
            }
        }
        throw new PolicyViolation(what + "'s class '" + className + "' is not a class of the job's own jars"
                + (jars.isEmpty() ? " (it names none: USING JAR, or ADD JAR before it)" : "")
                + "; a job's functions come from its own jars only");
    }

    private static boolean contains(JarFile file, String className) {
        if (className.isEmpty() || className.contains("/") || className.startsWith(".") || className.endsWith(".")) {
            return false;
        }
        return file.getJarEntry(className.replace('.', '/') + ".class") != null;
    }

    private static Optional<String> manifestMainClass(JarFile file) throws IOException {
        var manifest = file.getManifest();
        if (manifest == null) {
            return Optional.empty();
        }
        Attributes attributes = manifest.getMainAttributes();
        String main = attributes.getValue("program-class");
        if (main == null) {
            main = attributes.getValue(Attributes.Name.MAIN_CLASS);
        }
        return Optional.ofNullable(main).map(String::strip).filter(name -> !name.isEmpty());
    }
}
