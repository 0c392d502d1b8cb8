package dev.dlirun.bootstrap;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How callers prove who they are.
 *
 * @param file the credentials file (for {@link Mode#aksk}) or tokens file (for {@link Mode#token})
 */
public record Authentication(Mode mode, Optional<Path> file) {

    public enum Mode {
        /** Anyone may call: allowed only on a loopback address. */
        none,
        /** SDK-HMAC-SHA256 signatures, as Huawei Cloud's SDKs send them. */
        aksk,
        /** An {@code X-Auth-Token}, checked against known hashes. */
        token
    }

    public static final Authentication NONE = new Authentication(Mode.none, Optional.empty());

    public Authentication {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(file, "file");
        if (mode == Mode.aksk && file.isEmpty()) {
            throw new IllegalArgumentException("--auth aksk needs --credentials FILE");
        }
        if (mode == Mode.token && file.isEmpty()) {
            throw new IllegalArgumentException("--auth token needs --tokens FILE");
        }
    }
}
