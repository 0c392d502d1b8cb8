package dev.dlirun.bootstrap;

import picocli.CommandLine;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every flag can also be set by an environment variable: {@code --max-batch} by {@code DLIRUN_MAX_BATCH}.
 * A flag on the command line wins over the variable, which wins over the built-in default. The DLI keys also
 * come from the official SDK's variables, {@code HUAWEICLOUD_SDK_AK} and {@code HUAWEICLOUD_SDK_SK}.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    static final String PREFIX = "DLIRUN_";
    private static final Map<String, String> SDK_VARIABLES = Map.of(
            "--dli-ak", "HUAWEICLOUD_SDK_AK",
            "--dli-sk", "HUAWEICLOUD_SDK_SK");

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    static String variableFor(String longOption) {
        return PREFIX + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument) {
        if (argument instanceof CommandLine.Model.OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
            String value = environment.get(variableFor(option.longestName()));
            if ((value == null || value.isBlank()) && SDK_VARIABLES.containsKey(option.longestName())) {
                value = environment.get(SDK_VARIABLES.get(option.longestName()));
            }
            return value == null || value.isBlank() ? null : value;
        }
        return null;
    }
}
