package dev.dlirun.adapters.client.flink.policy;

import java.net.InetAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JDBC URL a job gives (the JDBC connector's {@code url}), read as its driver will read it: the hosts it connects to,
 * for {@link NetworkReach}, and every parameter it gives the driver, each of which must be one this class allows. In
 * Flink's JDBC connector only the URL, {@code username} and {@code password} reach the driver, so the URL is where a
 * job could configure the driver; a parameter nobody allowed here is refused, whatever its name looks like.
 *
 * <p>Two drivers only: PostgreSQL's (pgjdbc 42.7) and MySQL's (Connector/J 8 and 9). PostgreSQL's is read exactly as
 * {@code org.postgresql.Driver.parseURL} reads it: the first {@code ?} ends the hosts, {@code &} separates parameters,
 * names are taken as written (case matters, nothing is decoded: {@code %73ocketFactory} is no parameter to it, and none
 * this class allows), values are percent-decoded. MySQL's takes many forms; this class reads a plain subset of them
 * (hosts as {@code host[:port]} separated by commas, no user before them, no {@code #}, no spaces) and refuses the rest,
 * so that whatever it lets through the driver reads the same way: names and values percent-decoded, names compared
 * without case, as Connector/J does.
 *
 * <p>Allowed are parameters whose values reach only the database server or tune the connection (timeouts, TLS modes,
 * statement caching, types), {@code user} and {@code password} (never shown in a message), and for PostgreSQL the TLS
 * files ({@code sslrootcert}, {@code sslcert}, {@code sslkey}) inside the project's own directory, which the URL handed
 * to the driver names by their absolute path. Refused, each with its reason: what names a class to load, what reads or
 * writes files or URLs of this machine, what lets the server make the driver act on this machine (MySQL's
 * {@code autoDeserialize}, {@code allowLoadLocalInfile}), what uses this machine's Kerberos credentials, and what would
 * say where to connect past the URL's hosts ({@code host}, {@code port}, a proxy, {@code service}).
 *
 * <p>Where a PostgreSQL URL names no TLS file, its driver would read the service's own, in the home of the user the
 * service runs as ({@code ~/.postgresql/root.crt}, {@code postgresql.crt}, {@code postgresql.pk8}), and present that
 * client certificate to the job's server: the URL handed to the driver names the same files in the project's own
 * directory instead ({@link #POSTGRESQL_FILES}).
 *
 * <p>PostgreSQL's {@code options} (and MySQL's {@code sessionVariables}) are allowed: they set the session's server
 * settings when it starts, which the server holds to the same privileges as the user's own {@code SET}; nothing they
 * set reaches this machine.
 */
final class JdbcUrls {

    private static final String POSTGRESQL = "jdbc:postgresql:";
    private static final List<String> MYSQL = List.of("jdbc:mysql://", "jdbc:mysql:loadbalance://",
            "jdbc:mysql:replication://");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern BRACKETED = Pattern.compile("\\[([0-9A-Fa-f:.]+)]");
    private static final Pattern NUMBER = Pattern.compile("[0-9]{1,5}");
    private static final Pattern MYSQL_HOST = Pattern.compile(
            "(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9_.-]+))(?::([0-9]{1,5}))?");

    private static final Rule PLAIN = new Plain();
    private static final Rule FILE = new ProjectFile();
    private static final Rule CLASS = new Refused("it names a class to load, and a job's code comes from its own jars "
            + "only");
    private static final Rule CLASS_ARGUMENT = new Refused("it is handed to a class another parameter names, and no "
            + "job may name one");
    private static final Rule WHERE = new Refused("the URL's hosts alone say where the driver connects, and this "
            + "parameter would say otherwise");
    private static final Rule LOCAL_ADDRESS = new Refused("it picks the address of this machine the connection leaves "
            + "from");
    private static final Rule PROXY = new Refused("it sends the connection through a proxy, which this service does "
            + "not check");
    private static final Rule KERBEROS = new Refused("it concerns logging in with this machine's Kerberos or SSPI "
            + "credentials, which are the service's");
    private static final Rule READS_FILE = new Refused("it reads a file or URL of this machine's, and a job's files "
            + "are in its project's own directory");
    private static final Rule SHARED = new Refused("it joins the connection to groups shared across the service's "
            + "JVM (managed over JMX)");

    /**
     * The files PostgreSQL's driver reads for TLS when the URL names none, in the user's home, and where in the
     * project's own directory the URL handed to the driver names them instead.
     */
    static final Map<String, String> POSTGRESQL_FILES = Map.of("sslrootcert", ".postgresql/root.crt",
            "sslcert", ".postgresql/postgresql.crt", "sslkey", ".postgresql/postgresql.pk8");

    /** PostgreSQL's parameters, by their exact names. */
    static final Map<String, Rule> POSTGRESQL_PARAMETERS;
    /** MySQL's parameters, by their names as Connector/J writes them; it reads them in any case. */
    static final Map<String, Rule> MYSQL_PARAMETERS;
    private static final Map<String, Rule> MYSQL_BY_LOWER_CASE;

    static {
        Map<String, Rule> pg = new HashMap<>();
        for (String plain : new String[]{"user", "password", "sslpassword", "ApplicationName", "assumeMinServerVersion",
                "binaryTransfer", "cancelSignalTimeout", "cleanupSavepoints", "connectTimeout", "currentSchema",
                "defaultRowFetchSize", "hostRecheckSeconds", "loadBalanceHosts", "loginTimeout", "options",
                "prepareThreshold", "preparedStatementCacheQueries", "preparedStatementCacheSizeMiB", "queryTimeout",
                "readOnly", "reWriteBatchedInserts", "reWriteBatchedInsertsSize", "requireAuth", "socketTimeout",
                "ssl", "sslResponseTimeout", "tcpKeepAlive", "tcpNoDelay"}) {
            pg.put(plain, PLAIN);
        }
        pg.put("sslmode", OneOf.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full"));
        pg.put("sslNegotiation", OneOf.of("postgres", "direct"));
        pg.put("channelBinding", OneOf.of("disable", "prefer", "require"));
        // GSS encryption logs in with this machine's Kerberos credentials; a job may only keep it from being tried.
        pg.put("gssEncMode", OneOf.of("disable", "allow"));
        pg.put("autosave", OneOf.of("always", "never", "conservative"));
        pg.put("preferQueryMode", OneOf.of("extended", "extendedForPrepared", "extendedCacheEverything", "simple"));
        pg.put("readOnlyMode", OneOf.of("ignore", "transaction", "always"));
        pg.put("stringtype", OneOf.of("unspecified", "varchar"));
        pg.put("targetServerType", OneOf.of("any", "primary", "master", "secondary", "slave", "preferSecondary",
                "preferSlave", "preferPrimary"));
        pg.put("sslrootcert", FILE);
        pg.put("sslcert", FILE);
        pg.put("sslkey", FILE);
        for (String refused : new String[]{"socketFactory", "sslfactory", "sslhostnameverifier", "sslpasswordcallback",
                "authenticationPluginClassName", "connectExecutor", "xmlFactoryFactory"}) {
            pg.put(refused, CLASS);
        }
        for (String refused : new String[]{"socketFactoryArg", "sslfactoryarg", "connectExecutorArg"}) {
            pg.put(refused, CLASS_ARGUMENT);
        }
        for (String refused : new String[]{"gsslib", "gssUseDefaultCreds", "jaasApplicationName", "jaasLogin",
                "kerberosServerName", "useSpnego", "sspiServiceClass"}) {
            pg.put(refused, KERBEROS);
        }
        pg.put("classLoaderStrategy", new Refused("it decides where the classes other parameters name are loaded "
                + "from"));
        pg.put("loggerFile", new Refused("it writes a file (the driver's log)"));
        pg.put("loggerLevel", new Refused("it turns on the driver's own logging, which is the service's"));
        pg.put("service", new Refused("it reads where and how to connect from a file of this machine's "
                + "(pg_service.conf)"));
        pg.put("localSocketAddress", LOCAL_ADDRESS);
        for (String where : new String[]{"PGHOST", "PGPORT", "PGDBNAME"}) {
            pg.put(where, WHERE);
        }
        POSTGRESQL_PARAMETERS = Map.copyOf(pg);

        Map<String, Rule> my = new HashMap<>();
        for (String plain : new String[]{"user", "password", "useSSL", "requireSSL", "verifyServerCertificate",
                "allowPublicKeyRetrieval", "tlsVersions", "enabledTLSProtocols", "tlsCiphersuites",
                "enabledSSLCipherSuites", "connectTimeout", "socketTimeout", "characterEncoding", "useUnicode",
                "connectionCollation", "characterSetResults", "serverTimezone", "connectionTimeZone",
                "forceConnectionTimeZoneToSession", "preserveInstants", "rewriteBatchedStatements",
                "useServerPrepStmts", "cachePrepStmts", "prepStmtCacheSize", "prepStmtCacheSqlLimit",
                "zeroDateTimeBehavior", "tinyInt1isBit", "transformedBitIsBoolean", "yearIsDateType", "useCursorFetch",
                "defaultFetchSize", "tcpKeepAlive", "tcpNoDelay", "useCompression", "sessionVariables", "autoReconnect",
                "failOverReadOnly", "maxReconnects", "initialTimeout", "retriesAllDown"}) {
            my.put(plain, PLAIN);
        }
        my.put("sslMode", OneOf.of("DISABLED", "PREFERRED", "REQUIRED", "VERIFY_CA", "VERIFY_IDENTITY"));
        my.put("autoDeserialize", new Refused("it makes the driver deserialize Java objects the server sends, which can "
                + "run code in the service"));
        for (String refused : new String[]{"allowLoadLocalInfile", "allowLoadLocalInfileInPath"}) {
            my.put(refused, new Refused("it lets the server read files of this machine's (LOAD DATA LOCAL INFILE)"));
        }
        my.put("allowUrlInLocalInfile", new Refused("it lets the server make the driver read URLs and files (LOAD DATA "
                + "LOCAL INFILE)"));
        for (String refused : new String[]{"queryInterceptors", "exceptionInterceptors",
                "connectionLifecycleInterceptors", "statementInterceptors", "socketFactory", "authenticationPlugins",
                "defaultAuthenticationPlugin", "disabledAuthenticationPlugins", "propertiesTransform", "logger",
                "profilerEventHandler", "ha.loadBalanceStrategy", "haLoadBalanceStrategy",
                "loadBalanceExceptionChecker", "clientInfoProvider", "queryInfoCacheFactory", "parseInfoCacheFactory",
                "serverConfigCacheFactory", "authenticationOpenidConnectCallbackHandler",
                "authenticationWebAuthnCallbackHandler"}) {
            my.put(refused, CLASS);
        }
        for (String refused : new String[]{"clientCertificateKeyStoreUrl", "trustCertificateKeyStoreUrl",
                "serverRSAPublicKeyFile", "idTokenFile", "ociConfigFile", "useConfigs"}) {
            my.put(refused, READS_FILE);
        }
        for (String refused : new String[]{"replicationConnectionGroup", "loadBalanceConnectionGroup", "ha.enableJMX",
                "haEnableJMX"}) {
            my.put(refused, SHARED);
        }
        for (String refused : new String[]{"socksProxyHost", "socksProxyPort", "socksProxyRemoteDns"}) {
            my.put(refused, PROXY);
        }
        my.put("localSocketAddress", LOCAL_ADDRESS);
        for (String where : new String[]{"host", "port", "protocol", "path", "namedPipePath", "address", "dbname",
                "type", "priority", "dnsSrv"}) {
            my.put(where, WHERE);
        }
        MYSQL_PARAMETERS = Map.copyOf(my);
        MYSQL_BY_LOWER_CASE = my.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> entry.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
    }

    private JdbcUrls() {
    }

    /**
     * A URL as checked: its driver ({@code postgresql}, {@code mysql}), every host it may connect to, and the URL to
     * hand the driver: MySQL's as given; PostgreSQL's with its TLS files named by their absolute paths inside the
     * project's own directory, also those it names none of.
     */
    record JdbcUrl(String driver, List<HostPort> hosts, String url) {
        JdbcUrl {
            Objects.requireNonNull(driver, "driver");
            hosts = List.copyOf(hosts);
            Objects.requireNonNull(url, "url");
        }

        /** Without the URL, which may hold a password. */
        @Override
        public String toString() {
            return "JdbcUrl[" + driver + " " + hosts + "]";
        }
    }

    /** What a driver parameter may hold. */
    sealed interface Rule {
    }

    /** A value that reaches only the database server, or tunes the connection. Never shown in a message. */
    record Plain() implements Rule {
    }

    /** One of a few values, in any case. */
    record OneOf(Set<String> values) implements Rule {
        OneOf {
            values = Set.copyOf(values);
        }

        static OneOf of(String... values) {
            return new OneOf(Set.of(values));
        }

        boolean allows(String value) {
            return values.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(value.strip()));
        }
    }

    /** A file inside the project's own directory, which the URL handed to the driver names by its absolute path. */
    record ProjectFile() implements Rule {
    }

    /** Never taken from a job; {@code why} says why. */
    record Refused(String why) implements Rule {
        Refused {
            Objects.requireNonNull(why, "why");
        }
    }

    /**
     * Reads a job's JDBC URL as its driver will and checks every parameter it gives.
     *
     * @param what             what gives the URL, for messages: {@code table orders: 'url'}
     * @param projectDirectory the project's own directory, where files the URL names must lie
     * @throws PolicyViolation when the URL is for another driver, in a form this class does not read, or gives a
     *                         parameter that is not allowed; the message never holds the URL or a parameter's value,
     *                         but for the values of parameters that take one of a few
     */
    static JdbcUrl parse(String what, String url, Path projectDirectory) {
        if (url.startsWith(POSTGRESQL)) {
            return postgresql(what, url, projectDirectory);
        }
        for (String prefix : MYSQL) {
            if (url.startsWith(prefix)) {
                return mysql(what, url, prefix);
            }
        }
        Matcher driver = Pattern.compile("jdbc:([A-Za-z0-9+._-]{1,40})(:.*)?", Pattern.DOTALL).matcher(url);
        if (!driver.matches()) {
            throw new PolicyViolation(what + " is not a JDBC URL (jdbc:postgresql://host:port/database or "
                    + "jdbc:mysql://host:port/database)");
        }
        if (driver.group(1).startsWith("mysql")) {
            throw new PolicyViolation(what + " is a form of MySQL URL this service does not read; it reads "
                    + String.join(", ", MYSQL) + " followed by host:port, ...");
        }
        throw new PolicyViolation(what + " is a URL for the JDBC driver '" + driver.group(1) + "', which this service "
                + "does not allow; jobs are given the driver of " + String.join(", ",
                new TreeSet<>(TableOptions.JDBC_DRIVERS_HERE)));
    }

    private static JdbcUrl postgresql(String what, String url, Path projectDirectory) {
        int question = url.indexOf('?');
        String server = question < 0 ? url : url.substring(0, question);
        String rest = server.substring(POSTGRESQL.length());
        String form = " (jdbc:postgresql://host:port,.../database?parameter=value&... or jdbc:postgresql:database)";
        List<HostPort> hosts = new ArrayList<>();
        if (rest.equals("//") || rest.equals("///")) {
            hosts.add(new HostPort("localhost", 5432));
        } else if (rest.startsWith("//")) {
            String authority = rest.substring(2);
            if (authority.chars().filter(c -> c == '/').count() > 1) {
                throw new PolicyViolation(what + " has more than one '/' after its hosts, which PostgreSQL's driver "
                        + "does not read" + form);
            }
            int slash = authority.indexOf('/');
            if (slash < 0) {
                throw new PolicyViolation(what + " has no '/' after its hosts, which PostgreSQL's driver needs" + form);
            }
            decoded(what, authority.substring(slash + 1), "its database");
            String[] addresses = authority.substring(0, slash).split(",");
            if (addresses.length == 0) {
                throw new PolicyViolation(what + " names no host" + form);
            }
            for (String address : addresses) {
                if (address.indexOf('@') >= 0) {
                    throw new PolicyViolation(what + " names a host with a user before it, which PostgreSQL's driver "
                            + "does not read; give the user and password as the table's username and password" + form);
                }
                int colon = address.lastIndexOf(':');
                boolean withPort = colon >= 0 && address.lastIndexOf(']') < colon;
                hosts.add(hostPort(what, withPort ? address.substring(0, colon) : address,
                        withPort ? address.substring(colon + 1) : "5432", form));
            }
        } else if (rest.startsWith("/")) {
            throw new PolicyViolation(what + " is not a URL PostgreSQL's driver reads" + form);
        } else {
            decoded(what, rest, "its database");
            hosts.add(new HostPort("localhost", 5432));
        }

        List<String> parameters = new ArrayList<>();
        Map<String, String> files = new TreeMap<>(POSTGRESQL_FILES);
        boolean afterSecret = false;
        for (String parameter : question < 0 ? new String[0] : url.substring(question + 1).split("&")) {
            if (parameter.isEmpty()) {
                parameters.add(parameter);
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String upper = name.toUpperCase(Locale.ROOT);
            // The driver takes host, port and dbname in any case for PGHOST, PGPORT and PGDBNAME.
            Rule rule = Set.of("HOST", "PORT", "DBNAME", "PGHOST", "PGPORT", "PGDBNAME").contains(upper) ? WHERE
                    : POSTGRESQL_PARAMETERS.get(name);
            boolean named = !afterSecret || equals >= 0 && rule != null;
            String value = equals < 0 ? "" : decoded(what, parameter.substring(equals + 1),
                    "the value of " + (named ? "the parameter " + shownName(name) : "a parameter"));
            Optional<String> file = checked(what, "PostgreSQL", POSTGRESQL_PARAMETERS, name, rule, value,
                    projectDirectory, named, !afterSecret);
            afterSecret = name.equals("password") || name.equals("sslpassword");
            if (file.isPresent()) {
                parameters.add(name + "=" + URLEncoder.encode(file.get(), StandardCharsets.UTF_8));
                files.remove(name);
            } else {
                parameters.add(parameter);
            }
        }
        // Where the URL names no file, the driver would take one from the service's home (~/.postgresql/): the
        // project's own directory stands for it instead.
        files.forEach((name, file) -> parameters.add(name + "=" + URLEncoder.encode(Places.inside(projectDirectory,
                file, what + " has its TLS files in the project's own directory").toString(), StandardCharsets.UTF_8)));
        return new JdbcUrl("postgresql", hosts, server + "?" + String.join("&", parameters));
    }

    private static JdbcUrl mysql(String what, String url, String prefix) {
        String form = " (" + prefix + "host:port,.../database?parameter=value&...)";
        String rest = url.substring(prefix.length());
        if (rest.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new PolicyViolation(what + " holds spaces or control characters, which MySQL's driver reads in ways "
                    + "of its own; percent-encode them" + form);
        }
        if (rest.indexOf('#') >= 0) {
            throw new PolicyViolation(what + " holds a '#', which MySQL's driver takes for the start of a fragment it "
                    + "drops; percent-encode it as %23" + form);
        }
        int end = 0;
        while (end < rest.length() && rest.charAt(end) != '/' && rest.charAt(end) != '?') {
            end++;
        }
        String authority = rest.substring(0, end);
        String path = "";
        String query = "";
        if (end < rest.length() && rest.charAt(end) == '/') {
            int question = rest.indexOf('?', end);
            path = rest.substring(end + 1, question < 0 ? rest.length() : question);
            query = question < 0 ? "" : rest.substring(question + 1);
        } else if (end < rest.length()) {
            query = rest.substring(end + 1);
        }
        if (path.indexOf('/') >= 0) {
            throw new PolicyViolation(what + " has more than one '/' after its hosts" + form);
        }
        decoded(what, path, "its database");
        if (query.indexOf('?') >= 0) {
            throw new PolicyViolation(what + " has more than one '?'; percent-encode it as %3F" + form);
        }

        List<HostPort> hosts = new ArrayList<>();
        if (authority.isEmpty()) {
            hosts.add(new HostPort("localhost", 3306));
        } else if (authority.indexOf('@') >= 0) {
            throw new PolicyViolation(what + " gives a user before its hosts, which this service does not read; give "
                    + "the user and password as the table's username and password" + form);
        } else if (authority.indexOf('(') >= 0 || authority.indexOf('=') >= 0) {
            throw new PolicyViolation(what + " names its hosts in the (key=value) or address=(...) form, which this "
                    + "service does not read" + form);
        } else {
            for (String segment : authority.split(",", -1)) {
                Matcher host = MYSQL_HOST.matcher(segment);
                if (!host.matches()) {
                    throw new PolicyViolation(what + " names the host '" + segment + "', which is not host[:port] "
                            + "(lists of hosts in brackets are not read either)" + form);
                }
                boolean bracketed = host.group(1) != null;
                hosts.add(hostPort(what, bracketed ? "[" + host.group(1) + "]" : host.group(2),
                        host.group(3) == null ? "3306" : host.group(3), form));
            }
        }

        boolean afterSecret = false;
        for (String parameter : query.split("&", -1)) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String raw = equals < 0 ? parameter : parameter.substring(0, equals);
            String name = raw.matches("[A-Za-z0-9_.%-]+") ? decoded(what, raw, "the name of a parameter") : "";
            if (!NAME.matcher(name).matches()) {
                throw new PolicyViolation(what + " gives a parameter whose name is not letters, digits, '.', '_' and "
                        + "'-'" + form);
            }
            Rule rule = MYSQL_BY_LOWER_CASE.get(name.toLowerCase(Locale.ROOT));
            boolean named = !afterSecret || equals >= 0 && rule != null;
            String value = equals < 0 ? "" : decoded(what, parameter.substring(equals + 1),
                    "the value of " + (named ? "the parameter " + shownName(name) : "a parameter"));
            checked(what, "MySQL", MYSQL_PARAMETERS, name, rule, value, null, named, !afterSecret);
            afterSecret = name.equalsIgnoreCase("password");
        }
        return new JdbcUrl("mysql", hosts, url);
    }

    /** A host and port as the URL gives them; an empty host is the driver's default, this machine. */
    private static HostPort hostPort(String what, String host, String port, String form) {
        String name = host.isEmpty() ? "localhost" : host;
        Matcher bracketed = BRACKETED.matcher(name);
        if (bracketed.matches()) {
            Optional<InetAddress> address = NetworkReach.literal(bracketed.group(1));
            if (address.isEmpty()) {
                throw new PolicyViolation(what + " names the host '" + name + "', which is not an IPv6 address" + form);
            }
            name = bracketed.group(1);
        } else if (!NAME.matcher(name).matches()) {
            throw new PolicyViolation(what + " names the host '" + name + "', which is not a name or an address (IPv6 "
                    + "ones in brackets)" + form);
        }
        if (!NUMBER.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new PolicyViolation(what + " names the host '" + name + "' with a port that is not a number from 1 "
                    + "to 65535" + form);
        }
        return new HostPort(name, Integer.parseInt(port));
    }

    /**
     * Checks one parameter by its rule.
     *
     * @param named whether a refusal may name the parameter: not one right after a password, which is no parameter
     *              this class knows, or has no value, since it may be the rest of a password holding a '&'
     * @param shown whether a refusal may show the value: not right after a password, where it may be the password's
     *              end ({@code password=pa&sslmode=ss} is one password, "pa&sslmode=ss", written without %26)
     * @return the absolute path a file parameter names instead, if it is one
     */
    private static Optional<String> checked(String what, String driver, Map<String, Rule> rules, String name,
                                            Rule rule, String value, Path projectDirectory, boolean named,
                                            boolean shown) {
        String parameter = what + " sets the driver parameter " + shownName(name);
        if (name.isEmpty()) {
            throw new PolicyViolation(what + " gives a parameter without a name");
        }
        if (!named && (rule == null || rule instanceof Refused || rule instanceof OneOf oneOf && !oneOf.allows(value))) {
            throw new PolicyViolation(what + " gives a parameter after its password that this service does not allow "
                    + "for " + driver + "; it is not named here, as it may be the rest of the password (percent-encode "
                    + "a password's '&' as %26)");
        }
        if (rule == null) {
            throw new PolicyViolation(parameter + ", which this service does not allow for " + driver + "; it allows "
                    + allowed(rules));
        }
        if (rule instanceof Refused refused) {
            throw new PolicyViolation(parameter + ", which no job may set: " + refused.why());
        }
        if (rule instanceof OneOf oneOf && !oneOf.allows(value)) {
            throw new PolicyViolation(parameter + ", which may be " + String.join(", ", new TreeSet<>(oneOf.values()))
                    + " only" + (shown ? "; got '" + value + "'" : " (its value is not shown: it follows the "
                    + "password, and may be the password's end; percent-encode a password's '&' as %26)"));
        }
        if (rule instanceof ProjectFile) {
            String inside = parameter + ", which must name a file inside the project's own directory";
            try {
                return Optional.of(Places.inside(projectDirectory, value, inside).toString());
            } catch (PolicyViolation e) {
                if (shown) {
                    throw e;
                }
                throw new PolicyViolation(inside + " (its value is not shown: it follows the password, and may be the "
                        + "password's end; percent-encode a password's '&' as %26)");
            }
        }
        return Optional.empty();
    }

    private static String allowed(Map<String, Rule> rules) {
        return rules.entrySet().stream().filter(rule -> !(rule.getValue() instanceof Refused)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(() -> new TreeSet<>(String.CASE_INSENSITIVE_ORDER)))
                .stream().collect(Collectors.joining(", "));
    }

    /** A parameter's name between quotes, when it is one to show (letters, digits and a few marks). */
    private static String shownName(String name) {
        return name.matches("[A-Za-z0-9_.%-]{1,100}") ? "'" + name + "'" : "with an odd name";
    }

    /**
     * {@code text} percent-decoded as both drivers decode ({@link URLDecoder}, UTF-8, {@code +} for a space).
     *
     * @throws PolicyViolation when the driver could not decode it
     */
    private static String decoded(String what, String text, String part) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PolicyViolation(what + ": " + part + " is not percent-encoded as the driver reads it");
        }
    }
}
