package dev.dlirun.adapters.client.flink;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironmentFactory;

import java.lang.reflect.Field;
import java.util.function.Supplier;

/**
 * Makes a SQL job's table environment on the planning thread's own execution environment, never on the one another
 * thread's jar job put in place.
 *
 * <p>Why: Flink's table environment takes its execution environment from
 * {@code StreamExecutionEnvironment.getExecutionEnvironment(Configuration)}, which prefers the calling thread's context
 * factory and falls back to a <em>static</em> one. A jar job's main method runs under Flink's
 * {@code ClientUtils.executeProgram}, which sets that static factory ({@code StreamContextEnvironment.setAsContext})
 * for as long as the main method runs: one that makes environments of that jar's class loader and its launch's
 * settings. A SQL job planned on another thread meanwhile (a check, a graph check, a launch) took that environment,
 * so Flink compiled the SQL job's generated code against the jar's class loader, which its launch closes once the main
 * method returns ("Trying to access closed classloader"), and a launch would have handed its graph to the jar's
 * executor with the jar's settings. Giving the planning thread its own factory, which makes what Flink makes without a
 * context (an environment of the given settings on the local target, which the job's own target then replaces),
 * takes precedence over the static one, whatever another thread does.
 *
 * <p>Flink offers no way to set only the calling thread's factory (its {@code initializeContextEnvironment} sets the
 * static one too, which would be the same race the other way round), so the thread-local is reached by reflection; a
 * Flink without it fails every SQL planning at once, loudly, rather than plan on a borrowed environment.
 */
final class ThreadsOwnEnvironment {

    private static final ThreadLocal<StreamExecutionEnvironmentFactory> THREADS_FACTORY = threadsFactory();

    /**
     * What Flink makes when no jar's main method is running ({@code createLocalEnvironment}): the given settings, the
     * local target and attached unless they say otherwise later (the job's own settings then name its target), the
     * default local parallelism when they set none. Not a {@code LocalStreamEnvironment} itself: Flink refuses to
     * make one while the static context factory is set, which is the very case this class is for.
     */
    private static final StreamExecutionEnvironmentFactory OWN = configuration -> {
        Configuration effective = new Configuration(configuration);
        if (effective.getOptional(CoreOptions.DEFAULT_PARALLELISM).isEmpty()) {
            effective.set(CoreOptions.DEFAULT_PARALLELISM, StreamExecutionEnvironment.getDefaultLocalParallelism());
        }
        effective.set(DeploymentOptions.TARGET, "local");
        effective.set(DeploymentOptions.ATTACHED, true);
        return new StreamExecutionEnvironment(effective);
    };

    private ThreadsOwnEnvironment() {
    }

    /** Runs {@code create} (which makes a table environment) with this thread's own execution environment factory. */
    static <T> T creating(Supplier<T> create) {
        StreamExecutionEnvironmentFactory before = THREADS_FACTORY.get();
        THREADS_FACTORY.set(OWN);
        try {
            return create.get();
        } finally {
            if (before == null) {
                THREADS_FACTORY.remove();
            } else {
                THREADS_FACTORY.set(before);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static ThreadLocal<StreamExecutionEnvironmentFactory> threadsFactory() {
        try {
            Field field = StreamExecutionEnvironment.class.getDeclaredField("threadLocalContextEnvironmentFactory");
            field.setAccessible(true);
            return (ThreadLocal<StreamExecutionEnvironmentFactory>) field.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("This Flink's StreamExecutionEnvironment has no thread-local context "
                    + "factory (threadLocalContextEnvironmentFactory): SQL jobs cannot be planned safely beside jar "
                    + "jobs", e);
        }
    }
}
