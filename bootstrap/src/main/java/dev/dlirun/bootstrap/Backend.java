package dev.dlirun.bootstrap;

/** Which backend looks jobs up and starts them. */
public enum Backend {
    /** The embedded local job engine: no cloud account needed. */
    local,
    /** Huawei Cloud DLI, over HTTPS, authenticated with AK/SK or an IAM token. */
    dli
}
