package dev.dlirun.adapters.client.flink;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Flink jar jobs built by the tests themselves, compiled against the Flink this build uses. */
public final class TestJars {

    public static final String MAIN_CLASS = "example.CountingJob";

    private static final String SOURCE = """
            package example;

            import org.apache.flink.api.common.eventtime.WatermarkStrategy;
            import org.apache.flink.api.common.typeinfo.Types;
            import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
            import org.apache.flink.connector.datagen.source.DataGeneratorSource;
            import org.apache.flink.connector.datagen.source.GeneratorFunction;
            import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
            import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

            /** Counts numbers, {@code args[0]} a second, and keeps the even ones: a streaming job that never ends. */
            public class CountingJob {
                public static void main(String[] args) throws Exception {
                    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
                    DataGeneratorSource<Long> numbers = new DataGeneratorSource<>(
                            (GeneratorFunction<Long, Long>) index -> index, Long.MAX_VALUE,
                            RateLimiterStrategy.perSecond(Double.parseDouble(args[0])), Types.LONG);
                    env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                            .filter(n -> n % 2 == 0)
                            .sinkTo(new DiscardingSink<>());
                    env.execute("counting");
                }
            }
            """;

    private TestJars() {
    }

    /** Builds the counting job's jar into {@code directory}, its main class in the manifest too. */
    public static synchronized Path countingJob(Path directory) throws IOException {
        return jar(directory, "counting-job.jar", MAIN_CLASS, SOURCE);
    }

    /**
     * A jar of one class compiled from {@code source} against this build's class path, into {@code directory} (kept
     * when it is there already); its manifest names the class as the main class.
     */
    public static synchronized Path jar(Path directory, String name, String className, String source)
            throws IOException {
        Path jar = directory.resolve(name);
        if (Files.exists(jar)) {
            return jar;
        }
        Path build = Files.createTempDirectory("test-jar");
        Path file = build.resolve(className.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"),
                "-d", build.toString(), file.toString());
        if (compiled != 0) {
            throw new IllegalStateException("the test's class " + className + " does not compile");
        }
        Files.createDirectories(directory);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, className);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
             Stream<Path> classes = Files.walk(build)) {
            for (Path compiledClass : classes.filter(f -> f.toString().endsWith(".class")).toList()) {
                jarOut.putNextEntry(new JarEntry(build.relativize(compiledClass).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(compiledClass));
                jarOut.closeEntry();
            }
        }
        return jar;
    }
}
