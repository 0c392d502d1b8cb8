package dev.dlirun.adapters.client.flink.policy;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which hosts and ports a job may connect to, with DNS and this machine's interfaces faked. */
class NetworkReachTest {

    private static final String WHAT = "table orders: 'properties.bootstrap.servers'";
    /** This machine's own address on its network, besides loopback. */
    private static final String OWN_INTERFACE = "10.9.9.9";

    private final Map<String, List<InetAddress>> dns = new HashMap<>();
    private final Set<Integer> ownPorts = new HashSet<>(Set.of(8081, 6123));

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private void dns(String name, String... addresses) {
        dns.put(name, Stream.of(addresses).map(NetworkReachTest::address).toList());
    }

    private NetworkReach reach(String... allowHosts) {
        return new NetworkReach(List.of(allowHosts), () -> Set.copyOf(ownPorts),
                name -> dns.getOrDefault(name.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", ""), List.of()),
                address -> address.equals(address(OWN_INTERFACE)));
    }

    private static void allowed(NetworkReach reach, String host, int port) {
        assertThatCode(() -> reach.check(WHAT, host, port)).as(host + ":" + port).doesNotThrowAnyException();
    }

    private static void refused(NetworkReach reach, String host, int port, String message) {
        assertThatThrownBy(() -> reach.check(WHAT, host, port)).as(host + ":" + port)
                .isInstanceOf(PolicyViolation.class).hasMessageContaining(message);
    }

    @Test
    void byDefaultAJobMayReachNoHostAndTheMessageTellsTheOperatorWhatToSet() {
        NetworkReach none = reach();
        dns("kafka.internal", "10.0.0.5");

        assertThatThrownBy(() -> none.check(WHAT, "127.0.0.1", 9092))
                .hasMessage("table orders: 'properties.bootstrap.servers' names 127.0.0.1:9092, which jobs may not "
                        + "reach: --allow-hosts allows none (name host:port patterns or CIDR ranges, e.g. "
                        + "--allow-hosts=127.0.0.1:9092)");
        assertThatThrownBy(() -> none.check(WHAT, "Kafka.Internal", 9092))
                .hasMessage("table orders: 'properties.bootstrap.servers' names kafka.internal:9092 (resolved to "
                        + "10.0.0.5), which jobs may not reach: --allow-hosts allows none (name host:port patterns or "
                        + "CIDR ranges, e.g. --allow-hosts=kafka.internal:9092)");
        assertThat(none).hasToString("jobs may reach no host (--allow-hosts names none)");
    }

    @Test
    void aRefusalNamesWhatIsAllowedAndWhatTheHostResolvedTo() {
        NetworkReach reach = reach("kafka.internal:9092", "10.0.0.0/8:*");
        dns("db.example.com", "192.0.2.10", "10.1.1.1");

        assertThatThrownBy(() -> reach.check(WHAT, "db.example.com", 5432))
                .hasMessage("table orders: 'properties.bootstrap.servers' names db.example.com:5432 (resolved to "
                        + "192.0.2.10, 10.1.1.1), which jobs may not reach: --allow-hosts allows only "
                        + "kafka.internal:9092, 10.0.0.0/8:* (name host:port patterns or CIDR ranges, e.g. "
                        + "--allow-hosts=db.example.com:5432)");
        assertThat(reach).hasToString("jobs may reach kafka.internal:9092, 10.0.0.0/8:*");
    }

    @Test
    void namesMatchWithoutCaseOrTrailingDotAndPatternsMatchOneOrMoreLabelsBelow() {
        dns("kafka.internal", "10.0.0.5");
        dns("b-1.kafka.internal", "10.0.0.6");
        dns("a.b.kafka.internal", "10.0.0.7");
        dns("evilkafka.internal", "192.0.2.1");
        NetworkReach reach = reach("Kafka.Internal.:9092", "*.KAFKA.internal:9093-9094");

        allowed(reach, "kafka.internal", 9092);
        allowed(reach, "KAFKA.INTERNAL.", 9092);
        allowed(reach, "b-1.kafka.internal", 9093);
        allowed(reach, "a.b.kafka.internal.", 9094);
        refused(reach, "kafka.internal", 9093, "which jobs may not reach");
        refused(reach, "b-1.kafka.internal", 9092, "which jobs may not reach");
        refused(reach, "b-1.kafka.internal", 9095, "which jobs may not reach");
        refused(reach, "evilkafka.internal", 9093, "which jobs may not reach");
        refused(reach, "10.0.0.5", 9092, "which jobs may not reach");
    }

    @Test
    void aNameIsResolvedAsWrittenAsTheClientWillResolveIt() {
        List<String> asked = new java.util.ArrayList<>();
        NetworkReach reach = new NetworkReach(List.of("kafka.internal:9092"), Set::of, name -> {
            asked.add(name);
            return List.of(address("10.0.0.5"));
        });
        reach.check(WHAT, "Kafka.Internal.", 9092);
        reach.check(WHAT, " kafka.internal ", 9092);
        assertThat(asked).containsExactly("Kafka.Internal.", "kafka.internal");
    }

    @Test
    void aPortIsANumberARangeOrAny() {
        dns("kafka", "10.0.0.5");
        NetworkReach reach = reach("kafka:*", "10.0.0.6:5432", "10.0.0.7:100-200");

        allowed(reach, "kafka", 1);
        allowed(reach, "kafka", 65535);
        allowed(reach, "10.0.0.6", 5432);
        allowed(reach, "10.0.0.7", 100);
        allowed(reach, "10.0.0.7", 200);
        refused(reach, "10.0.0.6", 5433, "which jobs may not reach");
        refused(reach, "10.0.0.7", 201, "which jobs may not reach");
        refused(reach, "kafka", 0, "names kafka:0, whose port is not one from 1 to 65535");
        refused(reach, "kafka", 65536, "whose port is not one from 1 to 65535");
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        refused(reach("nowhere.internal:*"), "nowhere.internal", 9092,
                "names nowhere.internal:9092, which does not resolve");
        refused(reach("*.internal:*"), "", 9092, "names no host");
        refused(reach("*.internal:*"), "not:an:address", 9092, "whose host is neither a name nor an address");
    }

    @Test
    void anAllowedNameThatDnsPointsIntoThisMachineIsRefused() {
        NetworkReach reach = reach("kafka.internal:9092", "*.cloud.internal:*");
        for (String inside : new String[]{"127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "::1", "::",
                "169.254.169.254", "fe80::1", OWN_INTERFACE, "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a9fe:a9fe"}) {
            dns("kafka.internal", "10.0.0.5", inside);
            dns("metadata.cloud.internal", inside);
            refused(reach, "kafka.internal", 9092, "names kafka.internal:9092, which --allow-hosts allows by name, "
                    + "but it resolves to " + NetworkReach.shown(address(inside)) + ", an address of this machine or "
                    + "of its link");
            refused(reach, "metadata.cloud.internal", 80, "which --allow-hosts allows by name, but it resolves to");
        }
        dns("kafka.internal", "10.0.0.5", "10.0.0.6");
        allowed(reach, "kafka.internal", 9092);
    }

    @Test
    void anAllowedNamePointingIntoThisMachineIsAllowedWhereTheAddressIsAllowedToo() {
        dns("kafka.internal", "127.0.0.1");
        dns("localhost", "127.0.0.1", "::1");

        refused(reach("kafka.internal:9092", "127.0.0.1:9093"), "kafka.internal", 9092, "allows by name, but");
        allowed(reach("kafka.internal:9092", "127.0.0.1:9092"), "kafka.internal", 9092);
        allowed(reach("127.0.0.0/8:*"), "kafka.internal", 9092);
        refused(reach("127.0.0.0/8:*"), "localhost", 9092,
                "names localhost:9092 (resolved to 127.0.0.1, ::1), which jobs may not reach");
        allowed(reach("127.0.0.0/8:*", "[::1]:*"), "localhost", 9092);
    }

    @Test
    void theServicesOwnPortsOnThisMachineAreRefusedWhateverTheAllowlistSays() {
        NetworkReach reach = reach("127.0.0.0/8:*", "[::1]:*", "0.0.0.0/0:*", "[::/0]:*", "localhost:*",
                "own.internal:*");
        dns("localhost", "127.0.0.1");
        dns("own.internal", OWN_INTERFACE);

        for (String host : new String[]{"127.0.0.1", "127.0.0.2", "::1", "[::1]", "0.0.0.0", "::", OWN_INTERFACE,
                "localhost", "own.internal", "::ffff:127.0.0.1"}) {
            refused(reach, host, 8081, "is the service's own port on this machine");
            allowed(reach, host, 9092);
        }
        assertThatThrownBy(() -> reach.check(WHAT, "localhost", 6123))
                .hasMessage("table orders: 'properties.bootstrap.servers' names localhost:6123 (resolved to "
                        + "127.0.0.1), which is the service's own port on this machine: no job may reach the service's "
                        + "HTTP API or its Flink cluster, whatever --allow-hosts allows");
        // Another machine's port 8081 is not the service's.
        allowed(reach, "192.0.2.7", 8081);

        // Ports known only once the service has started count from then on.
        allowed(reach, "127.0.0.1", 40000);
        ownPorts.add(40000);
        refused(reach, "127.0.0.1", 40000, "is the service's own port");
    }

    @Test
    void rangesCoverEveryAddressOfAHostWhateverItsName() {
        NetworkReach reach = reach("10.0.0.0/8:*", "[fd00::/8]:9092", "192.0.2.7:5432");
        dns("db.internal", "10.20.30.40");
        dns("split.internal", "10.20.30.40", "192.0.2.99");
        dns("v6.internal", "fd12:3456::1");

        allowed(reach, "10.255.255.255", 1);
        allowed(reach, "db.internal", 5432);
        allowed(reach, "192.0.2.7", 5432);
        allowed(reach, "fd12::1", 9092);
        allowed(reach, "[fd12::1]", 9092);
        allowed(reach, "v6.internal", 9092);
        refused(reach, "11.0.0.1", 1, "which jobs may not reach");
        refused(reach, "split.internal", 5432, "(resolved to 10.20.30.40, 192.0.2.99), which jobs may not reach");
        refused(reach, "fe00::1", 9092, "names [fe00::1]:9092, which jobs may not reach");
        refused(reach, "fd12::1", 9093, "which jobs may not reach");
    }

    @Test
    void badEntriesAreRefusedForTheOperatorNamingTheEntryAndTheSyntax() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("kafka.internal", "it names no port; write kafka.internal:* for any");
        bad.put("", "it names no port");
        bad.put("::1:9092", "an IPv6 address or range goes in brackets");
        bad.put("[::1]", "an IPv6 address or range in brackets is followed by :PORT");
        bad.put("[kafka]:1", "'kafka' in brackets is not an IPv6 address");
        bad.put("[10.0.0.1]:1", "'10.0.0.1' in brackets is not an IPv6 address");
        bad.put("10.0.0.1/8:*", "a range's address has no bits set beyond its prefix (8 bits)");
        bad.put("10.0.0.0/33:*", "the length of a range's prefix is a number from 0 to 32");
        bad.put("[fd00::/129]:*", "the length of a range's prefix is a number from 0 to 128");
        bad.put("kafka/8:*", "'kafka' is not an IPv4 address");
        bad.put("kafka:0", "ports are numbers from 1 to 65535");
        bad.put("kafka:9094-9092", "a range's lowest first");
        bad.put("kafka:http", "'http' is not a port, a range of ports or *");
        bad.put("kafka:", "'' is not a port");
        bad.put("*:9092", "'*' is not a name (a pattern has one * only, as its first label)");
        bad.put("a.*.internal:9092", "is not a name (a pattern has one * only");
        bad.put("ka fka:1", "'ka fka' is not a name");
        bad.put(":9092", "'' is not a name");
        bad.put("10.0.0:1", "'10.0.0' is neither a name nor an address");
        bad.put("010.0.0.1:1", "is neither a name nor an address");
        bad.put("300.0.0.1:1", "is neither a name nor an address");
        bad.forEach((entry, why) -> assertThatThrownBy(() -> reach(entry)).as(entry)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--allow-hosts entry '" + entry + "' is not " + NetworkReach.SYNTAX + ": ")
                .hasMessageContaining(why));
        assertThatCode(() -> reach(" kafka-1.internal:9092 ", "*.kafka.internal:*", "10.0.0.5:1-65535",
                "[fd00::1]:9092", "[fd00::/8]:*", "0.0.0.0/0:443", "my_host.internal.:5432"))
                .doesNotThrowAnyException();
    }

