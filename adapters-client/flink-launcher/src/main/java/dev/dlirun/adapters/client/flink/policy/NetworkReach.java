package dev.dlirun.adapters.client.flink.policy;

import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which hosts and ports a job may connect to (a Kafka cluster, a database): those its operator names with
 * {@code --allow-hosts}, none unless they do; and never, whatever they name, a port of the service's own on this
 * machine (its HTTP API, its Flink cluster), which a job reaching would command the service as its operator.
 *
 * <p>An entry is {@code HOST:PORT} ({@link #SYNTAX}). A name entry allows the name as a job writes it, and only while
 * none of the addresses it resolves to is of this machine or of its link (loopback, any-local, link-local such as a
 * cloud's metadata service at 169.254.169.254, an address of one of its interfaces), unless an address entry allows
 * that address too: so nobody who controls a name's DNS can point an allowed name into this machine. An address or
 * range entry allows a host whose addresses it all covers, whatever the host's name. Names compare without case and
 * without a trailing dot.
 *
 * <p>A check resolves names when it is made; the client that connects later resolves them again. What DNS answers in
 * between (a name rebound to another address), and where a server sends its client next (a Kafka broker's advertised
 * listeners), is beyond this check.
 */
public final class NetworkReach {

    /** What an {@code --allow-hosts} entry looks like, for the operator's messages. */
    public static final String SYNTAX = "HOST:PORT, where HOST is a name (kafka.internal), a pattern of names "
            + "(*.kafka.internal, any name below kafka.internal), an address (10.0.0.5, [fd00::5]) or a range of "
            + "addresses (10.0.0.0/8, [fd00::/8]), and PORT is a number (9092), a range (9092-9094) or * (any port)";

    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(OCTET + "\\." + OCTET + "\\." + OCTET + "\\." + OCTET);
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}");
    /** A {@code bootstrap.servers} entry: an optional {@code SCHEME://}, a host, a port (checked apart). */
    private static final Pattern SERVER = Pattern.compile(
            "(?:[A-Za-z0-9_.-]+://)?(?:\\[([^\\]]*)]|([A-Za-z0-9_.-]*))(?::([0-9]*))?");

    private final List<Entry> entries;
    private final Supplier<Set<Integer>> ownPorts;
    private final Function<String, List<InetAddress>> resolver;
    private final Predicate<InetAddress> interfaceAddress;

    /**
     * @param allowHosts the operator's {@code --allow-hosts} entries; none allows no host
     * @param ownPorts   the service's own ports on this machine (its HTTP port, its Flink cluster's), asked at each
     *                   check, since some are known only once the service has started
     * @throws IllegalArgumentException naming an entry that is not {@link #SYNTAX}
     */
    public NetworkReach(List<String> allowHosts, Supplier<Set<Integer>> ownPorts) {
        this(allowHosts, ownPorts, NetworkReach::resolve);
    }

    /** @param resolver every address of a name (none when it does not resolve) */
    public NetworkReach(List<String> allowHosts, Supplier<Set<Integer>> ownPorts,
                        Function<String, List<InetAddress>> resolver) {
        this(allowHosts, ownPorts, resolver, NetworkReach::isAnInterfaceAddress);
    }

    /** @param interfaceAddress whether an address is one of this machine's network interfaces */
    NetworkReach(List<String> allowHosts, Supplier<Set<Integer>> ownPorts,
                 Function<String, List<InetAddress>> resolver, Predicate<InetAddress> interfaceAddress) {
        this.entries = allowHosts.stream().map(Entry::parse).toList();
        this.ownPorts = Objects.requireNonNull(ownPorts, "ownPorts");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.interfaceAddress = Objects.requireNonNull(interfaceAddress, "interfaceAddress");
    }

    /**
     * @param what what names the host, for the message: {@code table orders: 'properties.bootstrap.servers'}
     * @param host a name or an address, IPv6 ones with or without brackets
     * @throws PolicyViolation unless a job may connect to {@code host} at {@code port}
     */
    public void check(String what, String host, int port) {
        String name = normalized(host);
        if (name.isEmpty()) {
            throw new PolicyViolation(what + " names no host (an empty one would be this machine)");
        }
        String shown = name.indexOf(':') >= 0 ? "[" + name + "]:" + port : name + ":" + port;
        if (port < 1 || port > 65535) {
            throw new PolicyViolation(what + " names " + shown + ", whose port is not one from 1 to 65535");
        }
        Optional<InetAddress> literal = literal(name);
        if (literal.isEmpty() && name.indexOf(':') >= 0) {
            throw new PolicyViolation(what + " names " + shown + ", whose host is neither a name nor an address");
        }
        // Resolved as written (but for brackets), as the client that connects will resolve it.
        String written = host.strip().startsWith("[") ? name : host.strip();
        List<InetAddress> addresses = literal.map(List::of).orElseGet(() -> resolved(written));
        if (addresses.isEmpty()) {
            throw new PolicyViolation(what + " names " + shown + ", which does not resolve");
        }
        String resolvedTo = literal.isPresent() ? "" : " (resolved to " + shown(addresses) + ")";
        if (ownPorts.get().contains(port)) {
            for (InetAddress address : addresses) {
                if (isThisMachine(address)) {
                    throw new PolicyViolation(what + " names " + shown + resolvedTo + ", which is the service's own "
                            + "port on this machine: no job may reach the service's HTTP API or its Flink cluster, "
                            + "whatever --allow-hosts allows");
                }
            }
        }
        if (literal.isEmpty() && entries.stream().anyMatch(entry -> entry.allowsName(name, port))) {
            List<InetAddress> inside = addresses.stream()
                    .filter(address -> isThisMachineOrItsLink(address) && !allowsAddress(address, port)).toList();
            if (inside.isEmpty()) {
                return;
            }
            throw new PolicyViolation(what + " names " + shown + ", which --allow-hosts allows by name, but it "
                    + "resolves to " + shown(inside) + ", an address of this machine or of its link (loopback, "
                    + "link-local or one of its interfaces'), which jobs may reach only where --allow-hosts names the "
                    + "address itself (e.g. --allow-hosts=" + shown(inside.get(0), port) + ")");
        }
        if (addresses.stream().allMatch(address -> allowsAddress(address, port))) {
            return;
        }
        throw new PolicyViolation(what + " names " + shown + resolvedTo + ", which jobs may not reach: --allow-hosts "
                + (entries.isEmpty() ? "allows none" : "allows only " + listing()) + " (name host:port patterns or CIDR "
                + "ranges, e.g. --allow-hosts=" + shown + ")");
    }

    /** Checks a host and port as {@link #check(String, String, int)} does. */
    public void check(String what, HostPort hostPort) {
        check(what, hostPort.host(), hostPort.port());
    }

    /**
     * Checks each host of a Kafka client's {@code bootstrap.servers}: {@code host:port} entries separated by commas,
     * with spaces around them, IPv6 addresses in brackets, each perhaps after a {@code SCHEME://} prefix
     * ({@code SASL_SSL://}) that Kafka ignores.
     *
     * @throws PolicyViolation when an entry is no {@code host:port} or a job may not connect to one
     */
    public void checkAll(String what, String hostPortList) {
        for (HostPort server : servers(what, hostPortList)) {
            check(what, server);
        }
    }

    /**
     * The hosts and ports of a Kafka client's {@code bootstrap.servers}, read more strictly than Kafka does: what Kafka
     * would read otherwise (an empty host, which it takes for this machine; anything around the host, which it skips)
     * is refused.
     */
    static List<HostPort> servers(String what, String hostPortList) {
        List<HostPort> servers = new ArrayList<>();
        for (String item : hostPortList.split(",", -1)) {
            String server = item.strip();
            if (server.isEmpty()) {
                continue;
            }
            Matcher matcher = SERVER.matcher(server);
            if (!matcher.matches()) {
                throw new PolicyViolation(what + " names '" + server + "', which is not host:port (e.g. "
                        + "kafka.internal:9092, [fd00::1]:9092)");
            }
            String host = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
            if (host.isEmpty()) {
                throw new PolicyViolation(what + " names '" + server + "', which has no host (Kafka would take this "
                        + "machine)");
            }
            if (matcher.group(1) != null && literal(host).filter(Inet6Address.class::isInstance).isEmpty()) {
                throw new PolicyViolation(what + " names '" + server + "', whose host in brackets is not an IPv6 "
                        + "address");
            }
            if (matcher.group(3) == null || matcher.group(3).isEmpty()) {
                throw new PolicyViolation(what + " names '" + server + "', which has no port (Kafka takes "
                        + "host:port)");
            }
            if (!NUMBER.matcher(matcher.group(3)).matches()) {
                throw new PolicyViolation(what + " names '" + server + "', whose port is not one from 1 to 65535");
            }
            servers.add(new HostPort(host, Integer.parseInt(matcher.group(3))));
        }
        if (servers.isEmpty()) {
            throw new PolicyViolation(what + " names no host");
        }
        return servers;
    }

    /** The entries, for the service's start-up log. */
    @Override
    public String toString() {
        return entries.isEmpty() ? "jobs may reach no host (--allow-hosts names none)" : "jobs may reach " + listing();
    }

    private String listing() {
        return entries.stream().map(Entry::text).collect(Collectors.joining(", "));
    }

    private boolean allowsAddress(InetAddress address, int port) {
        return entries.stream().anyMatch(entry -> entry.allowsAddress(address, port));
    }

    private List<InetAddress> resolved(String name) {
        try {
            return List.copyOf(resolver.apply(name));
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    /** Loopback, any-local ({@code 0.0.0.0/8}, {@code ::}), or one of this machine's interfaces' addresses. */
    private boolean isThisMachine(InetAddress address) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        if (embedded.isPresent() && isThisMachine(embedded.get())) {
            return true;
        }
        return address.isLoopbackAddress() || address.isAnyLocalAddress()
                || address instanceof Inet4Address && address.getAddress()[0] == 0
                || interfaceAddress.test(address);
    }

    /** {@link #isThisMachine} or link-local ({@code 169.254.0.0/16}, {@code fe80::/10}). */
    private boolean isThisMachineOrItsLink(InetAddress address) {
        Optional<InetAddress> embedded = embeddedIpv4(address);
        return isThisMachine(address) || address.isLinkLocalAddress()
                || embedded.isPresent() && embedded.get().isLinkLocalAddress();
    }

    /**
     * The IPv4 address inside an IPv6 one that some networks reach it by: IPv4-compatible ({@code ::a.b.c.d}) and
     * NAT64 ({@code 64:ff9b::a.b.c.d}) ones. (Java reads IPv4-mapped ones, {@code ::ffff:a.b.c.d}, as IPv4.)
     */
    private static Optional<InetAddress> embeddedIpv4(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] bytes = address.getAddress();
        byte[] nat64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
        boolean compatible = Arrays.equals(bytes, 0, 12, new byte[12], 0, 12);
        if (!compatible && !Arrays.equals(bytes, 0, 12, nat64, 0, 12)) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<InetAddress> resolve(String name) {
        try {
            return List.of(InetAddress.getAllByName(name));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    private static boolean isAnInterfaceAddress(InetAddress address) {
        try {
            return NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            // Cannot tell: taken for this machine's, which only an entry naming the address lets a job reach.
            return true;
        }
    }

    /** A host as compared: without brackets, a trailing dot or case. */
    private static String normalized(String host) {
        String name = host.strip();
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** The address {@code text} writes: four decimal numbers, or an IPv6 address; never looked up in DNS. */
    static Optional<InetAddress> literal(String text) {
        try {
            Matcher ipv4 = IPV4.matcher(text);
            if (ipv4.matches()) {
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    bytes[i] = (byte) Integer.parseInt(ipv4.group(i + 1));
                }
                return Optional.of(InetAddress.getByAddress(bytes));
            }
            if (IPV6.matcher(text).matches()) {
                // With a ':' and hex digits only, Java reads it as an IPv6 literal, never as a name to look up.
                return Optional.of(InetAddress.getByName(text));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String shown(List<InetAddress> addresses) {
        return addresses.stream().map(NetworkReach::shown).collect(Collectors.joining(", "));
    }

    private static String shown(InetAddress address, int port) {
        return address instanceof Inet6Address ? "[" + shown(address) + "]:" + port : shown(address) + ":" + port;
    }

    /** An address as people write it: IPv6 ones with their longest run of zero groups as {@code ::}. */
    static String shown(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** What an entry allows a job to reach. */
    private sealed interface Target {
    }

    /** A name, or with {@code below} any name of one or more labels below it. */
    private record Name(String name, boolean below) implements Target {
        Name {
            Objects.requireNonNull(name, "name");
        }

        boolean matches(String host) {
            return below ? host.endsWith("." + name) : host.equals(name);
        }
    }

    /** The addresses whose first {@code prefix} bits are {@code network}'s. */
    private record Range(byte[] network, int prefix) implements Target {
        Range {
            network = network.clone();
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix " + prefix);
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        boolean hasHostBits() {
            for (int bit = prefix; bit < network.length * 8; bit++) {
                if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One {@code --allow-hosts} entry: a target and the ports from {@code low} to {@code high}. */
    private record Entry(String text, Target target, int low, int high) {
        Entry {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(target, "target");
            if (low < 1 || high > 65535 || low > high) {
                throw new IllegalArgumentException("ports " + low + "-" + high);
            }
        }

        boolean allowsName(String host, int port) {
            return port >= low && port <= high && target instanceof Name name && name.matches(host);
        }

        boolean allowsAddress(InetAddress address, int port) {
            return port >= low && port <= high && target instanceof Range range && range.contains(address);
        }

        static Entry parse(String entry) {
            String text = entry.strip();
            String host;
            String port;
            boolean bracketed = text.startsWith("[");
            if (bracketed) {
                int close = text.indexOf(']');
                if (close < 0 || !text.startsWith(":", close + 1)) {
                    throw bad(entry, "an IPv6 address or range in brackets is followed by :PORT");
                }
                host = text.substring(1, close);
                port = text.substring(close + 2);
            } else {
                int colon = text.lastIndexOf(':');
                if (colon < 0) {
                    throw bad(entry, "it names no port; write " + (text.isEmpty() ? "HOST" : text) + ":* for any");
                }
                host = text.substring(0, colon);
                port = text.substring(colon + 1);
                if (host.indexOf(':') >= 0) {
                    throw bad(entry, "an IPv6 address or range goes in brackets, e.g. [fd00::1]:9092");
                }
            }
            int[] ports = ports(entry, port);
            return new Entry(text, target(entry, host, bracketed), ports[0], ports[1]);
        }

        private static Target target(String entry, String host, boolean bracketed) {
            int slash = host.indexOf('/');
            String address = slash < 0 ? host : host.substring(0, slash);
            Optional<InetAddress> literal = literal(address);
            if (bracketed && (literal.isEmpty() || address.indexOf(':') < 0)) {
                throw bad(entry, "'" + address + "' in brackets is not an IPv6 address");
            }
            if (slash >= 0 && literal.isEmpty()) {
                throw bad(entry, "'" + address + "' is not an IPv4 address");
            }
            if (literal.isPresent()) {
                int bits = literal.get().getAddress().length * 8;
                int prefix = bits;
                if (slash >= 0) {
                    String length = host.substring(slash + 1);
                    if (!NUMBER.matcher(length).matches() || Integer.parseInt(length) > bits) {
                        throw bad(entry, "the length of a range's prefix is a number from 0 to " + bits);
                    }
                    prefix = Integer.parseInt(length);
                }
                Range range = new Range(literal.get().getAddress(), prefix);
                if (range.hasHostBits()) {
                    throw bad(entry, "a range's address has no bits set beyond its prefix (" + prefix + " bits)");
                }
                return range;
            }
            String name = host.toLowerCase(Locale.ROOT);
            boolean below = name.startsWith("*.");
            if (below) {
                name = name.substring(2);
            }
            if (name.endsWith(".")) {
                name = name.substring(0, name.length() - 1);
            }
            String[] labels = name.split("\\.", -1);
            for (String label : labels) {
                if (!LABEL.matcher(label).matches()) {
                    throw bad(entry, "'" + host + "' is not a name" + (host.contains("*") ? " (a pattern has one * "
                            + "only, as its first label)" : ""));
                }
            }
            if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
                throw bad(entry, "'" + host + "' is neither a name nor an address (an address is four numbers from 0 "
                        + "to 255, without leading zeros)");
            }
            return new Name(name, below);
        }

        private static int[] ports(String entry, String port) {
            if (port.equals("*")) {
                return new int[]{1, 65535};
            }
            int dash = port.indexOf('-');
            String low = dash < 0 ? port : port.substring(0, dash);
            String high = dash < 0 ? port : port.substring(dash + 1);
            if (!NUMBER.matcher(low).matches() || !NUMBER.matcher(high).matches()) {
                throw bad(entry, "'" + port + "' is not a port, a range of ports or *");
            }
            int from = Integer.parseInt(low);
            int to = Integer.parseInt(high);
            if (from < 1 || to > 65535 || from > to) {
                throw bad(entry, "ports are numbers from 1 to 65535, a range's lowest first");
            }
            return new int[]{from, to};
        }

        private static IllegalArgumentException bad(String entry, String why) {
            return new IllegalArgumentException("--allow-hosts entry '" + entry + "' is not " + SYNTAX + ": " + why);
        }
    }
}
