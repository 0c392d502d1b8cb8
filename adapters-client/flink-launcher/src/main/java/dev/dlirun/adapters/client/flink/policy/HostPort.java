package dev.dlirun.adapters.client.flink.policy;

import java.util.Objects;

/**
 * A host and a port a job's option names, as the client that reads the option will connect to them: {@code host} is
 * a name or an address literal, IPv6 ones without their brackets. {@link NetworkReach} decides whether a job may.
 */
record HostPort(String host, int port) {

    HostPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty() || host.startsWith("[")) {
            throw new IllegalArgumentException("a host is a name or an address without brackets; got '" + host + "'");
        }
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
