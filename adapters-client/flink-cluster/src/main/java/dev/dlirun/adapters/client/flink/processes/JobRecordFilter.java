package dev.dlirun.adapters.client.flink.processes;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Splits a Flink process's log records into a job's own and the process's: a record is a job's when Flink tagged it
 * with the job's id (the {@code flink-job-id} MDC key of Flink's {@code MdcUtils}, which the JobManager's per-job
 * executors and a TaskManager's task threads carry) and that id is a Flink {@code JobID} (32 hexadecimal digits). The
 * id names the record's file, so anything else (a job's own code may set the key to {@code ../x}) is no job's: such a
 * record stays in the process's log. One filter on each side: {@code <jobRecords>true</jobRecords>} passes a job's
 * records only (the per-job files), {@code false} every other record (the process's own log).
 */
public final class JobRecordFilter extends Filter<ILoggingEvent> {

    /** Flink's MDC key for the job a record is of ({@code org.apache.flink.util.MdcUtils.JOB_ID}). */
    public static final String JOB_ID_KEY = "flink-job-id";
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    private boolean jobRecords;

    /** Whether this filter passes a job's records (true) or every other record (false). */
    public void setJobRecords(boolean jobRecords) {
        this.jobRecords = jobRecords;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return isJobRecord(event) == jobRecords ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    /** Whether {@code event} carries the id of a Flink job. */
    static boolean isJobRecord(ILoggingEvent event) {
        Map<String, String> context = event.getMDCPropertyMap();
        String id = context == null ? null : context.get(JOB_ID_KEY);
        return id != null && JOB_ID.matcher(id).matches();
    }
}
