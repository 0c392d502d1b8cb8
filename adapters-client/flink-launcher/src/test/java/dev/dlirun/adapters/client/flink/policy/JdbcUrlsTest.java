package dev.dlirun.adapters.client.flink.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JDBC URLs read as their drivers read them: hosts, and every parameter by allowlist. */
class JdbcUrlsTest {

    private static final String WHAT = "table orders: 'url'";
    private static final String SECRET = "S3cr3t-pw";

    @TempDir
    Path project;

    private JdbcUrls.JdbcUrl parse(String url) {
        return JdbcUrls.parse(WHAT, url, project);
    }

    private void refused(String url, String message) {
        assertThatThrownBy(() -> parse(url)).as(url).isInstanceOf(PolicyViolation.class)
                .hasMessageStartingWith(WHAT).hasMessageContaining(message).message().doesNotContain(SECRET);
    }

    private static HostPort at(String host, int port) {
        return new HostPort(host, port);
    }

    /** The parameters of a URL handed to the driver, decoded as PostgreSQL's driver decodes them. */
    private static Map<String, String> parameters(String url) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String parameter : url.substring(url.indexOf('?') + 1).split("&")) {
            int equals = parameter.indexOf('=');
            if (!parameter.isEmpty()) {
                parameters.put(equals < 0 ? parameter : parameter.substring(0, equals),
                        equals < 0 ? "" : URLDecoder.decode(parameter.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }

    /** The TLS files PostgreSQL's driver reads, in the project's directory, where the URL names none. */
    private Map<String, String> projectsTlsFiles() throws java.io.IOException {
        Path root = project.toRealPath();
        return Map.of("sslcert", root.resolve(".postgresql/postgresql.crt").toString(),
                "sslkey", root.resolve(".postgresql/postgresql.pk8").toString(),
                "sslrootcert", root.resolve(".postgresql/root.crt").toString());
    }

    @Test
    void postgresqlHostsAreReadAsItsDriverReadsThem() throws Exception {
        Map<String, List<HostPort>> urls = new LinkedHashMap<>();
        urls.put("jdbc:postgresql://db.internal/orders", List.of(at("db.internal", 5432)));
        urls.put("jdbc:postgresql://db.internal:6543/orders?sslmode=require", List.of(at("db.internal", 6543)));
        urls.put("jdbc:postgresql://a.internal,b.internal:5433,[fd00::1]:5434,[fd00::2]/orders",
                List.of(at("a.internal", 5432), at("b.internal", 5433), at("fd00::1", 5434), at("fd00::2", 5432)));
        urls.put("jdbc:postgresql://10.0.0.5:5432/", List.of(at("10.0.0.5", 5432)));
        urls.put("jdbc:postgresql:orders", List.of(at("localhost", 5432)));
        urls.put("jdbc:postgresql:", List.of(at("localhost", 5432)));
        urls.put("jdbc:postgresql://", List.of(at("localhost", 5432)));
        urls.put("jdbc:postgresql:///", List.of(at("localhost", 5432)));
        urls.put("jdbc:postgresql:///orders", List.of(at("localhost", 5432)));
        urls.put("jdbc:postgresql://:5433/orders", List.of(at("localhost", 5433)));
        urls.put("jdbc:postgresql://,db.internal/orders", List.of(at("localhost", 5432), at("db.internal", 5432)));
        urls.forEach((url, hosts) -> {
            JdbcUrls.JdbcUrl parsed = parse(url);
            assertThat(parsed.driver()).as(url).isEqualTo("postgresql");
            assertThat(parsed.hosts()).as(url).isEqualTo(hosts);
            assertThat(parsed.url()).as(url).startsWith(url.contains("?") ? url : url + "?");
        });
        // The driver would read the TLS files of the service's home where the URL names none: the project's instead.
        JdbcUrls.JdbcUrl parsed = parse("jdbc:postgresql://db.internal/orders?sslmode=verify-full");
        assertThat(parsed.url()).startsWith("jdbc:postgresql://db.internal/orders?sslmode=verify-full&sslcert=");
        Map<String, String> expected = new LinkedHashMap<>(Map.of("sslmode", "verify-full"));
        expected.putAll(projectsTlsFiles());
        assertThat(parameters(parsed.url())).isEqualTo(expected);
    }

    @Test
    void postgresqlUrlsItsDriverWouldNotReadOrThatHideAHostAreRefused() {
        refused("jdbc:postgresql://db.internal", "has no '/' after its hosts");
        refused("jdbc:postgresql://db.internal/orders/x", "has more than one '/' after its hosts");
        refused("jdbc:postgresql:/orders", "is not a URL PostgreSQL's driver reads");
        refused("jdbc:postgresql://db.internal:http/orders", "with a port that is not a number from 1 to 65535");
        refused("jdbc:postgresql://db.internal:0/orders", "with a port that is not a number from 1 to 65535");
        refused("jdbc:postgresql://db.internal:65536/orders", "with a port that is not a number from 1 to 65535");
        refused("jdbc:postgresql://::1/orders", "which is not a name or an address (IPv6 ones in brackets)");
        refused("jdbc:postgresql://[db.internal]/orders", "which is not a name or an address");
        refused("jdbc:postgresql://[fd00::zz]:5432/orders", "which is not a name or an address");
        refused("jdbc:postgresql://me:" + SECRET + "@db.internal:5432/orders", "names a host with a user before it");
        refused("jdbc:postgresql://me:" + SECRET + "@db.internal/orders", "names a host with a user before it");
        refused("jdbc:postgresql://" + SECRET + "@db.internal/orders", "names a host with a user before it");
        refused("jdbc:postgresql://db%2einternal/orders", "names the host 'db%2einternal'");
        refused("jdbc:postgresql://db .internal/orders", "names the host 'db .internal'");
        refused("jdbc:postgresql://,/orders", "names no host");
        refused("jdbc:postgresql://db.internal/%zz", "its database is not percent-encoded as the driver reads it");
    }

    @Test
    void postgresqlParametersAreAllowedByNameAsWrittenAndTheirValuesDecoded() {
        String url = "jdbc:postgresql://db.internal/orders?sslmode=verify-full&ApplicationName=my%20job&user=me"
                + "&password=" + SECRET + "&connectTimeout=5&options=-c%20search_path%3Dsales&tcpKeepAlive"
                + "&&reWriteBatchedInserts=true&gssEncMode=disable&targetServerType=preferSecondary&";
        assertThat(parse(url).url()).startsWith(url.substring(0, url.length() - 1) + "&sslcert=");
        assertThat(parse(url).toString()).doesNotContain(SECRET).contains("db.internal:5432");

        refused("jdbc:postgresql://db.internal/orders?password=" + SECRET + "&socketFactory=org.h2.Driver",
                "sets the driver parameter 'socketFactory', which no job may set: it names a class to load");
        refused("jdbc:postgresql://db.internal/orders?sslfactoryarg=x", "it is handed to a class another parameter "
                + "names");
        refused("jdbc:postgresql://db.internal/orders?loggerFile=/tmp/x", "'loggerFile', which no job may set: it "
                + "writes a file");
        refused("jdbc:postgresql://db.internal/orders?service=prod", "(pg_service.conf)");
        refused("jdbc:postgresql://db.internal/orders?jaasLogin=true", "this machine's Kerberos");
        refused("jdbc:postgresql://db.internal/orders?gssEncMode=require", "'gssEncMode', which may be allow, "
                + "disable only; got 'require'");
        refused("jdbc:postgresql://db.internal/orders?sslmode=sometimes", "'sslmode', which may be allow, disable, "
                + "prefer, require, verify-ca, verify-full only; got 'sometimes'");
        // The driver does not decode names: %73ocketFactory is no parameter to it, and none this service allows.
        refused("jdbc:postgresql://db.internal/orders?%73ocketFactory=org.h2.Driver", "sets the driver parameter "
                + "'%73ocketFactory', which this service does not allow for PostgreSQL; it allows "
                + "ApplicationName, assumeMinServerVersion, autosave, ");
        // Names are case-sensitive to the driver, so another case is another (unknown) parameter.
        refused("jdbc:postgresql://db.internal/orders?SocketFactory=x", "'SocketFactory', which this service does not "
                + "allow for PostgreSQL");
        refused("jdbc:postgresql://db.internal/orders?=x", "gives a parameter without a name");
        refused("jdbc:postgresql://db.internal/orders?password=%zz" + SECRET, "the value of the parameter "
                + "'password' is not percent-encoded as the driver reads it");
    }

    @Test
    void postgresqlParametersThatWouldMoveTheConnectionElsewhereAreRefusedInAnyCase() {
        for (String parameter : new String[]{"host", "Host", "HOST", "port", "dbname", "PGHOST", "PGPORT", "pgdbname",
                "host"}) {
            refused("jdbc:postgresql://db.internal/orders?" + parameter + "=127.0.0.1", "'" + parameter
                    + "', which no job may set: the URL's hosts alone say where the driver connects");
        }
        refused("jdbc:postgresql:orders?host", "'host', which no job may set");
        refused("jdbc:postgresql://db.internal/orders?localSocketAddress=10.0.0.1", "picks the address of this "
                + "machine the connection leaves from");
    }

    @Test
    void postgresqlFilesLieInsideTheProjectAndReachTheDriverAsAbsolutePaths() throws Exception {
        Path root = project.toRealPath();
        Files.createDirectories(root.resolve("certs"));
        JdbcUrls.JdbcUrl parsed = parse("jdbc:postgresql://db.internal/orders?sslmode=verify-full"
                + "&sslrootcert=certs/root%20ca.crt&user=me&password=" + SECRET + "&sslkey=certs/../client.pk8");
        assertThat(parsed.url()).startsWith("jdbc:postgresql://db.internal/orders?sslmode=verify-full&sslrootcert=");
        assertThat(parameters(parsed.url())).containsExactly(Map.entry("sslmode", "verify-full"),
                Map.entry("sslrootcert", root.resolve("certs/root ca.crt").toString()),
                Map.entry("user", "me"), Map.entry("password", SECRET),
                Map.entry("sslkey", root.resolve("client.pk8").toString()),
                Map.entry("sslcert", projectsTlsFiles().get("sslcert")));

        for (String outside : new String[]{"/etc/ssl/private/server.key", "../other/key.pk8", "file:///root/.ssh/id",
                "%2Fetc%2Fpasswd", ""}) {
            refused("jdbc:postgresql://db.internal/orders?password=" + SECRET + "&sslcert=" + outside,
                    "sets the driver parameter 'sslcert', which must name a file inside the project's own directory");
        }
    }

    @Test
    void mysqlHostsAreReadInThePlainFormsOnly() {
        Map<String, List<HostPort>> urls = new LinkedHashMap<>();
        urls.put("jdbc:mysql://db.internal/orders", List.of(at("db.internal", 3306)));
        urls.put("jdbc:mysql://db.internal:3307/orders?useSSL=true", List.of(at("db.internal", 3307)));
        urls.put("jdbc:mysql://db.internal:3307?useSSL=true", List.of(at("db.internal", 3307)));
        urls.put("jdbc:mysql://a.internal,[fd00::1]:3307,[fd00::2]/orders",
                List.of(at("a.internal", 3306), at("fd00::1", 3307), at("fd00::2", 3306)));
        urls.put("jdbc:mysql:///orders", List.of(at("localhost", 3306)));
        urls.put("jdbc:mysql://", List.of(at("localhost", 3306)));
        urls.put("jdbc:mysql:loadbalance://a.internal:3306,b.internal:3306/orders",
                List.of(at("a.internal", 3306), at("b.internal", 3306)));
        urls.put("jdbc:mysql:replication://source.internal,replica.internal/orders",
                List.of(at("source.internal", 3306), at("replica.internal", 3306)));
        urls.forEach((url, hosts) -> {
            JdbcUrls.JdbcUrl parsed = parse(url);
            assertThat(parsed.driver()).as(url).isEqualTo("mysql");
            assertThat(parsed.hosts()).as(url).isEqualTo(hosts);
            assertThat(parsed.url()).as(url).isEqualTo(url);
        });
    }

    @Test
    void mysqlFormsThatCouldCarryHostsOrParametersPastTheCheckAreRefused() {
        refused("jdbc:mysql://address=(host=db.internal)(port=3306)(autoDeserialize=true)/orders",
                "names its hosts in the (key=value) or address=(...) form, which this service does not read");
        refused("jdbc:mysql://(host=db.internal,port=3306,allowLoadLocalInfile=true)/orders", "(key=value)");
        refused("jdbc:mysql://[db1.internal,db2.internal]/orders", "names the host '[db1.internal', which is not "
                + "host[:port]");
        refused("jdbc:mysql://me:" + SECRET + "@db.internal/orders", "gives a user before its hosts");
        refused("jdbc:mysql+srv://_mysql._tcp.internal/orders", "is a form of MySQL URL this service does not read");
        refused("jdbc:mysql:orders", "is a form of MySQL URL this service does not read");
        refused("jdbc:mysql://db.internal/orders#?autoDeserialize=true", "holds a '#'");
        refused("jdbc:mysql://db.internal/orders? autoDeserialize=true", "holds spaces or control characters");
        refused("jdbc:mysql://db.internal/orders?\tautoDeserialize=true", "holds spaces or control characters");
        refused("jdbc:mysql://db.internal//orders", "has more than one '/' after its hosts");
        refused("jdbc:mysql://db.internal/orders??autoDeserialize=true", "has more than one '?'");
        refused("jdbc:mysql://db.internal,,other.internal/orders", "names the host ''");
        refused("jdbc:mysql://db%2Einternal/orders", "names the host 'db%2Einternal'");
        refused("jdbc:mysql://db.internal:99999/orders", "with a port that is not a number from 1 to 65535");
        refused("jdbc:mysql://::1/orders", "names the host '::1', which is not host[:port]");
    }

    @Test
    void mysqlParametersAreComparedWithoutCaseAndDecodedAsConnectorJDoes() {
        String url = "jdbc:mysql://db.internal/orders?useSSL=true&SSLMODE=verify_identity&serverTimezone=Europe/Berlin"
                + "&user=me&password=" + SECRET + "&rewriteBatchedStatements=true&characterEncoding=utf8&&useUnicode";
        assertThat(parse(url).url()).isEqualTo(url);

        for (String name : new String[]{"autoDeserialize", "AUTODESERIALIZE", "autodeserialize", "%61utoDeserialize",
                "autoDeseriali%7Ae"}) {
            refused("jdbc:mysql://db.internal/orders?password=" + SECRET + "&" + name + "=true",
                    "which no job may set: it makes the driver deserialize Java objects the server sends");
        }
        refused("jdbc:mysql://db.internal/orders?allowLoadLocalInfile=true", "it lets the server read files of this "
                + "machine's");
        refused("jdbc:mysql://db.internal/orders?allowLoadLocalInfileInPath=/", "it lets the server read files");
        refused("jdbc:mysql://db.internal/orders?allowUrlInLocalInfile=true", "read URLs and files");
        refused("jdbc:mysql://db.internal/orders?queryInterceptors=com.evil.I", "it names a class to load");
        refused("jdbc:mysql://db.internal/orders?%73ocketFactory=com.evil.F", "'socketFactory', which no job may set: "
                + "it names a class to load");
        refused("jdbc:mysql://db.internal/orders?ha.loadBalanceStrategy=com.evil.S", "it names a class to load");
        refused("jdbc:mysql://db.internal/orders?trustCertificateKeyStoreUrl=file:/etc/ssl", "it reads a file or URL");
        refused("jdbc:mysql://db.internal/orders?serverRSAPublicKeyFile=/etc/passwd", "it reads a file or URL");
        refused("jdbc:mysql://db.internal/orders?replicationConnectionGroup=g", "groups shared across the service's "
                + "JVM");
        refused("jdbc:mysql://db.internal/orders?socksProxyHost=127.0.0.1", "through a proxy");
        for (String where : new String[]{"host", "HOST", "port", "Port", "protocol", "path", "namedPipePath", "dnsSrv",
                "address"}) {
            refused("jdbc:mysql:///orders?" + where + "=127.0.0.1", "the URL's hosts alone say where the driver "
                    + "connects");
        }
        refused("jdbc:mysql://db.internal/orders?sslMode=sometimes", "'sslMode', which may be DISABLED, PREFERRED, "
                + "REQUIRED, VERIFY_CA, VERIFY_IDENTITY only; got 'sometimes'");
        refused("jdbc:mysql://db.internal/orders?profileSQL=true", "'profileSQL', which this service does not allow "
                + "for MySQL; it allows allowPublicKeyRetrieval, autoReconnect, ");
        refused("jdbc:mysql://db.internal/orders?%20autoDeserialize=true", "gives a parameter whose name is not "
                + "letters, digits");
        refused("jdbc:mysql://db.internal/orders?auto+Deserialize=true", "gives a parameter whose name is not");
        refused("jdbc:mysql://db.internal/orders?%zzx=true", "the name of a parameter is not percent-encoded");
    }

    @Test
    void otherDriversAreRefusedNamingTheOnesAllowed() {
        refused("jdbc:oracle:thin:@db.internal:1521/orders", "is a URL for the JDBC driver 'oracle', which this "
                + "service does not allow; jobs are given the driver of postgresql");
        refused("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'", "the JDBC driver 'h2'");
        refused("jdbc:postgres://db.internal/orders", "the JDBC driver 'postgres'");
        refused("JDBC:postgresql://db.internal/orders", "is not a JDBC URL");
        refused("postgresql://db.internal/orders", "is not a JDBC URL");
    }

    @Test
    void whatFollowsAPasswordIsNotNamedUnlessItIsAParameterThisServiceKnows() {
        // A password holding an '&' the URL does not percent-encode: the driver takes its rest for a parameter.
        for (String url : new String[]{"jdbc:postgresql://db.internal/orders?password=Correct&Horse",
                "jdbc:postgresql://db.internal/orders?password=Correct&Horse=Battery&user=me",
                "jdbc:postgresql://db.internal/orders?sslpassword=Correct&Horse",
                "jdbc:postgresql://db.internal/orders?password=Correct&socketFactory",
                "jdbc:postgresql://db.internal/orders?password=Correct&Horse=%zzBattery",
                "jdbc:mysql://db.internal/orders?password=Correct&Horse",
                "jdbc:mysql://db.internal/orders?PASSWORD=Correct&Horse=Battery"}) {
            assertThatThrownBy(() -> parse(url)).as(url).isInstanceOf(PolicyViolation.class)
                    .message().doesNotContain("Correct").doesNotContain("Horse").doesNotContain("Battery");
        }
        refused("jdbc:postgresql://db.internal/orders?password=Correct&Horse", "gives a parameter after its password "
                + "that this service does not allow for PostgreSQL; it is not named here, as it may be the rest of the "
                + "password (percent-encode a password's '&' as %26)");
        refused("jdbc:postgresql://db.internal/orders?password=x&socketFactory=y", "'socketFactory', which no job may "
                + "set");
        refused("jdbc:mysql://db.internal/orders?password=x&autoDeserialize=true", "'autoDeserialize', which no job "
                + "may set");
        assertThat(parse("jdbc:postgresql://db.internal/orders?password=x&ssl").hosts())
                .containsExactly(at("db.internal", 5432));
    }

    @Test
    void noMessageEverHoldsAPassword() {
        for (String url : new String[]{
                "jdbc:postgresql://db.internal/orders?password=" + SECRET + "&sslfactory=x",
                "jdbc:postgresql://db.internal/orders?password=" + SECRET + "&nope=1",
                "jdbc:postgresql://u:" + SECRET + "@db.internal/orders",
                "jdbc:postgresql://u:" + SECRET + "@db.internal:5432/orders",
                "jdbc:postgresql://db.internal:" + SECRET + "/orders",
                "jdbc:postgresql://db.internal/orders?sslpassword=" + SECRET + "&sslkey=/etc/key",
                "jdbc:mysql://u:" + SECRET + "@db.internal/orders",
                "jdbc:mysql://db.internal/orders?password=" + SECRET + "&autoDeserialize=true",
                "jdbc:mysql://db.internal/orders?password=" + SECRET + "#",
                "jdbc:mysql://db.internal/orders?password=" + SECRET + "&x y=1",
                "jdbc:mysql://db.internal/orders?password=%zz" + SECRET}) {
            assertThatThrownBy(() -> parse(url)).as(url).isInstanceOf(PolicyViolation.class)
                    .message().doesNotContain(SECRET);
        }
    }
}
