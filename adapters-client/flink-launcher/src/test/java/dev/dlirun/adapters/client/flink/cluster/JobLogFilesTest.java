package dev.dlirun.adapters.client.flink.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a job's files as the cluster's processes leave them, including what a job's own code could leave there. */
class JobLogFilesTest {

    private static final String JOB = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path log;

    private Path job() throws Exception {
        return Files.createDirectories(log.resolve("jobs").resolve(JOB));
    }

    @Test
    void theProcessesRecordsAreMergedByTimeWithTheirContinuationLinesAndTheOlderFileFirst() throws Exception {
        Files.writeString(job().resolve("taskmanager.log.1"), "2026-12-07T06:00:00.000Z INFO a - first\n");
        Files.writeString(job().resolve("taskmanager.log"), """
                2026-12-07T06:00:02.000Z ERROR a - failed
                java.lang.NumberFormatException: x
                \tat somewhere
                """);
        Files.writeString(job().resolve("jobmanager.log"), "2026-12-07T06:00:01.000Z INFO b - scheduled\n");

        JobLogFiles.Tail tail = new JobLogFiles(log).tail(JOB, 100);

        assertThat(tail.lines()).extracting(JobLogFiles.Line::process, JobLogFiles.Line::text).containsExactly(
                org.assertj.core.groups.Tuple.tuple("taskmanager", "2026-12-07T06:00:00.000Z INFO a - first"),
                org.assertj.core.groups.Tuple.tuple("jobmanager", "2026-12-07T06:00:01.000Z INFO b - scheduled"),
                org.assertj.core.groups.Tuple.tuple("taskmanager", "2026-12-07T06:00:02.000Z ERROR a - failed"),
                org.assertj.core.groups.Tuple.tuple("taskmanager", "java.lang.NumberFormatException: x"),
                org.assertj.core.groups.Tuple.tuple("taskmanager", "\\tat somewhere"));
        assertThat(tail.truncated()).isFalse();
        assertThat(new JobLogFiles(log).tail(JOB, 2).lines()).hasSize(2);
        assertThat(new JobLogFiles(log).tail(JOB, 2).truncated()).isTrue();
    }

    @Test
    void aLinkWhereAFileOrTheJobsDirectoryShouldBeIsNotFollowed() throws Exception {
        Path secret = Files.writeString(log.resolve("secret.txt"),
                "2026-12-07T06:00:00.000Z INFO the service's secret\n");
        Files.createSymbolicLink(job().resolve("taskmanager.log"), secret);
        String other = "fedcba9876543210fedcba9876543210";
        Files.createSymbolicLink(log.resolve("jobs").resolve(other), secret.getParent());

        assertThat(new JobLogFiles(log).tail(JOB, 100).lines()).isEmpty();
        assertThat(new JobLogFiles(log).tail(other, 100).lines()).isEmpty();
    }

    @Test
    void controlCharactersAreEscapedLongLinesCutAndOnlyAFlinkJobIdNamesAFile() throws Exception {
        Files.writeString(job().resolve("jobmanager.log"), "2026-12-07T06:00:00.000Z INFO \u001b[31mred\r\n"
                + "2026-12-07T06:00:01.000Z INFO " + "x".repeat(5000) + "\n");

        var lines = new JobLogFiles(log).tail(JOB, 100).lines();

        assertThat(lines.get(0).text()).isEqualTo("2026-12-07T06:00:00.000Z INFO \\u001b[31mred");
        assertThat(lines.get(1).text()).hasSize(JobLogFiles.MAX_LINE_CHARS + " [cut at 2000 characters]".length())
                .endsWith(" [cut at 2000 characters]");
        for (String bad : new String[]{"../jobs", JOB.toUpperCase(), JOB + "/..", ""}) {
            assertThatThrownBy(() -> new JobLogFiles(log).tail(bad, 10)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new JobLogFiles(log.resolve("nowhere")).tail(JOB, 10).lines()).isEmpty();
    }
}
