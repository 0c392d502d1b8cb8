package dev.dlirun.adapters.client.local.engine.alert;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where the local engine's alerts go and when it raises them, as the operator configured it.
 *
 * @param channels          the alert channels by topic: a job whose {@code smn_topic} is one of these gets alerts at
 *                          its webhook; a job naming another topic gets none (the allowlist)
 * @param secret            the shared secret each webhook body is signed with (HMAC-SHA256)
 * @param clusterTopics     the topics alerts about the cluster go to; empty: every channel
 * @param restartLoopCount  how many restarts of one launch within {@code restartLoopWindow} make a restart loop
 * @param restartLoopWindow see {@code restartLoopCount}
 * @param unreachableGrace  how long the cluster may stay unreachable before an alert says so
 * @param firstRetry        how long after a failed delivery it is tried again; each later try waits twice as long, up
 *                          to {@link #LONGEST_RETRY}
 * @param checkpointWindow  how long a running job that checkpoints may go without a completed checkpoint before an
 *                          alert says its checkpoints stalled (a job's window is at least 3 of its checkpoint
 *                          intervals)
 */
public record AlertSettings(Map<String, URI> channels, byte[] secret, Set<String> clusterTopics, int restartLoopCount,
                            Duration restartLoopWindow, Duration unreachableGrace, Duration firstRetry,
                            Duration checkpointWindow) {

    /** No channel: no alert is raised. */
    public static final AlertSettings NONE = new AlertSettings(Map.of(), new byte[0], Set.of(), 3,
            Duration.ofMinutes(5), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(10));

    /** The longest wait between two tries of a delivery. */
    public static final Duration LONGEST_RETRY = Duration.ofMinutes(5);
    /** How long an alert is tried before it is given up (logged as an error). */
    public static final Duration GIVE_UP_AFTER = Duration.ofDays(1);
    /** The shortest secret taken: a guessable key makes the signature worthless. */
    public static final int SHORTEST_SECRET = 16;
    /** DLI's own rule for SMN topic names. */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,255}");

    public AlertSettings {
        channels = Map.copyOf(new TreeMap<>(Objects.requireNonNull(channels, "channels")));
        Objects.requireNonNull(secret, "secret");
        secret = secret.clone();
        clusterTopics = Set.copyOf(clusterTopics);
        Objects.requireNonNull(restartLoopWindow, "restartLoopWindow");
        Objects.requireNonNull(unreachableGrace, "unreachableGrace");
        Objects.requireNonNull(firstRetry, "firstRetry");
        Objects.requireNonNull(checkpointWindow, "checkpointWindow");
        for (Map.Entry<String, URI> channel : channels.entrySet()) {
            if (!TOPIC.matcher(channel.getKey()).matches()) {
                throw new IllegalArgumentException("--alert-channel names the topic '" + channel.getKey()
                        + "', which is no SMN topic name (letters, digits, - and _, at most 256)");
            }
            URI url = channel.getValue();
            if (url == null || url.getHost() == null || !("http".equals(url.getScheme())
                    || "https".equals(url.getScheme())) || url.getUserInfo() != null) {
                // The URL itself is left out: whatever is wrong with it, it may hold a credential.
                throw new IllegalArgumentException("--alert-channel " + channel.getKey() + " needs an http or https "
                        + "URL with a host and no user:password in it");
            }
        }
        if (!channels.isEmpty() && secret.length < SHORTEST_SECRET) {
            throw new IllegalArgumentException("alert channels need a shared secret of at least " + SHORTEST_SECRET
                    + " bytes (--alert-secret-file) to sign their bodies with");
        }
        for (String topic : clusterTopics) {
            if (!channels.containsKey(topic)) {
                throw new IllegalArgumentException("--alert-cluster-topic " + topic + " is not a topic of any "
                        + "--alert-channel");
            }
        }
        if (restartLoopCount < 2) {
            throw new IllegalArgumentException("--alert-restart-count must be at least 2, not " + restartLoopCount);
        }
        if (restartLoopWindow.isNegative() || restartLoopWindow.isZero()) {
            throw new IllegalArgumentException("--alert-restart-window must be positive");
        }
        if (unreachableGrace.isNegative()) {
            throw new IllegalArgumentException("--alert-unreachable-grace cannot be negative");
        }
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("the first retry of an alert must wait a positive time");
        }
        if (checkpointWindow.isNegative() || checkpointWindow.isZero()) {
            throw new IllegalArgumentException("--alert-checkpoint-window must be positive");
        }
    }

    /** Channels for {@code channels}, signed with {@code secret}, cluster alerts to every channel, other defaults. */
    public static AlertSettings of(Map<String, URI> channels, String secret) {
        return new AlertSettings(channels, secret.getBytes(StandardCharsets.UTF_8), Set.of(), NONE.restartLoopCount,
                NONE.restartLoopWindow, NONE.unreachableGrace, NONE.firstRetry, NONE.checkpointWindow);
    }

    /** Whether alerts are raised at all: only when a channel is configured. */
    public boolean enabled() {
        return !channels.isEmpty();
    }

    /** The topics an alert about the cluster goes to. */
    public Set<String> topicsOfClusterAlerts() {
        return clusterTopics.isEmpty() ? channels.keySet() : clusterTopics;
    }

    public AlertSettings withRestartLoop(int count, Duration window) {
        return new AlertSettings(channels, secret, clusterTopics, count, window, unreachableGrace, firstRetry,
                checkpointWindow);
    }

    public AlertSettings withUnreachableGrace(Duration grace) {
        return new AlertSettings(channels, secret, clusterTopics, restartLoopCount, restartLoopWindow, grace,
                firstRetry, checkpointWindow);
    }

    public AlertSettings withClusterTopics(Set<String> topics) {
        return new AlertSettings(channels, secret, topics, restartLoopCount, restartLoopWindow, unreachableGrace,
                firstRetry, checkpointWindow);
    }

    public AlertSettings withFirstRetry(Duration wait) {
        return new AlertSettings(channels, secret, clusterTopics, restartLoopCount, restartLoopWindow,
                unreachableGrace, wait, checkpointWindow);
    }

    public AlertSettings withCheckpointWindow(Duration window) {
        return new AlertSettings(channels, secret, clusterTopics, restartLoopCount, restartLoopWindow,
                unreachableGrace, firstRetry, window);
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AlertSettings that && channels.equals(that.channels)
                && java.util.Arrays.equals(secret, that.secret) && clusterTopics.equals(that.clusterTopics)
                && restartLoopCount == that.restartLoopCount && restartLoopWindow.equals(that.restartLoopWindow)
                && unreachableGrace.equals(that.unreachableGrace) && firstRetry.equals(that.firstRetry)
                && checkpointWindow.equals(that.checkpointWindow);
    }

    @Override
    public int hashCode() {
        return Objects.hash(channels, clusterTopics, restartLoopCount, restartLoopWindow, unreachableGrace);
    }

    /** Never the secret: settings are logged. */
    @Override
    public String toString() {
        return "AlertSettings[channels=" + channels.keySet() + ", clusterTopics=" + topicsOfClusterAlerts()
                + ", restartLoop=" + restartLoopCount + " in " + restartLoopWindow + ", unreachableGrace="
                + unreachableGrace + ", checkpointWindow=" + checkpointWindow + "]";
    }
}
