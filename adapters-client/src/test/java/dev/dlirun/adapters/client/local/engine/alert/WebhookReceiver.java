package dev.dlirun.adapters.client.local.engine.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook that receives alerts as an operator's would, on a port of its own: it checks each body's signature with
 * the shared secret, and keeps what it received. It can be taken down (nothing listens on its port) and brought up
 * again on the same port.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** One request received: its alert id header, whether its signature verified, and its body. */
    public record Received(String alertId, boolean signed, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final int port;
    private volatile HttpServer server;

    public WebhookReceiver(byte[] secret) throws IOException {
        this.secret = secret.clone();
        this.server = listen(0);
        this.port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        http.createContext("/alerts", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String timestamp = exchange.getRequestHeaders().getFirst(WebhookBody.TIMESTAMP);
            boolean signed = timestamp != null && WebhookBody.verifies(secret, Long.parseLong(timestamp), body,
                    exchange.getRequestHeaders().getFirst(WebhookBody.SIGNATURE));
            received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookBody.ALERT_ID), signed,
                    JSON.readTree(body)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
        return http;
    }

    /** Where alerts are posted. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + port + "/alerts");
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Stops listening: deliveries fail as with a receiver that is down. */
    public void down() {
        server.stop(0);
    }

    /** Listens again, on the same port. */
    public void up() {
        try {
            server = listen(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until {@code count} requests were received, at most {@code timeout}; answers what was received. */
    public List<Received> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return received();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
