package dev.dlirun.adapters.client.local.planted;

import dev.dlirun.adapters.client.flink.FlinkJobRuntime;

/** A planted violation: the local engine knowing its Flink runtime by name. */
public class EngineUsingFlink {
    public Class<?> runtime() {
        return FlinkJobRuntime.class;
    }
}
