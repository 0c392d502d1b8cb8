package dev.dlirun.adapters.client.flink.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Output of jobs (what their code prints: the {@code print} connector's rows, a jar's own printing) as events of the
 * service's log {@code dlirun.job-output}, one per record, each naming the job when it can tell: a row of the
 * {@code print} connector begins with {@code project/job}, which the code policy sets and no row can fake. The log
 * escapes every message's control characters, so output can never look like a line of the service's own.
 */
public final class JobOutputLog {

    private static final Logger LOG = LoggerFactory.getLogger("dlirun.job-output");
    private static final Pattern JOB = Pattern.compile("^([A-Za-z0-9_-]{1,64}/[0-9]{1,19})(?:[ :>].*)?$",
            Pattern.DOTALL);

    private JobOutputLog() {
    }

    /**
     * @param where  where it was printed, for the event ({@code ""}, or e.g. {@code " (standard error)"})
     * @param record what was printed at once, without its line end
     * @param error  whether it went to standard error
     */
    public static void record(String where, String record, boolean error) {
        record(java.util.Optional.empty(), where, record, error);
    }

    /**
     * @param project the project whose code alone runs where it was printed (a project's own cluster): its output
     *                names a job of that project only, whatever it claims
     */
    public static void record(java.util.Optional<String> project, String where, String record, boolean error) {
        String text = record.endsWith("\r") ? record.substring(0, record.length() - 1) : record;
        Matcher job = JOB.matcher(text);
        String who = job.matches() && project.map(own -> job.group(1).startsWith(own + "/")).orElse(true)
                ? "job " + job.group(1) : project.map(own -> "a job of project " + own).orElse("a job");
        if (error) {
            LOG.warn("output of {}{}: {}", who, where, text);
        } else {
            LOG.info("output of {}{}: {}", who, where, text);
        }
    }
}
