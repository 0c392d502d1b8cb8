package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.adapters.client.local.model.LocalJob;

import dev.dlirun.domain.model.CheckpointMode;
import dev.dlirun.domain.model.JobConfig;
import dev.dlirun.domain.model.JobDefinition;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.JobStatus;
import dev.dlirun.domain.model.JobType;
import dev.dlirun.domain.model.ProjectId;

import java.time.Instant;
import java.util.List;

/**
 * The jobs the local engine starts with when no jobs file is given, so that the service can be tried at once: real
 * Flink SQL jobs, each reading a {@code datagen} source and writing JSON lines into
 * {@code <data-dir>/projects/<project>/output/<job name>/}, where a person can read them. Checkpoints every 10 s commit
 * their files. The README lists them; keep the two in step.
 */
public final class DemoCatalogue {

    /** The demo project: its jobs 131, 130, 138 and 137 answer the API page's example request. */
    public static final ProjectId PROJECT = ProjectId.of("demo");
    /** A second project, holding a job 131 of its own, to show that projects do not see each other's jobs. */
    public static final ProjectId OTHER_PROJECT = ProjectId.of("demo-other");
    /** The demo job whose SQL has a mistake: running it shows {@code job_submit_fail} with the parser's message. */
    public static final long BROKEN_JOB = 143;

    private static final JobConfig CHECKPOINTED = JobConfig.builder()
            .checkpointEnabled(true).checkpointMode(CheckpointMode.EXACTLY_ONCE).checkpointIntervalSeconds(10).build();

    private static final String CLICKS = """
            CREATE TABLE clicks (
              user_id INT,
              url STRING,
              ts AS PROCTIME()
            ) WITH (
              'connector' = 'datagen',
              'rows-per-second' = '5',
              'fields.user_id.min' = '1',
              'fields.user_id.max' = '5',
              'fields.url.length' = '8'
            );
            """;
    private static final String ORDERS = """
            CREATE TABLE orders (
              order_id BIGINT,
              category STRING,
              amount DECIMAL(10, 2),
              ts AS PROCTIME()
            ) WITH (
              'connector' = 'datagen',
              'rows-per-second' = '20',
              'fields.order_id.min' = '1',
              'fields.order_id.max' = '999999999',
              'fields.category.length' = '1',
              'fields.amount.min' = '1',
              'fields.amount.max' = '500'
            );
            """;

    private DemoCatalogue() {
    }

    public static List<LocalJob> jobs(Instant now) {
        return List.of(
                job(PROJECT, 131, "clicks-per-user", JobType.FLINK_OPENSOURCE_SQL_JOB, CLICKS + sink("clicks_per_user",
                        "user_id INT, clicks BIGINT") + """
                        INSERT INTO clicks_per_user
                        SELECT user_id, COUNT(*) OVER (
                          PARTITION BY user_id ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                        FROM clicks;
                        """, now),
                job(PROJECT, 130, "orders-per-10s", JobType.FLINK_OPENSOURCE_SQL_JOB, ORDERS + sink("orders_per_10s",
                        "window_start TIMESTAMP(3), window_end TIMESTAMP(3), category STRING, orders BIGINT, "
                                + "revenue DECIMAL(38, 2)") + """
                        INSERT INTO orders_per_10s
                        SELECT window_start, window_end, category, COUNT(*), SUM(amount)
                        FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '10' SECOND))
                        GROUP BY window_start, window_end, category;
                        """, now),
                job(PROJECT, 138, "large-orders", JobType.FLINK_SQL_JOB, ORDERS + sink("large_orders",
                        "order_id BIGINT, category STRING, amount DECIMAL(10, 2)") + """
                        INSERT INTO large_orders SELECT order_id, category, amount FROM orders WHERE amount > 450;
                        """, now),
                job(PROJECT, 137, "clicks-per-minute", JobType.FLINK_SQL_JOB, CLICKS + sink("clicks_per_minute",
                        "window_start TIMESTAMP(3), clicks BIGINT, users BIGINT") + """
                        INSERT INTO clicks_per_minute
                        SELECT window_start, COUNT(*), COUNT(DISTINCT user_id)
                        FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
                        GROUP BY window_start, window_end;
                        """, now),
                job(PROJECT, 139, "top-url-per-user", JobType.FLINK_OPENSOURCE_SQL_JOB, CLICKS + sink("url_visits",
                        "url_prefix STRING, visits BIGINT") + """
                        INSERT INTO url_visits
                        SELECT url_prefix, COUNT(*) OVER (
                          PARTITION BY url_prefix ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                        FROM (SELECT SUBSTRING(url FROM 1 FOR 1) AS url_prefix, ts FROM clicks);
                        """, now),
                job(PROJECT, 140, "revenue-per-category", JobType.FLINK_OPENSOURCE_SQL_JOB, ORDERS
                        + sink("revenue_per_category", "category STRING, revenue DECIMAL(38, 2)") + """
                        INSERT INTO revenue_per_category
                        SELECT category, SUM(amount) OVER (
                          PARTITION BY category ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
                        FROM orders;
                        """, now),
                job(PROJECT, 141, "order-log", JobType.FLINK_SQL_JOB, ORDERS + sink("order_log",
                        "order_id BIGINT, category STRING, amount DECIMAL(10, 2)") + """
                        INSERT INTO order_log SELECT order_id, category, amount FROM orders;
                        """, now),
                job(PROJECT, 142, "busy-users", JobType.FLINK_SQL_JOB, CLICKS + sink("busy_users",
                        "window_start TIMESTAMP(3), user_id INT, clicks BIGINT") + """
                        INSERT INTO busy_users
                        SELECT window_start, user_id, COUNT(*)
                        FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '30' SECOND))
                        GROUP BY window_start, window_end, user_id
                        HAVING COUNT(*) > 30;
                        """, now),
                job(PROJECT, BROKEN_JOB, "broken-sql", JobType.FLINK_SQL_JOB, CLICKS + sink("nowhere",
                        "user_id INT") + """
                        INSERT INTO nowhere SELECT user_id FORM clicks;
                        """, now),
                job(OTHER_PROJECT, 131, "other-team-clicks", JobType.FLINK_SQL_JOB, CLICKS + sink("all_clicks",
                        "user_id INT, url STRING") + """
                        INSERT INTO all_clicks SELECT user_id, url FROM clicks;
                        """, now));
    }

    /** A JSON-lines file sink under the project's {@code output/} directory, rolling its files every 10 s. */
    private static String sink(String table, String columns) {
        return "CREATE TABLE " + table + " (" + columns + ") WITH (\n"
                + "  'connector' = 'filesystem',\n"
                + "  'path' = 'output/" + table.replace('_', '-') + "',\n"
                + "  'format' = 'json',\n"
                + "  'sink.rolling-policy.rollover-interval' = '10 s',\n"
                + "  'sink.rolling-policy.check-interval' = '10 s'\n"
                + ");\n";
    }

    private static LocalJob job(ProjectId project, long id, String name, JobType type, String sql, Instant now) {
        return LocalJob.created(project, JobId.of(id), JobDefinition.sql(name, type, sql, CHECKPOINTED),
                JobStatus.JOB_INIT, false, null, now);
    }
}
