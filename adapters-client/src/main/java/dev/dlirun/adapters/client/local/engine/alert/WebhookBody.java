package dev.dlirun.adapters.client.local.engine.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dlirun.adapters.client.local.model.Alert;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * An alert as a webhook receives it: a JSON body in DLI's snake_case, and its signature. The signature is an
 * HMAC-SHA256, with the shared secret, of {@code <timestamp>.<body>} ({@code timestamp} in seconds since the epoch, sent
 * in {@value #TIMESTAMP}); a receiver recomputes it over the raw body, compares in constant time, and refuses a
 * timestamp far from its clock (a replay). {@value #ALERT_ID} and the body's {@code alert_id} are the same: a receiver
 * that has seen the id has seen the alert.
 */
public final class WebhookBody {

    public static final String ALERT_ID = "X-Dlirun-Alert-Id";
    public static final String TIMESTAMP = "X-Dlirun-Timestamp";
    public static final String SIGNATURE = "X-Dlirun-Signature";
    private static final String HMAC = "HmacSHA256";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookBody() {
    }

    /** The alert's body: the same bytes for every try of its delivery. */
    public static byte[] of(Alert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("alert_id", alert.id());
        body.put("kind", alert.kind().wireName());
        body.put("time", alert.time());
        body.put("smn_topic", alert.topic());
        if (alert.kind().aboutAJob()) {
            body.put("project_id", alert.projectId().value());
            body.put("job_id", alert.jobId().value());
            body.put("job_name", alert.jobName());
            body.put("status", alert.status().wireName());
        }
        if (alert.statusDesc() != null) {
            body.put("status_desc", alert.statusDesc());
        }
        body.put("cluster", alert.cluster());
        body.put("summary", summary(alert));
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert cannot be written as JSON", e);
        }
    }

    /** One line a person reads in a chat or a mail. */
    static String summary(Alert alert) {
        String job = alert.kind().aboutAJob() ? "Job " + alert.jobId().value() + " (" + alert.jobName()
                + ") of project " + alert.projectId().value() : null;
        String why = alert.statusDesc() == null ? "" : ": " + alert.statusDesc();
        return switch (alert.kind()) {
            case JOB_FAILED -> job + " failed (" + alert.status().wireName() + ")" + why;
            case JOB_RESTART_LOOP -> job + " keeps failing and restarting" + why;
            case STOP_SAVEPOINT_FAILED -> job + " was not stopped: its savepoint failed" + why;
            case CHECKPOINT_STALLED -> job + " runs, but its checkpoints do not complete" + why;
            case CLUSTER_UNREACHABLE -> "The Flink cluster cannot be reached (" + alert.cluster() + ")" + why;
            case CLUSTER_RECOVERED -> "The Flink cluster answers again (" + alert.cluster() + ")";
        };
    }

    /** {@code sha256=<hex>}: the HMAC-SHA256 with {@code secret} of {@code <timestamp>.<body>}. */
    public static String signature(byte[] secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(secret, HMAC));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** What a receiver does: whether {@code signature} is that of {@code body} sent at {@code timestamp}. */
    public static boolean verifies(byte[] secret, long timestamp, byte[] body, String signature) {
        return signature != null && MessageDigest.isEqual(signature(secret, timestamp, body)
                .getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
