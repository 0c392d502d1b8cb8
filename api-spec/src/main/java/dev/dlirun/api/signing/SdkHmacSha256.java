package dev.dlirun.api.signing;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Huawei Cloud's AK/SK request signature, {@code SDK-HMAC-SHA256} ({@code contract.md} section 5), as both sides
 * of the wire compute it: a client signs what it sends, a server recomputes it from what arrived. Plain JDK.
 *
 * <pre>
 * CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQuery \n CanonicalHeaders \n SignedHeaders \n hex(sha256(body))
 * StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(sha256(CanonicalRequest))
 * Signature        = hex(HMAC-SHA256(SK, StringToSign))
 * </pre>
 */
public final class SdkHmacSha256 {

    public static final String ALGORITHM = "SDK-HMAC-SHA256";
    public static final String DATE_HEADER = "X-Sdk-Date";
    public static final String AUTHORIZATION_HEADER = "Authorization";
    /** {@code yyyyMMdd'T'HHmmss'Z'} in UTC, as {@code X-Sdk-Date} carries it. */
    public static final DateTimeFormatter DATE_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final HexFormat HEX = HexFormat.of();

    private SdkHmacSha256() {
    }

    /**
     * A request as it is sent or as it arrived.
     *
     * @param rawPath the path as it appears in the request line, e.g. {@code /v1.0/p1/streaming/jobs/run}
     * @param query   query parameters, decoded; empty when there are none
     * @param headers the headers to sign, by name (any case); must include {@code host} and {@code x-sdk-date}
     * @param body    the body's bytes; empty when there is none
     */
    public record Request(String method, String rawPath, Map<String, List<String>> query, Map<String, String> headers,
                          byte[] body) {
        public Request {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(rawPath, "rawPath");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }
    }

    /** The headers to send with {@code request} signed at {@code now}: {@code X-Sdk-Date} and {@code Authorization}. */
    public static Map<String, String> sign(Request request, String accessKey, String secretKey, Instant now) {
        String date = DATE_FORMAT.format(now);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(request.headers());
        headers.put(DATE_HEADER, date);
        Request dated = new Request(request.method(), request.rawPath(), request.query(), headers, request.body());
        String signature = signature(dated, date, secretKey);
        return Map.of(DATE_HEADER, date, AUTHORIZATION_HEADER,
                authorization(accessKey, signedHeaders(headers), signature));
    }

    /** The hex signature of {@code request}, whose {@code X-Sdk-Date} is {@code sdkDate}. */
    public static String signature(Request request, String sdkDate, String secretKey) {
        String stringToSign = ALGORITHM + "\n" + sdkDate + "\n" + sha256Hex(canonicalRequest(request));
        return HEX.formatHex(hmacSha256(secretKey, stringToSign));
    }

    /** The {@code Authorization} header value. */
    public static String authorization(String accessKey, String signedHeaders, String signature) {
        return ALGORITHM + " Access=" + accessKey + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature;
    }

    /** The signed header names: lower case, sorted, joined by {@code ;}. */
    public static String signedHeaders(Map<String, String> headers) {
        StringJoiner names = new StringJoiner(";");
        headers.keySet().stream().map(n -> n.toLowerCase(Locale.ROOT)).sorted().forEach(names::add);
        return names.toString();
    }

    static String canonicalRequest(Request request) {
        return request.method().toUpperCase(Locale.ROOT) + "\n"
                + canonicalUri(request.rawPath()) + "\n"
                + canonicalQuery(request.query()) + "\n"
                + canonicalHeaders(request.headers()) + "\n"
                + signedHeaders(request.headers()) + "\n"
                + HEX.formatHex(sha256(request.body()));
    }

    /** Each path segment URL-encoded, always ending with {@code /}. */
    static String canonicalUri(String rawPath) {
        StringBuilder uri = new StringBuilder();
        for (String segment : rawPath.split("/")) {
            if (!segment.isEmpty()) {
                uri.append('/').append(encode(segment));
            }
        }
        return uri.append('/').toString();
    }

    static String canonicalQuery(Map<String, List<String>> query) {
        List<String> pairs = new ArrayList<>();
        new TreeMap<>(query).forEach((key, values) -> values.stream().sorted()
                .forEach(value -> pairs.add(encode(key) + "=" + encode(value))));
        return String.join("&", pairs);
    }

    static String canonicalHeaders(Map<String, String> headers) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(lowerCaseNames(headers)).forEach((name, value) ->
                canonical.append(name).append(':').append(value.trim()).append('\n'));
        return canonical.toString();
    }

    private static Map<String, String> lowerCaseNames(Map<String, String> headers) {
        Map<String, String> lower = new TreeMap<>();
        headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        return lower;
    }

    /** {@link URLEncoder}, then {@code +} as {@code %20}, {@code *} as {@code %2A}, {@code %7E} as {@code ~}. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    }

    public static String sha256Hex(String value) {
        return HEX.formatHex(sha256(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static byte[] hmacSha256(String key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }
}
