package dev.dlirun.adapters.client.flink;

import dev.dlirun.adapters.client.flink.cluster.JobLogFiles;
import dev.dlirun.adapters.client.local.runtime.LaunchLog;
import dev.dlirun.adapters.client.local.runtime.RootCauses;
import dev.dlirun.adapters.client.local.runtime.RuntimeJobId;
import dev.dlirun.adapters.client.local.runtime.RuntimeUnavailableException;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.rest.messages.EmptyMessageParameters;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagerInfo;
import org.apache.flink.runtime.rest.messages.taskmanager.TaskManagersHeaders;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.dlirun.adapters.client.flink.ServiceCluster.CALL_TIMEOUT;

/**
 * A launch's log on a remote session cluster: Flink's REST API offers each process's whole log file
 * ({@code /jobmanager/log}, {@code /taskmanagers/<id>/log}), not a job's records, and Flink's own log pattern does not
 * print the job id Flink tags records with. What can be told apart is what names the job: the lines of those files that
 * hold the launch's Flink id, each with the lines that continue its record (a stack trace). The answer says what is
 * missing: the records of the job that do not name it (most of what its tasks log), and whatever the processes' files
 * no longer hold. Each file is read as a stream, at most {@link #MAX_BYTES_PER_FILE} of it.
 */
final class RemoteJobLogs {

    /** What of one process's log file is read at most: the cluster's whole log is not the service's to copy. */
    static final long MAX_BYTES_PER_FILE = 64L * 1024 * 1024;
    /** A line that begins a record, as Flink's default log pattern writes it ({@code 2026-12-07 06:00:04,123 ...}). */
    private static final Pattern RECORD_START = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}.*");

    static final String MISSING = "A remote Flink cluster keeps no log per job: these are the lines of its JobManager's "
            + "and TaskManagers' log files (as its REST API offers them) that name the launch's Flink id, with the "
            + "lines that continue them. Missing: the job's records that do not name it (most of what its tasks "
            + "log), and what the processes' files no longer hold (rolled away, or a process started again).";

    private final URI rest;
    private final Optional<FlinkSettings.RestTls> tls;
    /** The TLS context of the cluster's REST API, built from the stores at the first https call and kept. */
    private volatile SSLContext context;

    RemoteJobLogs(URI rest, Optional<FlinkSettings.RestTls> tls) {
        this.rest = rest;
        this.tls = tls;
    }

    LaunchLog tail(RestClusterClient<String> flink, RuntimeJobId launch, int limit) {
        Deque<LaunchLog.Line> last = new ArrayDeque<>();
        List<String> unreadable = new ArrayList<>();
        boolean[] more = {false};
        read("/jobmanager/log", "jobmanager", launch, limit, last, unreadable, more);
        for (String taskManager : taskManagers(flink)) {
            read("/taskmanagers/" + URLEncoder.encode(taskManager, StandardCharsets.UTF_8) + "/log",
                    "taskmanager " + taskManager, launch, limit, last, unreadable, more);
        }
        String missing = unreadable.isEmpty() ? MISSING
                : MISSING + " Not readable through the REST API: " + String.join("; ", unreadable) + ".";
        return new LaunchLog(new ArrayList<>(last), more[0], Optional.of(missing));
    }

    private List<String> taskManagers(RestClusterClient<String> flink) {
        try {
            return flink.sendRequest(TaskManagersHeaders.getInstance(), EmptyMessageParameters.getInstance(),
                            EmptyRequestBody.getInstance()).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .getTaskManagerInfos().stream().map(TaskManagerInfo::getResourceId)
                    .map(Object::toString).sorted().toList();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeUnavailableException("interrupted while asking Flink for its TaskManagers", e);
        } catch (Exception e) {
            throw new RuntimeUnavailableException("cannot ask the Flink cluster at " + rest + " for its TaskManagers: "
                    + RootCauses.describe(e), e);
        }
    }

    /** Adds the lines of {@code path} that name the launch (and continue such a record) to {@code last}. */
    private void read(String path, String process, RuntimeJobId launch, int limit, Deque<LaunchLog.Line> last,
                      List<String> unreadable, boolean[] more) {
        HttpURLConnection connection = null;
        try {
            connection = open(rest.resolve(path));
            int status = connection.getResponseCode();
            if (status != 200) {
                unreadable.add(process + "'s log (HTTP " + status + ")");
                return;
            }
            try (InputStream body = connection.getInputStream();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(new BoundedInput(body,
                         MAX_BYTES_PER_FILE), StandardCharsets.UTF_8))) {
                boolean inRecord = false;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (RECORD_START.matcher(line).matches()) {
                        inRecord = line.contains(launch.value());
                    }
                    if (inRecord) {
                        last.addLast(new LaunchLog.Line(process, JobLogFiles.bounded(line)));
                        if (last.size() > limit) {
                            last.removeFirst();
                            more[0] = true;
                        }
                    }
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            unreadable.add(process + "'s log (" + RootCauses.describe(e) + ")");
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private HttpURLConnection open(URI uri) throws IOException, GeneralSecurityException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout((int) CALL_TIMEOUT.toMillis());
        connection.setReadTimeout((int) CALL_TIMEOUT.toMillis());
        if (connection instanceof HttpsURLConnection https && tls.isPresent()) {
            SSLContext built = context;
            if (built == null) {
                built = context(tls.get());
                context = built;
            }
            https.setSSLSocketFactory(built.getSocketFactory());
        }
        return connection;
    }

    /** The service's key and its trust in the cluster, as the REST client is given them. */
    private static SSLContext context(FlinkSettings.RestTls tls) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.keystore())) {
            keys.load(in, tls.keystorePassword().toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.truststore())) {
            trusted.load(in, tls.truststorePassword().toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, tls.keystorePassword().toCharArray());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** A stream that ends after {@code max} bytes. */
    private static final class BoundedInput extends java.io.FilterInputStream {
        private long left;

        BoundedInput(InputStream in, long max) {
            super(in);
            this.left = max;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
