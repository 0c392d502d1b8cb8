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
}