    @Test
    void bootstrapServersAreEachCheckedWithSchemesSpacesAndIpv6() {
        NetworkReach reach = reach("*.kafka.internal:9092-9093", "[fd00::/8]:*");
        dns("b1.kafka.internal", "10.0.0.5");
        dns("b2.kafka.internal", "10.0.0.6");

        assertThat(NetworkReach.servers(WHAT, " PLAINTEXT://b1.kafka.internal:9092 ,SASL_SSL://[fd00::1]:9093,"
                + "b2.kafka.internal:9093, "))
                .containsExactly(new HostPort("b1.kafka.internal", 9092), new HostPort("fd00::1", 9093),
                        new HostPort("b2.kafka.internal", 9093));
        assertThatCode(() -> reach.checkAll(WHAT, "PLAINTEXT://b1.kafka.internal:9092, [fd00::1]:9093, "
                + "b2.kafka.internal:9093")).doesNotThrowAnyException();
        assertThatThrownBy(() -> reach.checkAll(WHAT, "b1.kafka.internal:9092,127.0.0.1:9092"))
                .hasMessageContaining("names 127.0.0.1:9092, which jobs may not reach");
    }

    @Test
    void bootstrapServersKafkaWouldReadOtherwiseAreRefused() {
        NetworkReach reach = reach("*.kafka.internal:*");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("b1.kafka.internal", "names 'b1.kafka.internal', which has no port (Kafka takes host:port)");
        bad.put("b1.kafka.internal:", "which has no port");
        bad.put(":9092", "names ':9092', which has no host (Kafka would take this machine)");
        bad.put("SASL_SSL://:9092", "which has no host");
        bad.put("b1.kafka.internal :9092", "which is not host:port");
        bad.put("evil@b1.kafka.internal:9092", "which is not host:port");
        bad.put("x/y/b1.kafka.internal:9092", "which is not host:port");
        bad.put("::1:9092", "which is not host:port");
        bad.put("[kafka]:9092", "whose host in brackets is not an IPv6 address");
        bad.put("b1.kafka.internal:123456", "whose port is not one from 1 to 65535");
        bad.put("", "names no host");
        bad.put(" , ", "names no host");
        bad.forEach((servers, why) -> assertThatThrownBy(() -> reach.checkAll(WHAT, servers)).as(servers)
                .isInstanceOf(PolicyViolation.class).hasMessageStartingWith(WHAT).hasMessageContaining(why));
    }

