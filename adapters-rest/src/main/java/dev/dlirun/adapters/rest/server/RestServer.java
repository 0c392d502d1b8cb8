package dev.dlirun.adapters.rest.server;

import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.HttpHandlerRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.ServerConfiguration;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The embedded HTTP server (Grizzly) serving a JAX-RS application on one address. */
public final class RestServer implements AutoCloseable {

    private final HttpServer server;
    private final NetworkListener listener;
    /** The address asked for, as the operator wrote it: for errors. */
    private final String where;

    private RestServer(HttpServer server, NetworkListener listener, String where) {
        this.server = server;
        this.listener = listener;
        this.where = where;
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
        RestServer server = create(bind, port, application, settings);
        server.listen();
        return server;
    }

    /**
     * The server, with the application initialised (Jersey's resource model built and checked: most of the time a
     * start takes), not yet listening: {@link #listen()} binds it, {@link #discard()} gives it up. What the service
     * must do before its first request (e.g. import a jobs file) can run meanwhile.
     */
    public static RestServer create(String bind, int port, ResourceConfig application, RestSettings settings) {
        URI base = URI.create("http://" + (bind.contains(":") ? "[" + bind + "]" : bind) + ":" + port + "/");
        HttpServer server = GrizzlyHttpServerFactory.createHttpServer(base, application, false);
        guardRequestTargets(server.getServerConfiguration());
        NetworkListener listener = server.getListeners().iterator().next();
        listener.registerAddOn(new Http2UpgradeDecliner());
        listener.setMaxHttpHeaderSize(settings.maxHeaderBytes());
        // A caller that stops sending mid-request is cut off after this, and holds one worker at most that long.
        listener.getTransport().setReadTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
        listener.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                .setPoolName("dlirun-http").setCorePoolSize(settings.workerThreads())
                .setMaxPoolSize(settings.workerThreads()));
        return new RestServer(server, listener, bind + ":" + port);
    }

    /** Puts {@link RequestTargetGuard} in front of the application, under the application's own mappings. */
    private static void guardRequestTargets(ServerConfiguration configuration) {
        Map<HttpHandler, HttpHandlerRegistration[]> handlers = Map.copyOf(configuration.getHttpHandlersWithMapping());
        handlers.forEach((handler, mappings) -> {
            configuration.removeHttpHandler(handler);
            configuration.addHttpHandler(new RequestTargetGuard(handler), mappings);
        });
    }

    /**
     * Binds the address and starts serving.
     *
     * @throws UncheckedIOException when the address cannot be bound; the server is then discarded
     */
    public void listen() {
        try {
            server.start();
        } catch (IOException e) {
            server.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + where + ": " + e.getMessage(), e);
        }
    }

    /** Gives up a server that was created and will not listen: shuts its application down. */
    public void discard() {
        // A server that never started has nothing to stop; its application (Jersey's, initialised) is shut down here.
        server.getServerConfiguration().getHttpHandlersWithMapping().keySet().forEach(HttpHandler::destroy);
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
