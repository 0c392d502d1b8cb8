package dev.dlirun.adapters.rest.server;

import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The embedded HTTP server (Grizzly) serving a JAX-RS application on one address. */
public final class RestServer implements AutoCloseable {

    private final HttpServer server;
    private final NetworkListener listener;

    private RestServer(HttpServer server, NetworkListener listener) {
        this.server = server;
        this.listener = listener;
    }

    /**
     * Binds and starts serving.
     *
     * @param bind the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port the port, or 0 for any free one (see {@link #address()})
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static RestServer start(String bind, int port, ResourceConfig application) {
        return start(bind, port, application, RestSettings.defaults());
    }

    /** Binds and starts serving, within the limits of {@code settings}. */
    public static RestServer start(String bind, int port, ResourceConfig application, RestSettings settings) {
        URI base = URI.create("http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, application, false);
        NetworkListener listener = server.getListeners().iterator().next();
        listener.registerAddOn(new Http2UpgradeDecliner());
        listener.setMaxHttpHeaderSize(settings.maxHeaderBytes());
        // A caller that stops sending mid-request is cut off after this, and holds one worker at most that long.
        listener.getTransport().setReadTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("dlirun-http").setCorePoolSize(settings.workerThreads())
                .setMaxPoolSize(settings.workerThreads()));
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
        return new RestServer(server, listener);
    }

    /** Where the server listens, with the actual port when it was started on port 0. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getHost(), listener.getPort());
    }

    /** Stops accepting connections and lets requests in flight finish, for at most {@code grace}. */
    public void stop(Duration grace) {
        try {
            server.shutdown(grace.toMillis(), TimeUnit.MILLISECONDS).get(grace.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        } catch (ExecutionException | TimeoutException e) {
            server.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }
}
