package dev.dlirun.adapters.client.flink;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;

/**
 * The parent of the class loaders of the SQL jobs the service plans itself: it gives them the JDK and Flink (its own
 * classes and the libraries Flink's SQL runtime uses), and nothing else of the service's class path. What a job's SQL
 * makes Flink load while it is planned (a {@code RAW} type's class, the classes of the bytes it deserializes) can then
 * never be one of the service's own libraries (H2's tools, Jersey, Jackson, the service's code).
 */
final class FlinkOnlyClassLoader extends ClassLoader {

    /** The packages of the service's class path a job's planning may load classes of. */
    private static final List<String> ALLOWED = List.of("org.apache.flink.", "org.slf4j.", "com.esotericsoftware.",
            "org.objenesis.", "org.apache.commons.", "org.codehaus.janino.", "org.codehaus.commons.",
            "com.ibm.icu.", "org.lz4.", "org.xerial.snappy.", "org.snakeyaml.", "javassist.");

    private final ClassLoader service;

    FlinkOnlyClassLoader(ClassLoader service) {
        super("flink-only", ClassLoader.getPlatformClassLoader());
        this.service = service;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        for (String allowed : ALLOWED) {
            if (name.startsWith(allowed)) {
                return service.loadClass(name);
            }
        }
        throw new ClassNotFoundException(name + " (not a class a job's SQL may load: the JDK's and Flink's only)");
    }

    @Override
    protected URL findResource(String name) {
        return service.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return service.getResources(name);
    }
}
