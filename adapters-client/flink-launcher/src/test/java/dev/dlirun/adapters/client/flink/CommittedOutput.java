package dev.dlirun.adapters.client.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.time.Duration;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * What a file sink committed under a directory: its visible part files (in-progress ones are hidden, their names start
 * with a dot), read as JSON lines.
 */
public final class CommittedOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CommittedOutput() {
    }

    public static List<JsonNode> rows(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<JsonNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank()) {
                        rows.add(JSON.readTree(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The values of {@code count} per value of {@code key}, in the order the rows were read. */
    public static Map<Long, List<Long>> countsPerKey(Path directory, String key, String count) {
        Map<Long, List<Long>> counts = new TreeMap<>();
        for (JsonNode row : rows(directory)) {
            counts.computeIfAbsent(row.get(key).asLong(), k -> new ArrayList<>()).add(row.get(count).asLong());
        }
        return counts;
    }

    /** The highest count of any key: how far the job has counted. */
    public static long highestCount(Path directory, String key, String count) {
        return countsPerKey(directory, key, count).values().stream().flatMap(List::stream)
                .mapToLong(Long::longValue).max().orElse(0);
    }

    /** Waits until the running counts of {@link CountingSql#COUNTS} reach {@code atLeast}; fails after {@code timeout}. */
    public static void awaitCounted(Path directory, long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (highestCount(directory, "k", "c") < atLeast) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job never counted to " + atLeast + " in " + directory + " within "
                        + timeout);
            }
            Thread.sleep(100);
        }
    }

    /**
     * Checks that every key of {@link CountingSql#COUNTS}'s output was counted 1, 2, ... N, each count committed once:
     * what exactly-once state looks like across stops, resumes and restarts. Answers the highest count.
     */
    public static long assertCountedExactlyOnce(Path directory) {
        Map<Long, List<Long>> counts = countsPerKey(directory, "k", "c");
        if (counts.size() != 2) {
            throw new AssertionError("expected the counts of keys 1 and 2 in " + directory + ", got " + counts.keySet());
        }
        counts.forEach((key, values) -> {
            List<Long> sorted = values.stream().sorted().toList();
            if (!sorted.equals(LongStream.rangeClosed(1, sorted.size()).boxed().toList())) {
                throw new AssertionError("key " + key + " was not counted 1.." + sorted.size() + " once each: "
                        + sorted);
            }
        });
        return counts.values().stream().mapToLong(List::size).max().orElse(0);
    }
}
