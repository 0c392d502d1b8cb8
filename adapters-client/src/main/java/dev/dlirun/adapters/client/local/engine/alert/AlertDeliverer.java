package dev.dlirun.adapters.client.local.engine.alert;

import dev.dlirun.adapters.client.local.catalogue.AlertOutbox;
import dev.dlirun.adapters.client.local.model.Alert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers the outbox's alerts to their channels' webhooks, on one thread of its own: a slow or absent receiver delays
 * alerts, never the engine. Each alert is sent until its channel answers 2xx, then marked delivered; a failed try is
 * tried again later, waiting twice as long each time (from {@link AlertSettings#firstRetry()} up to
 * {@link AlertSettings#LONGEST_RETRY}), for {@link AlertSettings#GIVE_UP_AFTER} at most.
 *
 * <p>What it promises: every alert written is delivered at least once, a killed process's pending alerts after its
 * restart. An alert is sent again only when the process dies (or the catalogue fails) between the receiver's 2xx and
 * the mark, a window of one commit: the receiver recognises it by its id ({@link WebhookBody#ALERT_ID}).
 */
public final class AlertDeliverer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AlertDeliverer.class);
    /** How often the outbox is looked at when nobody said it has something new. */
    static final Duration POLL = Duration.ofMillis(250);
    private static final int BATCH = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final AlertOutbox outbox;
    private final AlertSettings settings;
    private final Clock clock;
    private final java.util.function.BooleanSupplier active;
    // HTTP/1.1: no cleartext HTTP/2 upgrade, which some servers answer badly (see architecture.md).
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition news = lock.newCondition();
    private boolean woken;
    private volatile boolean closed;
    private Thread thread;

    public AlertDeliverer(AlertOutbox outbox, AlertSettings settings, Clock clock) {
        this(outbox, settings, clock, () -> true);
    }

    /**
     * As above, delivering only while {@code active} says so: of several instances sharing one outbox, the one that
     * holds the cluster's work delivers, so that no alert goes twice.
     */
    public AlertDeliverer(AlertOutbox outbox, AlertSettings settings, Clock clock,
                          java.util.function.BooleanSupplier active) {
        this.outbox = outbox;
        this.settings = settings;
        this.clock = clock;
        this.active = active;
    }

    /** Starts delivering, the alerts a previous run of the service left pending first. */
    public synchronized void start() {
        if (thread == null && settings.enabled()) {
            thread = new Thread(this::deliverUntilClosed, "dlirun-alerts");
            thread.setDaemon(true);
            thread.start();
            LOG.info("Alerts go to the channels of the topics {}, those about the cluster to {}; {} left from before",
                    settings.channels().keySet(), settings.topicsOfClusterAlerts(), outbox.pendingCount());
        }
    }

    /** Something new may be in the outbox: look now rather than at the next poll. */
    public void wake() {
        lock.lock();
        try {
            woken = true;
            news.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void deliverUntilClosed() {
        while (!closed) {
            int sent = 0;
            try {
                sent = deliverDue();
            } catch (RuntimeException e) {
                // The catalogue failed: the alerts stay pending, and the next look tries again.
                LOG.warn("Could not deliver alerts: {}", e.toString());
            }
            if (sent < BATCH) {
                awaitNews();
            }
        }
    }

    private void awaitNews() {
        lock.lock();
        try {
            if (!woken && !closed) {
                news.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
            woken = false;
        } catch (InterruptedException e) {
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Sends each alert that is due once; answers how many were due. */
    int deliverDue() {
        if (!active.getAsBoolean()) {
            return 0;
        }
        List<AlertOutbox.Pending> due = outbox.due(clock.millis(), BATCH);
        for (AlertOutbox.Pending pending : due) {
            if (closed) {
                break;
            }
            deliver(pending);
        }
        return due.size();
    }

    private void deliver(AlertOutbox.Pending pending) {
        Alert alert = pending.alert();
        URI channel = settings.channels().get(alert.topic());
        if (channel == null) {
            LOG.warn("Alert {} ({} of topic '{}') is not delivered: no alert channel is configured for its topic any "
                    + "more", alert.id(), alert.kind().wireName(), alert.topic());
            outbox.givenUp(alert.id(), clock.millis(), "no alert channel for topic " + alert.topic());
            return;
        }
        String failure = send(channel, alert);
        long now = clock.millis();
        if (failure == null) {
            outbox.delivered(alert.id(), now);
            LOG.info("Delivered alert {} ({}) to topic '{}'", alert.id(), alert.kind().wireName(), alert.topic());
            return;
        }
        int attempts = pending.attempts() + 1;
        if (now - alert.time() >= AlertSettings.GIVE_UP_AFTER.toMillis()) {
            LOG.error("Alert {} ({}) to topic '{}' is given up after {} tries: {}", alert.id(),
                    alert.kind().wireName(), alert.topic(), attempts, failure);
            outbox.givenUp(alert.id(), now, failure);
            return;
        }
        Duration wait = retryWait(settings.firstRetry(), attempts);
        if (attempts == 1) {
            LOG.warn("Alert {} ({}) to topic '{}' could not be delivered, trying again: {}", alert.id(),
                    alert.kind().wireName(), alert.topic(), failure);
        }
        outbox.failed(alert.id(), attempts, now + wait.toMillis(), failure);
    }

    /** How long to wait before the next try after {@code attempts} failed ones. */
    static Duration retryWait(Duration first, int attempts) {
        long millis = first.toMillis();
        for (int i = 1; i < attempts && millis < AlertSettings.LONGEST_RETRY.toMillis(); i++) {
            millis *= 2;
        }
        return Duration.ofMillis(Math.min(millis, AlertSettings.LONGEST_RETRY.toMillis()));
    }

    /** Posts the alert; answers null when the channel took it (2xx), otherwise why not. */
    private String send(URI channel, Alert alert) {
        byte[] body = WebhookBody.of(alert);
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(channel)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "dlirun-alerts")
                .header(WebhookBody.ALERT_ID, alert.id())
                .header(WebhookBody.TIMESTAMP, Long.toString(timestamp))
                .header(WebhookBody.SIGNATURE, WebhookBody.signature(settings.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            int status = response.statusCode();
            return status >= 200 && status < 300 ? null : "the channel answered HTTP " + status;
        } catch (IOException e) {
            return "the channel cannot be reached: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
            return "interrupted";
        }
    }

    @Override
    public void close() {
        closed = true;
        wake();
        Thread running;
        synchronized (this) {
            running = thread;
        }
        if (running != null) {
            try {
                // Not interrupted: an interrupt in the middle of a catalogue call would close its database file. A
                // delivery under way ends within its timeout, and the daemon thread stops after it.
                running.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
