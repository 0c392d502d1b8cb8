package dev.dlirun.adapters.client.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A Flink cluster in the service's JVM (a {@code MiniCluster}): one JobManager, one TaskManager with the configured
 * slots. Everything of it listens on 127.0.0.1 only (Flink's REST API has no authentication), the REST API on a port
 * of its own choosing.
 */
final class EmbeddedCluster implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";

    private final MiniCluster cluster;
    private final URI rest;

    private EmbeddedCluster(MiniCluster cluster, URI rest) {
        this.cluster = cluster;
        this.rest = rest;
    }

    static EmbeddedCluster start(int slots, Path temporary) throws Exception {
        Configuration configuration = new Configuration();
        configuration.set(RestOptions.BIND_ADDRESS, LOOPBACK);
        configuration.set(RestOptions.ADDRESS, LOOPBACK);
        configuration.set(RestOptions.BIND_PORT, "0");
        configuration.set(JobManagerOptions.ADDRESS, LOOPBACK);
        configuration.set(JobManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
        configuration.set(TaskManagerOptions.HOST, LOOPBACK);
        configuration.set(CoreOptions.TMP_DIRS, temporary.toString());
        // Flink's own pools, bounded and named here rather than left to the MiniCluster's defaults for local runs (the
        // same sizes): managed memory (off-heap, used by RocksDB state and batch operators) and the network buffers
        // (direct memory, allocated at start). The README's command bounds direct memory at 256 MiB, which leaves
        // room for these 64 MiB and the HTTP stacks' buffers; a job's hashmap state lives on the heap (-Xmx).
        configuration.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("128m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
        configuration.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        try {
            return new EmbeddedCluster(cluster, cluster.getRestAddress().get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    URI rest() {
        return rest;
    }

    /** Stops the cluster; its jobs stop with it and keep what they checkpointed. */
    @Override
    public void close() throws Exception {
        cluster.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
