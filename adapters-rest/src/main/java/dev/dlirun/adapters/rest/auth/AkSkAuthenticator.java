package dev.dlirun.adapters.rest.auth;

import dev.dlirun.api.signing.SdkHmacSha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks {@code SDK-HMAC-SHA256} signatures as DLI does: the canonical request is computed again from what arrived
 * (method, path, query, the headers the caller says it signed, the body's hash) and compared in constant time;
 * {@code host} and {@code x-sdk-date} must be among the signed headers, and the date no more than 15 minutes off.
 */
public final class AkSkAuthenticator implements Authenticator {

    /** An access key's secret key and the projects it may use. */
    public record Credential(String accessKey, String secretKey, Set<String> projects) {
        public Credential {
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            projects = Set.copyOf(projects);
        }

        @Override
        public String toString() {
            return "Credential[" + accessKey + ", projects " + projects + "]";
        }
    }

    /** The scheme a refusal's challenge names: the signature's algorithm, as the SDKs' Authorization header names it. */
    public static final String SCHEME = SdkHmacSha256.ALGORITHM;
    static final Duration ALLOWED_SKEW = Duration.ofMinutes(15);
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "SDK-HMAC-SHA256\\s+Access=([^,\\s]+),\\s*SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-fA-F]+)");
    private static final String INVALID = "The access key or the signature is not valid.";

    private final Map<String, Credential> byAccessKey;
    private final Clock clock;

    public AkSkAuthenticator(List<Credential> credentials, Clock clock) {
        this.byAccessKey = credentials.stream().collect(Collectors.toUnmodifiableMap(Credential::accessKey, c -> c));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public boolean readsBody() {
        return true;
    }

    @Override
    public Caller authenticate(IncomingRequest request) {
        String authorization = request.header(SdkHmacSha256.AUTHORIZATION_HEADER).orElseThrow(() ->
                refusal("The request carries no credentials: sign it with SDK-HMAC-SHA256."));
        Matcher parts = AUTHORIZATION.matcher(authorization.trim());
        if (!parts.matches()) {
            throw refusal("The Authorization header is not an SDK-HMAC-SHA256 signature.");
        }
        List<String> signedNames = Arrays.asList(parts.group(2).toLowerCase(Locale.ROOT).split(";"));
        if (!signedNames.contains("host") || !signedNames.contains("x-sdk-date")) {
            throw refusal("The signature must cover the host and x-sdk-date headers.");
        }
        String date = request.header(SdkHmacSha256.DATE_HEADER)
                .orElseThrow(() -> refusal("The request carries no X-Sdk-Date header."));
        checkFresh(date);

        Map<String, String> signed = new TreeMap<>();
        for (String name : signedNames) {
            signed.put(name, request.header(name).orElseThrow(() ->
                    refusal("A header the signature covers is missing: " + name + ".")));
        }
        Credential credential = byAccessKey.get(parts.group(1));
        if (credential == null) {
            throw refusal(INVALID);
        }
        String expected = SdkHmacSha256.signature(new SdkHmacSha256.Request(request.method(), request.rawPath(),
                request.query(), signed, request.body()), date, credential.secretKey());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                parts.group(3).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            throw refusal(INVALID);
        }
        return Caller.of(credential.accessKey(), credential.projects());
    }

    private void checkFresh(String date) {
        Instant signedAt;
        try {
            signedAt = Instant.from(SdkHmacSha256.DATE_FORMAT.parse(date));
        } catch (DateTimeParseException e) {
            throw refusal("X-Sdk-Date must be written yyyyMMdd'T'HHmmss'Z'.");
        }
        if (Duration.between(signedAt, clock.instant()).abs().compareTo(ALLOWED_SKEW) > 0) {
            throw refusal("X-Sdk-Date is more than 15 minutes away from the server's clock.");
        }
    }
}
