package dev.dlirun.adapters.client.flink.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The keys that keep the local cluster for the service alone, made anew at every start of the cluster (by the JDK's
 * {@code keytool}, EC P-256, for 127.0.0.1): Flink's REST API takes TLS connections only, from a client that shows the
 * service's certificate ({@code security.ssl.rest.authentication-enabled}); and the cluster's processes talk among
 * themselves (RPC, blobs, data) over mutually authenticated TLS ({@code security.ssl.internal.*}), with a key only
 * they hold. The service's own key lives in a directory only the service can read.
 *
 * @param serverKeystore   the REST API's key (the JobManager's)
 * @param serverTruststore the certificate the REST API accepts from clients: the service's
 * @param internalKeystore the key the cluster's processes show each other, and trust
 * @param clusterPassword  the password of the cluster's three stores
 * @param clientKeystore   the service's key, shown to the REST API
 * @param clientTruststore the certificate the service accepts from the REST API
 * @param clientPassword   the password of the service's two stores
 */
record ClusterTls(Path serverKeystore, Path serverTruststore, Path internalKeystore, String clusterPassword,
                  Path clientKeystore, Path clientTruststore, String clientPassword) {

    private static final String KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    /** TLS 1.3 with AES-GCM only (Flink's default suite list names an RSA key exchange that these keys do not do). */
    static final String PROTOCOL = "TLSv1.3";
    static final String ALGORITHMS = "TLS_AES_256_GCM_SHA384,TLS_AES_128_GCM_SHA256";

    /**
     * Makes the keys: the cluster's under {@code clusterDirectory}, the service's under {@code clientDirectory}
     * (created readable by their owner only).
     */
    static ClusterTls generate(Path clusterDirectory, Path clientDirectory) throws IOException, InterruptedException {
        Path cluster = privateDirectory(clusterDirectory);
        Path client = privateDirectory(clientDirectory);
        String clusterPassword = password();
        String clientPassword = password();
        ClusterTls tls = new ClusterTls(cluster.resolve("rest.p12"), cluster.resolve("rest-clients.p12"),
                cluster.resolve("internal.p12"), clusterPassword, client.resolve("service.p12"),
                client.resolve("rest-server.p12"), clientPassword);
        for (Path store : new Path[]{tls.serverKeystore, tls.serverTruststore, tls.internalKeystore,
                tls.clientKeystore, tls.clientTruststore}) {
            Files.deleteIfExists(store);
        }
        // Three key pairs at once: each keytool is a JVM of its own (about 0.9 s).
        List<Process> running = new ArrayList<>();
        running.add(keyPair(tls.serverKeystore, "dlirun-flink-rest", clusterPassword));
        running.add(keyPair(tls.internalKeystore, "dlirun-flink-internal", clusterPassword));
        running.add(keyPair(tls.clientKeystore, "dlirun-service", clientPassword));
        for (Process keytool : running) {
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
                throw new IOException("keytool could not make the local cluster's keys: " + output.strip());
            }
        }
        try {
            trustOnly(tls.clientKeystore, clientPassword, tls.serverTruststore, clusterPassword);
            trustOnly(tls.serverKeystore, clusterPassword, tls.clientTruststore, clientPassword);
        } catch (GeneralSecurityException e) {
            throw new IOException("the local cluster's trust stores cannot be made: " + e.getMessage(), e);
        }
        return tls;
    }

    private static Path privateDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString(
                    "rwx------"));
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX permissions: the directory's own rules apply
        }
        return directory;
    }

    private static Process keyPair(Path keystore, String name, String password) throws IOException {
        // The password through the environment: a command line can be read by anyone on the machine.
        ProcessBuilder keytool = new ProcessBuilder(KEYTOOL, "-genkeypair", "-alias", name, "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", "3650", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass:env", "DLIRUN_KEYTOOL_PASSWORD", "-keypass:env", "DLIRUN_KEYTOOL_PASSWORD")
                .redirectErrorStream(true);
        keytool.environment().put("DLIRUN_KEYTOOL_PASSWORD", password);
        return keytool.start();
    }

    /** A trust store holding only the certificate of the one key in {@code keystore}. */
    private static void trustOnly(Path keystore, String keystorePassword, Path truststore, String truststorePassword)
            throws IOException, GeneralSecurityException {
        KeyStore keys = load(keystore, keystorePassword);
        String alias = keys.aliases().nextElement();
        Certificate certificate = keys.getCertificate(alias);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(alias, certificate);
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, truststorePassword.toCharArray());
        }
    }

    private static KeyStore load(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        return keys;
    }

    private static String password() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cluster's settings for its REST API and its own connections ({@code config.yaml}). */
    Map<String, String> clusterSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.ssl.protocol", PROTOCOL);
        settings.put("security.ssl.algorithms", ALGORITHMS);
        settings.put("security.ssl.rest.enabled", "true");
        settings.put("security.ssl.rest.authentication-enabled", "true");
        settings.put("security.ssl.rest.keystore", serverKeystore.toString());
        settings.put("security.ssl.rest.keystore-password", clusterPassword);
        settings.put("security.ssl.rest.key-password", clusterPassword);
        settings.put("security.ssl.rest.truststore", serverTruststore.toString());
        settings.put("security.ssl.rest.truststore-password", clusterPassword);
        settings.put("security.ssl.internal.enabled", "true");
        settings.put("security.ssl.internal.keystore", internalKeystore.toString());
        settings.put("security.ssl.internal.keystore-password", clusterPassword);
        settings.put("security.ssl.internal.key-password", clusterPassword);
        settings.put("security.ssl.internal.truststore", internalKeystore.toString());
        settings.put("security.ssl.internal.truststore-password", clusterPassword);
        return settings;
    }

    /** The service's settings as a client of the REST API. */
    Map<String, String> clientSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("security.ssl.protocol", PROTOCOL);
        settings.put("security.ssl.algorithms", ALGORITHMS);
        settings.put("security.ssl.rest.enabled", "true");
        settings.put("security.ssl.rest.authentication-enabled", "true");
        settings.put("security.ssl.rest.keystore", clientKeystore.toString());
        settings.put("security.ssl.rest.keystore-password", clientPassword);
        settings.put("security.ssl.rest.key-password", clientPassword);
        settings.put("security.ssl.rest.truststore", clientTruststore.toString());
        settings.put("security.ssl.rest.truststore-password", clientPassword);
        return settings;
    }

    /** The service's TLS as a plain JDK context, for the cluster's readiness checks. */
    SSLContext clientContext() throws IOException {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeystore, clientPassword), clientPassword.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(clientTruststore, clientPassword));
            SSLContext context = SSLContext.getInstance(PROTOCOL);
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("the service's keys for the local cluster cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ClusterTls[" + serverKeystore.getParent() + ", " + clientKeystore.getParent() + "]";
    }
}