    @Test
    void withTheRealResolverAndInterfacesEveryWayOfWritingThisMachineIsThisMachine() throws Exception {
        NetworkReach reach = new NetworkReach(List.of("0.0.0.0/0:*", "[::/0]:*"), () -> Set.of(8081));
        List<String> hosts = new java.util.ArrayList<>(List.of("localhost", "127.1", "2130706433", "0", "[::1]",
                "::ffff:127.0.0.1"));
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface
                .getNetworkInterfaces())) {
            nic.inetAddresses().filter(a -> !a.isLinkLocalAddress()).map(NetworkReach::shown)
                    .forEach(hosts::add);
        }
        for (String host : hosts) {
            refused(reach, host, 8081, "is the service's own port on this machine");
            allowed(reach, host, 8082);
        }
        refused(new NetworkReach(List.of("*.internal:*"), Set::of), "2130706433", 80, "(resolved to 127.0.0.1), "
                + "which jobs may not reach");
        refused(reach, "fe80::1%eth0", 80, "whose host is neither a name nor an address");
    }

    @Test
    void addressesAreShownAsPeopleWriteThem() {
        assertThat(NetworkReach.shown(address("::1"))).isEqualTo("::1");
        assertThat(NetworkReach.shown(address("::"))).isEqualTo("::");
        assertThat(NetworkReach.shown(address("fd00:0:0:1::5"))).isEqualTo("fd00:0:0:1::5");
        assertThat(NetworkReach.shown(address("fe80:0:0:1:0:0:0:0"))).isEqualTo("fe80:0:0:1::");
        assertThat(NetworkReach.shown(address("fe80:0:0:0:1:0:0:0"))).isEqualTo("fe80::1:0:0:0");
        assertThat(NetworkReach.shown(address("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(NetworkReach.shown(address("10.0.0.1"))).isEqualTo("10.0.0.1");
    }
}
