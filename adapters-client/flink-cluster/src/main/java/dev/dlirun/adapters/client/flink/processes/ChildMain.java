package dev.dlirun.adapters.client.flink.processes;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a job client (a process that plans or starts a job of a project that runs code, as that project's
 * own user): Flink's jars are its class path; the code that runs the main class named by the second argument comes
 * from a class loader of its own, over the entries listed in the file named by the first. Whatever that code hands
 * Flink as a job's class loader's parent (this class's own) sees Flink's jars, never the other entries.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ChildMain <class path file> <main class> [its arguments]");
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : Files.readAllLines(Path.of(args[0]))) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry.strip()).toUri().toURL());
            }
        }
        System.setOut(new ProcessMain.RecordPerLine(new java.io.FileOutputStream(java.io.FileDescriptor.out)));
        System.setErr(new ProcessMain.RecordPerLine(new java.io.FileOutputStream(java.io.FileDescriptor.err)));
        ClassLoader flink = ChildMain.class.getClassLoader();
        URLClassLoader child = new URLClassLoader(urls.toArray(new URL[0]), flink);
        try {
            child.loadClass(args[1]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
