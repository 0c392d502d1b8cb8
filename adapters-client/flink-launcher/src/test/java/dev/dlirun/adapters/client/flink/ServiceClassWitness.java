package dev.dlirun.adapters.client.flink;

import org.apache.flink.table.functions.ScalarFunction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A function on the service's own class path, never in a job's jars: if anything ever loads it for a job, its static
 * initializer leaves a file where the system property {@code dlirun.witness} says, for the test to find.
 */
public class ServiceClassWitness extends ScalarFunction {

    static {
        String marker = System.getProperty("dlirun.witness");
        if (marker != null) {
            try {
                Files.writeString(Path.of(marker + "-service-class"), "loaded");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public String eval(String value) {
        return value;
    }
}
