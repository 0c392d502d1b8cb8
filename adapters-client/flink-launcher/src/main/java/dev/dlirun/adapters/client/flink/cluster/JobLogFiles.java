package dev.dlirun.adapters.client.flink.cluster;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The local cluster's log records of each job, as its processes' log configuration splits them
 * ({@link ClusterLauncher}): {@code log/jobs/<JobID>/<process>.log} (and the one older file {@code .log.1}), written by
 * the cluster's processes as the cluster's user. Read by Flink job id only (32 hexadecimal digits; no caller's path),
 * from a directory that user owns: every step is taken without following a link (through a {@link SecureDirectoryStream},
 * i.e. {@code openat} with {@code O_NOFOLLOW}), so a job's own code, which may write there, cannot make the service read
 * anything else for it. What is read is bounded: the tail of each file, lines capped, control characters escaped.
 */
public final class JobLogFiles {

    /** The system property naming the directory of the per-job files, for the processes' log configuration. */
    static final String DIRECTORY_PROPERTY = "log.jobs";
    /** The system property naming the process (its file in a job's directory), for the log configuration. */
    static final String PROCESS_PROPERTY = "log.role";
    /** A job's file of one process rolls at this size; one older file is kept: at most twice this per process. */
    static final int MAX_FILE_MEGABYTES = 2;
    /** A process closes a job's file after this long without a record of the job. */
    static final int IDLE_MINUTES = 10;
    /** At most this many jobs' files open at once in one process (the least recently used is closed first). */
    static final int OPEN_FILES = 64;
    /** At each start of the cluster, the files of the most recently written jobs are kept, this many; the rest go. */
    public static final int KEPT_JOBS = 500;
    /** The longest line answered; the rest of a longer one is cut (a stack trace's lines are far shorter). */
    public static final int MAX_LINE_CHARS = 2000;
    /** What is read of one file, from its end. */
    private static final int TAIL_BYTES = 1024 * 1024;

    /** The processes that write a job's files, in the order their lines are shown when they share a timestamp. */
    private static final List<String> PROCESSES = List.of("job-client", "jobmanager", "taskmanager");
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");
    /** A record's first line begins with its timestamp (the pattern's {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}). */
    private static final Pattern RECORD_START = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) .*", Pattern.DOTALL);

    /** One line of a job's log, of the process that wrote it. */
    public record Line(String process, String text) {
        public Line {
            Objects.requireNonNull(process, "process");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The last lines of a job's log.
     *
     * @param lines     oldest first, at most as many as asked for
     * @param truncated whether older lines of the job were left out (by the limit, or because the files rolled)
     */
    public record Tail(List<Line> lines, boolean truncated) {
        public Tail {
            lines = List.copyOf(lines);
        }
    }

    private final Path logDirectory;

    /** @param logDirectory the cluster's log directory ({@code log/}), whose {@code jobs/} holds the jobs' files */
    JobLogFiles(Path logDirectory) {
        this.logDirectory = Objects.requireNonNull(logDirectory, "logDirectory");
    }

    /** The per-job files of the local cluster whose own directory is {@code clusterDirectory}. */
    public static JobLogFiles ofCluster(Path clusterDirectory) {
        return new JobLogFiles(clusterDirectory.resolve("log"));
    }

    /** The directory of the per-job files in the cluster's log directory. */
    static Path directoryIn(Path logDirectory) {
        return logDirectory.resolve("jobs");
    }

    /**
     * The last {@code limit} lines of the records of the Flink job {@code flinkJobId}, of every process of the cluster
     * merged by their time, oldest first; none when the cluster wrote none (yet) for it.
     *
     * @throws IllegalArgumentException when {@code flinkJobId} is not a Flink job id
     */
    public Tail tail(String flinkJobId, int limit) throws IOException {
        if (flinkJobId == null || !JOB_ID.matcher(flinkJobId).matches()) {
            throw new IllegalArgumentException("a Flink job id is 32 lower-case hexadecimal digits, not " + flinkJobId);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("at least one line, not " + limit);
        }
        List<Record> records = new ArrayList<>();
        boolean older = false;
        try (SecureDirectoryStream<Path> jobs = open(logDirectory, Path.of("jobs"))) {
            if (jobs == null) {
                return new Tail(List.of(), false);
            }
            SecureDirectoryStream<Path> opened;
            try {
                opened = jobs.newDirectoryStream(Path.of(flinkJobId), LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.FileSystemException noneOrALink) {
                // none, or a link where the job's directory should be (ELOOP): no log of the job's either way
                return new Tail(List.of(), false);
            }
            try (SecureDirectoryStream<Path> job = opened) {
                for (String process : PROCESSES) {
                    Read current = read(job, Path.of(process + ".log"), process);
                    List<Record> ofProcess = new ArrayList<>(current.records());
                    boolean cut = current.cut();
                    Path rolledName = Path.of(process + ".log.1");
                    // The older file only joins a current file read whole: a cut one would leave a gap between them.
                    if (!cut && lineCount(ofProcess) < limit) {
                        Read rolled = read(job, rolledName, process);
                        ofProcess.addAll(0, rolled.records());
                        cut = rolled.cut();
                    } else {
                        cut |= exists(job, rolledName);
                    }
                    older |= cut;
                    records.addAll(ofProcess);
                }
            }
        }
        // Stable: each process's records keep their order; records of one instant, the processes' order.
        records.sort(Comparator.comparing(Record::time));
        Deque<Line> last = new ArrayDeque<>();
        int total = 0;
        for (Record record : records) {
            for (String text : record.lines()) {
                last.addLast(new Line(record.process(), text));
                total++;
                if (last.size() > limit) {
                    last.removeFirst();
                }
            }
        }
        return new Tail(new ArrayList<>(last), older || total > limit);
    }

    /**
     * Deletes the files of all but the {@value #KEPT_JOBS} most recently written jobs: a job's files are bounded, the
     * number of jobs a cluster has run is not. Links are removed as links, never followed.
     */
    static void prune(Path logDirectory) {
        Path jobs = directoryIn(logDirectory);
        if (!Files.isDirectory(jobs, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(jobs)) {
            List<Path> byAge = new ArrayList<>();
            all.forEach(byAge::add);
            if (byAge.size() <= KEPT_JOBS) {
                return;
            }
            byAge.sort(Comparator.comparing(JobLogFiles::modified).reversed());
            for (Path stale : byAge.subList(KEPT_JOBS, byAge.size())) {
                LocalFiles.deleteWithoutFollowingLinks(stale);
            }
        } catch (IOException e) {
            // Old jobs' logs stay until the next start; nothing depends on their going now.
        }
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    /** {@code name} in {@code directory} as a directory stream that follows no link; null when it is not there. */
    @SuppressWarnings("unchecked")
    private static SecureDirectoryStream<Path> open(Path directory, Path name) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        DirectoryStream<Path> parent = Files.newDirectoryStream(directory);
        if (!(parent instanceof SecureDirectoryStream<Path> secure)) {
            parent.close();
            throw new IOException("this platform cannot read a directory without following links: " + directory);
        }
        try (secure) {
            return secure.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.FileSystemException noneOrALink) {
            return null;
        }
    }

    private record Record(String time, String process, List<String> lines) {
    }

    private record Read(List<Record> records, boolean cut) {
    }

    /** The records in the tail of {@code name} (a regular file, not a link), cut at a record's start. */
    private static Read read(SecureDirectoryStream<Path> directory, Path name, String process) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException none) {
            return new Read(List.of(), false);
        }
        if (!attributes.isRegularFile()) {
            return new Read(List.of(), false);
        }
        byte[] bytes;
        boolean cut;
        try (SeekableByteChannel channel = directory.newByteChannel(name, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS))) {
            long size = channel.size();
            int length = (int) Math.min(size, TAIL_BYTES);
            cut = size > length;
            channel.position(size - length);
            ByteBuffer buffer = ByteBuffer.allocate(length);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until full, or until the file ends (it may be rolled meanwhile)
            }
            bytes = java.util.Arrays.copyOf(buffer.array(), buffer.position());
        } catch (NoSuchFileException gone) {
            return new Read(List.of(), false);
        }
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        List<Record> records = new ArrayList<>();
        List<String> current = null;
        String time = "";
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (RECORD_START.matcher(line).matches()) {
                time = line.substring(0, line.indexOf(' '));
                current = new ArrayList<>();
                records.add(new Record(time, process, current));
            } else if (current == null) {
                // the rest of a record whose start lies before the tail read
                continue;
            }
            current.add(bounded(line));
        }
        return new Read(records, cut);
    }

    /** {@code line} cut to {@value #MAX_LINE_CHARS} characters, its control characters escaped. */
    public static String bounded(String line) {
        String text = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        boolean longer = text.length() > MAX_LINE_CHARS;
        if (longer) {
            text = text.substring(0, MAX_LINE_CHARS);
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                case '\t' -> escaped.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return longer ? escaped.append(" [cut at ").append(MAX_LINE_CHARS).append(" characters]").toString()
                : escaped.toString();
    }

    private static boolean exists(SecureDirectoryStream<Path> directory, Path name) throws IOException {
        try {
            directory.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
            return true;
        } catch (NoSuchFileException none) {
            return false;
        }
    }

    private static int lineCount(List<Record> records) {
        return records.stream().mapToInt(record -> record.lines().size()).sum();
    }
}
