package dev.dlirun.adapters.client.flink;

/** The stateful SQL job the tests run: what its state holds shows in its output, across stops and restarts. */
public final class CountingSql {

    /**
     * A running count per key (two keys, 20 rows a second) into JSON lines under the project's {@code counts/}, files
     * rolled every second. With checkpoints on, each checkpoint commits what was counted up to it.
     */
    public static final String COUNTS = """
            CREATE TABLE events (k INT, ts AS PROCTIME()) WITH (
              'connector' = 'datagen', 'rows-per-second' = '20', 'fields.k.min' = '1', 'fields.k.max' = '2');
            CREATE TABLE counts (k INT, c BIGINT) WITH (
              'connector' = 'filesystem', 'path' = 'counts', 'format' = 'json',
              'sink.rolling-policy.rollover-interval' = '1 s', 'sink.rolling-policy.check-interval' = '1 s');
            -- a comment; and a string with a ';' in it, which does not end the statement
            INSERT INTO counts SELECT k, COUNT(*) OVER (
              PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
            FROM events WHERE 'a;b' <> '';
            """;

    private CountingSql() {
    }
}
