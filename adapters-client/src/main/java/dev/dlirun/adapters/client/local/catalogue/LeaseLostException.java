package dev.dlirun.adapters.client.local.catalogue;

/** A fenced write was refused: its writer no longer holds the lease it wrote under. Nothing was written. */
public final class LeaseLostException extends RuntimeException {
    public LeaseLostException(String message) {
        super(message);
    }
}
