package dev.dlirun.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Temporary directories a run makes and removes again: the class-data training run's, and the benchmarks'. */
public final class ScratchDirectory {

    private ScratchDirectory() {
    }

    /** Deletes {@code root} and everything under it; a tree already gone is no error. */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
