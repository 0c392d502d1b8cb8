package dev.dlirun.adapters.client.dli;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the DLI adapter reaches DLI.
 *
 * @param endpoint       DLI's base URL, e.g. {@code https://dli.cn-north-4.myhuaweicloud.com}
 * @param concurrency    the most calls to DLI in flight at once, across all requests this instance serves
 * @param chunkSize      the most job ids in one batch-run call to DLI
 * @param connectTimeout how long to wait for a connection to DLI
 * @param readTimeout    how long to wait for one answer from DLI (a request's deadline may cut it shorter)
 * @param maxAttempts    how often a lookup is tried before its job is given up on (retries included)
 * @param firstBackoff   the wait before the first retry; it doubles, with jitter, up to {@code maxBackoff}
 * @param probeProject   a project whose job detail the readiness probe may ask for; without one, the probe only
 *                       checks that DLI answers
 */
public record DliSettings(
        URI endpoint,
        DliCredentials credentials,
        int concurrency,
        int chunkSize,
        Duration connectTimeout,
        Duration readTimeout,
        int maxAttempts,
        Duration firstBackoff,
        Duration maxBackoff,
        Optional<String> probeProject) {

    private static final Pattern REGION = Pattern.compile("[a-z]{2,}(-[a-z0-9]+)+");

    public DliSettings {
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(probeProject, "probeProject");
        endpoint = normalized(Objects.requireNonNull(endpoint, "endpoint"));
        if (concurrency < 1 || chunkSize < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("concurrency, chunk size and attempts must be at least 1");
        }
        for (Duration d : new Duration[]{connectTimeout, readTimeout, firstBackoff, maxBackoff}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts and backoffs must be positive");
            }
        }
    }

    /** The defaults for everything but where DLI is and how to authenticate. */
    public static DliSettings defaults(URI endpoint, DliCredentials credentials) {
        return new DliSettings(endpoint, credentials, 64, 100, Duration.ofSeconds(3), Duration.ofSeconds(10), 4,
                Duration.ofMillis(100), Duration.ofSeconds(2), Optional.empty());
    }

    public DliSettings withConcurrency(int value) {
        return new DliSettings(endpoint, credentials, value, chunkSize, connectTimeout, readTimeout, maxAttempts,
                firstBackoff, maxBackoff, probeProject);
    }

    /** These settings with DLI at {@code value}. */
    public DliSettings withEndpoint(URI value) {
        return new DliSettings(value, credentials, concurrency, chunkSize, connectTimeout, readTimeout, maxAttempts,
                firstBackoff, maxBackoff, probeProject);
    }

    public DliSettings withChunkSize(int value) {
        return new DliSettings(endpoint, credentials, concurrency, value, connectTimeout, readTimeout, maxAttempts,
                firstBackoff, maxBackoff, probeProject);
    }

    public DliSettings withTimeouts(Duration connect, Duration read) {
        return new DliSettings(endpoint, credentials, concurrency, chunkSize, connect, read, maxAttempts,
                firstBackoff, maxBackoff, probeProject);
    }

    public DliSettings withRetries(int attempts, Duration first, Duration max) {
        return new DliSettings(endpoint, credentials, concurrency, chunkSize, connectTimeout, readTimeout, attempts,
                first, max, probeProject);
    }

    public DliSettings withProbeProject(String project) {
        return new DliSettings(endpoint, credentials, concurrency, chunkSize, connectTimeout, readTimeout, maxAttempts,
                firstBackoff, maxBackoff, Optional.of(project));
    }

    /**
     * DLI's public endpoint in a region: {@code https://dli.{region}.myhuaweicloud.com}, except {@code eu-west-101},
     * which is served from {@code myhuaweicloud.eu}.
     */
    public static URI endpointOfRegion(String region) {
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("'" + region + "' is not a Huawei Cloud region, e.g. cn-north-4");
        }
        String domain = region.equals("eu-west-101") ? "myhuaweicloud.eu" : "myhuaweicloud.com";
        return URI.create("https://dli." + region + "." + domain);
    }

    /** Checks the URL and drops what would make the signed host differ from the one sent. */
    private static URI normalized(URI endpoint) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("the DLI endpoint must be an http(s) URL, not '" + endpoint + "'");
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null || endpoint.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the DLI endpoint must not carry a query, fragment or user: " + endpoint);
        }
        int port = endpoint.getPort();
        boolean defaultPort = scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
        String path = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + endpoint.getHost() + (port == -1 || defaultPort ? "" : ":" + port) + path);
    }
}
