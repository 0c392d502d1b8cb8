package dev.dlirun.adapters.client.flink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The connectors' bundles as the build gathers them: a job is given exactly the bundles its connectors and formats
 * come from, and none for the cluster's own.
 */
class ConnectorBundlesTest {

    private static final ClassLoader FLINK = new FlinkOnlyClassLoader(ConnectorBundlesTest.class.getClassLoader());

    private static List<String> names(List<URL> jars) {
        return jars.stream().map(url -> Path.of(url.getPath()).getFileName().toString()).toList();
    }

    @Test
    void aJobIsGivenTheBundlesOfItsConnectorsAndFormatsEachOnceAndNoneForTheClustersOwn() {
        try (ConnectorBundles bundles = ConnectorBundles.in(EmbeddedFlink.connectorJars(), FLINK)) {
            assertThat(names(bundles.jarsFor(Set.of("kafka")))).singleElement().asString()
                    .startsWith("flink-sql-connector-kafka-");
            assertThat(names(bundles.jarsFor(List.of("kafka", "upsert-kafka", "jdbc", "json"))))
                    .hasSize(4).anyMatch(jar -> jar.startsWith("postgresql-"))
                    .anyMatch(jar -> jar.startsWith("flink-connector-jdbc-postgres-"));
            assertThat(names(bundles.jarsFor(Set.of("avro")))).contains("flink-avro-2.2.1.jar")
                    .anyMatch(jar -> jar.startsWith("avro-")).noneMatch(jar -> jar.contains("kafka"));
            assertThat(bundles.jarsFor(Set.of("datagen", "print", "filesystem", "json", "raw"))).isEmpty();
            assertThat(bundles.toString()).contains("kafka=[dynamic-kafka, kafka, upsert-kafka]", "csv=[csv]");
        }
    }

    @Test
    void thePlannedSqlSeesTheBundlesClassesButTheServicesOnlyThroughFlink() throws Exception {
        try (ConnectorBundles bundles = ConnectorBundles.in(EmbeddedFlink.connectorJars(), FLINK)) {
            ClassLoader loader = bundles.classLoader();
            assertThat(loader.loadClass("org.postgresql.Driver").getClassLoader()).isSameAs(loader);
            assertThat(loader.loadClass("org.apache.flink.table.api.TableEnvironment").getClassLoader())
                    .isNotSameAs(loader);
            assertThatThrownBy(() -> loader.loadClass(ConnectorBundlesTest.class.getName()))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aDirectoryThatIsNotThereOrHoldsNoJarIsRefusedNamingTheFlag(@TempDir Path empty) {
        assertThatThrownBy(() -> ConnectorBundles.in(empty.resolve("gone"), FLINK))
                .hasMessageStartingWith("--connector-jars " + empty.resolve("gone") + " is not a directory");
        assertThatThrownBy(() -> ConnectorBundles.in(empty, FLINK)).hasMessage("--connector-jars " + empty
                + " holds no jar");
        try (ConnectorBundles none = ConnectorBundles.none(FLINK)) {
            assertThat(none.jarsFor(Set.of("kafka"))).isEmpty();
            assertThat(none.classLoader()).isSameAs(FLINK);
        }
    }
}
