package dev.dlirun.adapters.client.local.catalogue;

import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.ProjectId;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Hears the changes of jobs' rows that any instance commits to a PostgreSQL catalogue: the notifications the
 * {@code jobs} table's trigger sends on {@value #CHANNEL} (schema version 10), '{@code <project id>/<job id>}' each.
 *
 * <p>A daemon thread on a connection of its own, outside the pool (a {@code LISTEN} belongs to its session, and a
 * pooled connection is lent to others), waits for notifications and tells {@code changed} of each. When the connection
 * breaks, it connects again after a pause that doubles up to {@link #MAX_PAUSE_MILLIS}; notifications sent meanwhile are
 * lost, so after every reconnect it calls {@code missedSome}, and the caller looks at what it watches again.
 */
final class JobChangeListener implements AutoCloseable {

    static final String CHANNEL = "dlirun_jobs";
    private static final Logger LOG = LoggerFactory.getLogger(JobChangeListener.class);
    /** How long one wait for notifications lasts: also how soon a close is noticed. */
    private static final int WAIT_MILLIS = 500;
    /** How long the connection may be silent before a round trip checks it still answers. */
    private static final long SILENCE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    private long lastHeard = System.nanoTime();
    private static final long FIRST_PAUSE_MILLIS = 100;
    static final long MAX_PAUSE_MILLIS = 5_000;

    private final String url;
    private final Properties credentials;
    private final BiConsumer<ProjectId, JobId> changed;
    private final Runnable missedSome;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private JobChangeListener(String url, String user, String password, BiConsumer<ProjectId, JobId> changed,
                              Runnable missedSome) {
        this.url = url;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("connectTimeout", String.valueOf(Transactions.CONNECTION_TIMEOUT_MILLIS / 1000));
        credentials.setProperty("tcpKeepAlive", "true");
        // A connection that stopped answering (its server gone, a half-open TCP connection) fails a read in this time.
        credentials.setProperty("socketTimeout", "15");
        this.changed = changed;
        this.missedSome = missedSome;
        this.thread = new Thread(this::listen, "dlirun-catalogue-listener");
        thread.setDaemon(true);
    }

    /**
     * Listens at once: the first connection is made before this returns, so that a write committed after it is heard.
     *
     * @throws JdbcJobCatalogue.CatalogueUnavailableException when the first connection cannot be made
     */
    static JobChangeListener start(String url, String user, String password, BiConsumer<ProjectId, JobId> changed,
                                   Runnable missedSome) {
        JobChangeListener listener = new JobChangeListener(url, user, password, changed, missedSome);
        try {
            listener.connection = listener.connect();
        } catch (SQLException e) {
            throw new JdbcJobCatalogue.CatalogueUnavailableException("the job catalogue at " + url
                    + " cannot be listened to as user " + user + ": " + e.getMessage(), e);
        }
        listener.thread.start();
        return listener;
    }

    private Connection connect() throws SQLException {
        Connection made = DriverManager.getConnection(url, credentials);
        try (Statement statement = made.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            made.close();
            throw e;
        }
        return made;
    }

    private void listen() {
        long pause = FIRST_PAUSE_MILLIS;
        while (!closed) {
            Connection current = connection;
            try {
                if (current == null) {
                    current = connect();
                    connection = current;
                    pause = FIRST_PAUSE_MILLIS;
                    LOG.info("Listening to the job catalogue's changes again; what was changed meanwhile is looked at");
                    missedSome.run();
                }
                PGNotification[] notifications = current.unwrap(PGConnection.class).getNotifications(WAIT_MILLIS);
                if (notifications == null || notifications.length == 0) {
                    // Silence may be a connection that no longer answers: a round trip now and then proves it does.
                    if (System.nanoTime() - lastHeard > SILENCE_NANOS) {
                        try (Statement ping = current.createStatement()) {
                            ping.execute("SELECT 1");
                        }
                        lastHeard = System.nanoTime();
                    }
                } else {
                    lastHeard = System.nanoTime();
                }
                if (notifications != null) {
                    for (PGNotification notification : notifications) {
                        tell(notification.getParameter());
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("Listening to the job catalogue's changes failed ({}); connecting again in {} ms",
                        e.toString(), pause);
                closeQuietly(current);
                connection = null;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    break;
                }
                pause = Math.min(pause * 2, MAX_PAUSE_MILLIS);
            }
        }
        closeQuietly(connection);
    }

    /**
     * Tells {@code changed} of the job '{@code <project id>/<job id>}' names; a payload of another shape is logged, and
     * so is a failure of {@code changed}, which must not cost the connection.
     */
    private void tell(String payload) {
        int slash = payload.lastIndexOf('/');
        ProjectId projectId;
        JobId id;
        try {
            projectId = ProjectId.of(payload.substring(0, slash));
            id = JobId.of(Long.parseLong(payload.substring(slash + 1)));
        } catch (RuntimeException e) {
            LOG.warn("The job catalogue told of a change of '{}', which names no job: {}", payload, e.toString());
            return;
        }
        try {
            changed.accept(projectId, id);
        } catch (RuntimeException e) {
            LOG.warn("A listener to the job catalogue's changes failed on {}/{}", projectId.value(), id.value(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    /** Ends the thread, and its connection with it; returns once it has ended (within about a wait). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
