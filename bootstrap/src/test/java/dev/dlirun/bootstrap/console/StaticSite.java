package dev.dlirun.bootstrap.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Pages of a test's own, served on the loopback address with a strict Content-Security-Policy (the console's:
 * everything from the page's own origin, no inline scripts or styles): for the browser fixture's own tests, which need
 * no packaged server. The JDK's {@code SimpleFileServer} cannot set headers (and is Java 18), hence this.
 */
final class StaticSite implements AutoCloseable {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final Path root;
    private final HttpServer server;

    private StaticSite(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    /** Serves the files {@code files} names (path to content) from a temporary directory. */
    static StaticSite serving(Map<String, String> files) {
        try {
            Path root = Files.createTempDirectory("dlirun-static-site");
            // Without an icon of its own, a page makes Chromium ask for /favicon.ico, a 404 in the console.
            Files.writeString(root.resolve("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    + "viewBox=\"0 0 1 1\"><rect width=\"1\" height=\"1\"/></svg>");
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(root.resolve(file.getKey()), file.getValue());
            }
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            StaticSite site = new StaticSite(root, server);
            server.createContext("/", site::serve);
            server.start();
            return site;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The address of the file {@code name}. */
    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String name = exchange.getRequestURI().getPath().substring(1);
            Path file = root.resolve(name).normalize();
            if (name.isEmpty() || !file.startsWith(root) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = Files.readAllBytes(file);
            String extension = name.substring(name.lastIndexOf('.') + 1);
            exchange.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(extension, "application/octet-stream"));
            exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            dev.dlirun.bootstrap.ScratchDirectory.delete(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page titled {@code title}, with the site's icon, its body {@code body} as is. */
    static String page(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title>"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<link rel=\"icon\" href=\"favicon.svg\" type=\"image/svg+xml\"></head>\n<body>" + body
                + "</body></html>\n";
    }
}
