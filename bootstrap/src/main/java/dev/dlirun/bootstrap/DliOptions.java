package dev.dlirun.bootstrap;

import picocli.CommandLine.Option;

import java.net.URI;
import java.time.Duration;

/**
 * The flags of the dli backend: where DLI is, the keys or token the service calls it with, what its readiness probe
 * asks, and how many calls, of how many jobs, may be in flight and for how long. A mixin of {@link Main}, which lists
 * its groups of flags in the order {@code --help} shows them.
 */
final class DliOptions {

    @Option(names = "--dli-endpoint", paramLabel = "URL",
            description = "DLI's URL, e.g. https://dli.cn-north-4.myhuaweicloud.com (dli backend; or --dli-region). "
                    + "Env DLIRUN_DLI_ENDPOINT.")
    URI dliEndpoint;

    @Option(names = "--dli-region", paramLabel = "REGION",
            description = "The Huawei Cloud region whose DLI to use, e.g. cn-north-4 (dli backend; or --dli-endpoint). "
                    + "Env DLIRUN_DLI_REGION.")
    String dliRegion;

    @Option(names = "--dli-ak", paramLabel = "AK",
            description = "Access key for DLI (dli backend, with --dli-sk). Env DLIRUN_DLI_AK or HUAWEICLOUD_SDK_AK.")
    String dliAccessKey;

    @Option(names = "--dli-sk", paramLabel = "SK",
            description = "Secret key for DLI; prefer the environment, which other users cannot list. "
                    + "Env DLIRUN_DLI_SK or HUAWEICLOUD_SDK_SK.")
    String dliSecretKey;

    @Option(names = "--dli-token", paramLabel = "TOKEN",
            description = "An IAM token for DLI, instead of AK/SK. Env DLIRUN_DLI_TOKEN.")
    String dliToken;

    @Option(names = "--dli-probe-project", paramLabel = "PROJECT",
            description = "A project whose job detail /health/ready may ask DLI for, to check the keys too. "
                    + "Env DLIRUN_DLI_PROBE_PROJECT. Default: only check that DLI answers.")
    String dliProbeProject;

    @Option(names = "--dli-concurrency", paramLabel = "N", defaultValue = "64",
            description = "Most calls to DLI in flight at once. Env DLIRUN_DLI_CONCURRENCY. Default: ${DEFAULT-VALUE}.")
    int dliConcurrency;

    @Option(names = "--dli-chunk-size", paramLabel = "N", defaultValue = "100",
            description = "Most job ids in one batch-run call to DLI. Env DLIRUN_DLI_CHUNK_SIZE. Default: ${DEFAULT-VALUE}.")
    int dliChunkSize;

    @Option(names = "--dli-connect-timeout", paramLabel = "DURATION", defaultValue = "3s",
            converter = DurationConverter.class,
            description = "How long to wait for a connection to DLI. Env DLIRUN_DLI_CONNECT_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration dliConnectTimeout;

    @Option(names = "--dli-read-timeout", paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for one answer from DLI. Env DLIRUN_DLI_READ_TIMEOUT. "
                    + "Default: ${DEFAULT-VALUE}.")
    Duration dliReadTimeout;
}
