package dev.dlirun.adapters.client.flink;

import org.apache.flink.table.factories.Factory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The connectors and formats jobs' tables may use beyond the cluster's own, packaged the way Flink packages user code:
 * jar files in a directory of bundles ({@code flink-connectors/} next to the service's jar: {@code kafka/},
 * {@code jdbc/}, {@code csv/}, {@code avro/}, each holding a connector or format with the clients and drivers it
 * needs). They are on nobody's class path. The SQL the service plans sees them through one class loader over every
 * bundle ({@link #classLoader()}), whose parent gives the JDK and Flink only; a job is then given, as its own jars
 * ({@code pipeline.jars}), the bundles whose connectors and formats its tables use ({@link #jarsFor}), and Flink ships
 * them with the job to the cluster, which loads them in the job's user-code class loader. A stock Flink session cluster
 * thus runs a Kafka job with nothing added to its {@code lib/}.
 *
 * <p>Which bundle offers what is read once, from the table factories each bundle's jars declare
 * ({@code META-INF/services/org.apache.flink.table.factories.Factory}).
 */
public final class ConnectorBundles implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorBundles.class);

    /** One bundle: its name (its directory's) and its jars. */
    record Bundle(String name, List<Path> jars) {
        Bundle {
            jars = List.copyOf(jars);
        }
    }

    private final List<Bundle> bundles;
    private final ClassLoader loader;
    private final Optional<URLClassLoader> own;
    /**
     * Factory identifier (a connector's or a format's) to the bundle that offers it: read at the first job that needs
     * it, not at the service's start (it loads every factory class of every bundle).
     */
    private Map<String, Bundle> offers;

    private ConnectorBundles(List<Bundle> bundles, ClassLoader parent) {
        this.bundles = List.copyOf(bundles);
        if (bundles.isEmpty()) {
            this.own = Optional.empty();
            this.loader = parent;
            this.offers = Map.of();
            return;
        }
        URLClassLoader urls = new URLClassLoader("flink-connectors",
                bundles.stream().flatMap(bundle -> bundle.jars().stream()).map(ConnectorBundles::url)
                        .toArray(URL[]::new), parent);
        this.own = Optional.of(urls);
        this.loader = urls;
    }

    private synchronized Map<String, Bundle> offers() {
        if (offers == null) {
            offers = offers(bundles, loader);
            LOG.info("Connectors and formats jobs are given as their own jars, by bundle: {}", this);
        }
        return offers;
    }

    /** No bundles: jobs use the cluster's own connectors and formats only. */
    static ConnectorBundles none(ClassLoader parent) {
        return new ConnectorBundles(List.of(), parent);
    }

    /**
     * The bundles in {@code directory}: each subdirectory is one (its jars), each jar directly in it one of its own.
     *
     * @param parent the parent of their class loader: what the planned SQL may see besides them (the JDK, Flink)
     * @throws IllegalArgumentException when the directory does not exist or holds no jar
     */
    static ConnectorBundles in(Path directory, ClassLoader parent) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("--connector-jars " + directory + " is not a directory (the build puts "
                    + "the connectors' jars next to the service's jar, in flink-connectors/)");
        }
        List<Bundle> bundles = new ArrayList<>();
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : entries.sorted().toList()) {
                if (Files.isDirectory(entry)) {
                    List<Path> jars = jarsIn(entry);
                    if (!jars.isEmpty()) {
                        bundles.add(new Bundle(entry.getFileName().toString(), jars));
                    }
                } else if (isJar(entry)) {
                    bundles.add(new Bundle(entry.getFileName().toString(), List.of(entry.toAbsolutePath().normalize())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the connectors' jars in " + directory, e);
        }
        if (bundles.isEmpty()) {
            throw new IllegalArgumentException("--connector-jars " + directory + " holds no jar");
        }
        return new ConnectorBundles(bundles, parent);
    }

    /** The class loader the SQL the service plans sees the connectors through (its parent gives the JDK and Flink). */
    ClassLoader classLoader() {
        return loader;
    }

    /**
     * The jars a job whose tables use {@code identifiers} (connectors and formats) must be given: those of the bundles
     * that offer them, each bundle once. Identifiers the cluster offers itself need none.
     */
    List<URL> jarsFor(Collection<String> identifiers) {
        Set<Bundle> needed = new LinkedHashSet<>();
        for (String identifier : identifiers) {
            Bundle bundle = offers().get(identifier);
            if (bundle != null) {
                needed.add(bundle);
            }
        }
        return needed.stream().flatMap(bundle -> bundle.jars().stream()).map(ConnectorBundles::url).toList();
    }

    @Override
    public void close() {
        own.ifPresent(urls -> {
            try {
                urls.close();
            } catch (IOException e) {
                LOG.debug("Closing the connectors' class loader failed", e);
            }
        });
    }

    @Override
    public String toString() {
        Map<String, Set<String>> byBundle = new TreeMap<>();
        offers().forEach((id, bundle) -> byBundle.computeIfAbsent(bundle.name(), name -> new TreeSet<>()).add(id));
        return byBundle.isEmpty() ? "no connector bundles" : byBundle.toString();
    }

    /** Which bundle declares each table factory (connectors and formats) found through {@code loader}. */
    private static Map<String, Bundle> offers(List<Bundle> bundles, ClassLoader loader) {
        Map<Path, Bundle> byJar = new LinkedHashMap<>();
        bundles.forEach(bundle -> bundle.jars().forEach(jar -> byJar.put(jar, bundle)));
        Map<String, Bundle> offers = new LinkedHashMap<>();
        Iterator<Factory> factories = ServiceLoader.load(Factory.class, loader).iterator();
        while (true) {
            Factory factory;
            try {
                if (!factories.hasNext()) {
                    break;
                }
                factory = factories.next();
            } catch (ServiceConfigurationError e) {
                LOG.warn("A table factory of the connectors' jars cannot be loaded: {}", e.getMessage());
                continue;
            }
            jarOf(factory.getClass()).map(byJar::get)
                    .ifPresent(bundle -> offers.putIfAbsent(factory.factoryIdentifier(), bundle));
        }
        return Map.copyOf(offers);
    }

    private static Optional<Path> jarOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static List<Path> jarsIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(ConnectorBundles::isJar).sorted().map(jar -> jar.toAbsolutePath().normalize()).toList();
        }
    }

    private static boolean isJar(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().endsWith(".jar");
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(jar.toString(), e);
        }
    }
}
