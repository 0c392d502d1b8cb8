package dev.dlirun.adapters.rest.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The web console's files, read once from the classpath ({@code /console/} in this module's jar) into memory. Only the
 * files {@link #SHIPPED} names are served: a request for any other name finds nothing, whatever it spells.
 */
public final class ConsoleFiles {

    /** A file of the console: its bytes, its media type and an entity tag of its content. */
    public record ConsoleFile(String name, byte[] content, String mediaType, String etag) {
        public ConsoleFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(etag, "etag");
        }
    }

    /** Every file the console is made of: the allowlist of what {@code /console/} serves. */
    static final List<String> SHIPPED = List.of("index.html", "console.css", "graph.css", "app.js", "api.js",
            "sign.js", "dom.js", "route.js", "paths.js", "view-parts.js", "jobs-view.js", "job-view.js", "edit-view.js",
            "editor.js", "graph.js", "chart.js", "favicon.svg");

    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, ConsoleFile> files;

    private ConsoleFiles(Map<String, ConsoleFile> files) {
        this.files = Map.copyOf(files);
    }

    /** Where the page says how this server's callers sign in; the page reads it instead of provoking a 401. */
    static final String SIGN_IN_PLACEHOLDER = "<meta name=\"dlirun-sign-in\" content=\"\">";

    /**
     * Reads the shipped files from the classpath, the page told how callers sign in here.
     *
     * @param authenticationScheme the scheme a 401 challenges for ({@code X-Auth-Token}, {@code SDK-HMAC-SHA256}), or
     *                             {@code none}: public knowledge, which any unauthenticated call learns too
     * @throws IllegalStateException when one is missing: a console with a hole in it is a build error
     */
    public static ConsoleFiles fromClasspath(String authenticationScheme) {
        String signIn = switch (authenticationScheme) {
            case "X-Auth-Token" -> "token";
            case "SDK-HMAC-SHA256" -> "aksk";
            case "none" -> "none";
            default -> throw new IllegalArgumentException("no sign-in for the scheme " + authenticationScheme);
        };
        Map<String, ConsoleFile> files = new LinkedHashMap<>();
        for (String name : SHIPPED) {
            try (InputStream in = ConsoleFiles.class.getResourceAsStream("/console/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the console's file " + name + " is not on the classpath");
                }
                byte[] content = in.readAllBytes();
                if (name.equals("index.html")) {
                    content = withSignIn(content, signIn);
                }
                files.put(name, new ConsoleFile(name, content, mediaType(name), etag(content)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ConsoleFiles(files);
    }

    private static byte[] withSignIn(byte[] page, String signIn) {
        String text = new String(page, StandardCharsets.UTF_8);
        if (!text.contains(SIGN_IN_PLACEHOLDER)) {
            throw new IllegalStateException("the console's page lacks " + SIGN_IN_PLACEHOLDER);
        }
        return text.replace(SIGN_IN_PLACEHOLDER, "<meta name=\"dlirun-sign-in\" content=\"" + signIn + "\">")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The shipped file of that name, if it is one. */
    public Optional<ConsoleFile> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static String mediaType(String name) {
        String type = MEDIA_TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            throw new IllegalStateException("the console's file " + name + " has no known media type");
        }
        return type;
    }

    private static String etag(byte[] content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(content);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
