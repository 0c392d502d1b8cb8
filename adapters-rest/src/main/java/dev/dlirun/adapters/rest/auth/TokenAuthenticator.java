package dev.dlirun.adapters.rest.auth;

import dev.dlirun.api.signing.SdkHmacSha256;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Checks {@code X-Auth-Token} against tokens known only by their SHA-256 hashes, so the token file holds no secret.
 * Every known hash is compared, each in constant time.
 */
public final class TokenAuthenticator implements Authenticator {

    /** The scheme a refusal's challenge names: the header a token is sent in, as DLI takes it. */
    public static final String SCHEME = "X-Auth-Token";

    /** A token's SHA-256, hex, and the projects it may use. */
    public record KnownToken(String sha256, Set<String> projects) {
        public KnownToken {
            Objects.requireNonNull(sha256, "sha256");
            sha256 = sha256.toLowerCase(Locale.ROOT);
            projects = Set.copyOf(projects);
        }
    }

    private final List<KnownToken> tokens;

    public TokenAuthenticator(List<KnownToken> tokens) {
        this.tokens = List.copyOf(tokens);
    }

    @Override
    public String scheme() {
        return SCHEME;
    }

    @Override
    public Caller authenticate(IncomingRequest request) {
        String token = request.header("X-Auth-Token").filter(t -> !t.isBlank()).orElseThrow(() ->
                refusal("The request carries no X-Auth-Token."));
        byte[] hash = SdkHmacSha256.sha256Hex(token).getBytes(StandardCharsets.US_ASCII);
        KnownToken match = null;
        for (KnownToken known : tokens) {
            if (MessageDigest.isEqual(hash, known.sha256().getBytes(StandardCharsets.US_ASCII))) {
                match = known;
            }
        }
        if (match == null) {
            throw refusal("The token is not valid.");
        }
        return Caller.of("token " + match.sha256().substring(0, 8), match.projects());
    }
}
