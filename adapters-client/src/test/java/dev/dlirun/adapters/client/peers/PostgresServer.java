package dev.dlirun.adapters.client.peers;

import com.sun.security.auth.module.UnixSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests, in a process of its own: the machine's own PostgreSQL (Debian's packages put it
 * under {@code /usr/lib/postgresql/<version>/bin}; the system property {@value #BIN_PROPERTY} names another place),
 * a fresh cluster made by {@code initdb}, listening on 127.0.0.1 only, on a port free when it starts, with no Unix
 * socket. It has one user, {@value #USER}, a superuser who signs in with a password ({@value #PASSWORD}, checked with
 * SCRAM-SHA-256, as a job passes {@code username} and {@code password}), and one database of the tests',
 * {@value #DATABASE}.
 *
 * <p>PostgreSQL refuses to run as root: when the tests do, the server runs as the OS user {@value #OS_USER} (through
 * {@code runuser}), and its files live in a directory of that user's under {@code java.io.tmpdir}, since the test's
 * own directories are not open to other users; that directory goes when the server is closed. The server's log is
 * in the test's directory either way.
 *
 * <p>Made for one server per test class: start it in {@code @BeforeAll}, close it in {@code @AfterAll}. Start-up, a
 * new cluster included, takes about a second. It is set up for tests, not for keeping data: nothing is flushed to
 * disk. Prepared transactions (for writers that commit in two phases, such as Flink's exactly-once JDBC sink) and
 * logical decoding (for change-data-capture readers) are on.
 */
public final class PostgresServer implements AutoCloseable {

    /** The system property naming the directory of PostgreSQL's server programs, when not the machine's own. */
    public static final String BIN_PROPERTY = "dlirun.postgres.bin";
    /** The database user, a superuser. */
    public static final String USER = "dlirun";
    /** The database user's password. */
    public static final String PASSWORD = "dlirun-secret";
    /** The database made for the tests. */
    public static final String DATABASE = "dlirun";
    /** Who the server runs as when the tests run as root (Debian's packages make this user). */
    public static final String OS_USER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");

    private final Path bin;
    private final Path data;
    private final Path ownDirectory;
    /** The server's process: another after {@link #startAgain}. */
    private volatile Process process;
    private final int port;
    private final Thread stopper;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private PostgresServer(Path bin, Path data, Path ownDirectory, Process process, int port) {
        this.bin = bin;
        this.data = data;
        this.ownDirectory = ownDirectory;
        this.process = process;
        this.port = port;
        this.stopper = new Thread(() -> stop(true), "stop PostgreSQL " + process.pid());
    }

    /**
     * Makes a cluster and starts a server on it, with its log ({@code postgres.log}, and {@code initdb.log}) in
     * {@code directory}, and returns once the database {@value #DATABASE} takes connections.
     *
     * @throws IllegalStateException when PostgreSQL's programs are missing, or the server did not start in time (with
     *                               the end of its log)
     */
    public static PostgresServer start(Path directory) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Path bin = bin();
        Files.createDirectories(directory);
        boolean asRoot = new UnixSystem().getUid() == 0;
        Path base = directory;
        Path ownDirectory = null;
        if (asRoot) {
            UserPrincipal owner = osUser();
            ownDirectory = Files.createTempDirectory("dlirun-postgres-");
            Files.setOwner(ownDirectory, owner);
            base = ownDirectory;
        }
        try {
            Path data = base.resolve("data");
            initdb(bin, base, data, directory.resolve("initdb.log"), asRoot);
            Path log = directory.resolve("postgres.log");
            for (int attempt = 1; ; attempt++) {
                int port = Peers.freePort();
                Process process = launch(bin, data, port, asRoot, log);
                PostgresServer server = new PostgresServer(bin, data, ownDirectory, process, port);
                Runtime.getRuntime().addShutdownHook(server.stopper);
                try {
                    server.awaitConnections(log);
                    server.executeIn("postgres", "CREATE DATABASE " + DATABASE);
                    LOG.info("PostgreSQL at 127.0.0.1:{} started in {} ({})", port, Peers.secondsSince(started),
                            directory);
                    return server;
                } catch (PortTaken e) {
                    server.stop(false); // the cluster stays for the next try
                    server.removeStopper();
                    if (attempt == Peers.ATTEMPTS) {
                        throw new IllegalStateException("PostgreSQL found its port taken " + attempt
                                + " times; its log, " + log + ", ends:\n" + Peers.tail(log, 30));
                    }
                } catch (InterruptedException | RuntimeException e) {
                    server.close();
                    throw e;
                }
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (ownDirectory != null) {
                deleteQuietly(ownDirectory);
            }
            throw e;
        }
    }

    /** The server on {@code data}, listening on {@code port}, its output appended to {@code log}. */
    private static Process launch(Path bin, Path data, int port, boolean asRoot, Path log) throws IOException {
        return new ProcessBuilder(command(asRoot, bin.resolve("postgres").toString(),
                "-D", data.toString(), "-p", String.valueOf(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", "fsync=off",
                "-c", "synchronous_commit=off",
                "-c", "full_page_writes=off",
                "-c", "max_prepared_transactions=16",
                "-c", "wal_level=logical",
                "-c", "shared_buffers=32MB"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /**
     * Stops the server as an outage would (a fast shutdown: clients cut off), keeping its cluster, so that
     * {@link #startAgain} brings the same databases back on the same port.
     */
    public void stopKeepingData() throws IOException, InterruptedException {
        Process pgCtl = new ProcessBuilder(command(ownDirectory != null, bin.resolve("pg_ctl").toString(),
                "stop", "-D", data.toString(), "-m", "fast", "-w", "-t", "20"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!pgCtl.waitFor(30, TimeUnit.SECONDS)) {
            Peers.kill(pgCtl);
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            Peers.kill(process);
        }
    }

    /**
     * Starts the server stopped by {@link #stopKeepingData} again, on the same cluster and port, and returns once it
     * takes connections, its log appended to {@code log}.
     */
    public void startAgain(Path log) throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException("PostgreSQL is running: stop it first");
        }
        process = launch(bin, data, port, ownDirectory != null, log);
        awaitConnections(log);
    }

    /** PostgreSQL's server programs: {@value #BIN_PROPERTY}, or the newest of Debian's, or pg_config's. */
    private static Path bin() throws IOException, InterruptedException {
        String property = System.getProperty(BIN_PROPERTY);
        Path bin;
        if (property != null) {
            bin = Path.of(property);
        } else if (Files.isDirectory(DEBIAN_VERSIONS)) {
            try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
                bin = versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                        .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                        .map(version -> version.resolve("bin")).orElse(null);
            }
        } else {
            bin = pgConfigBindir();
        }
        if (bin == null || !Files.isExecutable(bin.resolve("postgres")) || !Files.isExecutable(bin.resolve("initdb"))
                || !Files.isExecutable(bin.resolve("pg_ctl"))) {
            throw new IllegalStateException("PostgreSQL's server programs (postgres, initdb, pg_ctl) are not in "
                    + (bin == null ? DEBIAN_VERSIONS + "/<version>/bin, nor where pg_config says" : bin)
                    + "; install PostgreSQL's server (Debian: apt-get install postgresql), or name their directory "
                    + "with -D" + BIN_PROPERTY);
        }
        return bin;
    }

    private static Path pgConfigBindir() throws InterruptedException {
        try {
            Process pgConfig = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String answer = new String(pgConfig.getInputStream().readAllBytes()).strip();
            return pgConfig.waitFor() == 0 && !answer.isEmpty() ? Path.of(answer) : null;
        } catch (IOException noPgConfig) {
            return null;
        }
    }

    private static UserPrincipal osUser() throws IOException {
        try {
            return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(OS_USER);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("the tests run as root, and PostgreSQL will not: it runs as the user "
                    + OS_USER + ", whom this machine does not have (Debian's postgresql package makes it)", e);
        }
    }

    /** {@code program} with its arguments, run as {@value #OS_USER} when the tests run as root. */
    private static List<String> command(boolean asRoot, String program, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asRoot) {
            command.addAll(List.of(runuser(), "-u", OS_USER, "--"));
        }
        command.add(program);
        command.addAll(List.of(arguments));
        return command;
    }

    private static String runuser() {
        for (String place : List.of("/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser")) {
            if (Files.isExecutable(Path.of(place))) {
                return place;
            }
        }
        return "runuser";
    }

    /** A new cluster in {@code data}: its superuser with the password, UTF-8, the C locale, nothing synced. */
    private static void initdb(Path bin, Path base, Path data, Path log, boolean asRoot)
            throws IOException, InterruptedException {
        Path passwordFile = base.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        if (asRoot) {
            Files.setOwner(passwordFile, osUser());
        }
        try {
            Process initdb = new ProcessBuilder(command(asRoot, bin.resolve("initdb").toString(),
                    "-D", data.toString(), "-U", USER, "--pwfile=" + passwordFile,
                    "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                    "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!initdb.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                Peers.kill(initdb);
                throw new IllegalStateException("initdb did not end in " + START_TIMEOUT + "; its output, " + log
                        + ", ends:\n" + Peers.tail(log, 30));
            }
            if (initdb.exitValue() != 0) {
                throw new IllegalStateException("initdb could not make a cluster in " + data + " (exit "
                        + initdb.exitValue() + "); its output, " + log + ", ends:\n" + Peers.tail(log, 30));
            }
        } finally {
            Files.deleteIfExists(passwordFile);
        }
    }

    private void awaitConnections(Path log) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                if (Peers.portTaken(log)) {
                    throw new PortTaken();
                }
                throw new IllegalStateException("PostgreSQL ended (exit " + process.exitValue() + "); its log, " + log
                        + ", ends:\n" + Peers.tail(log, 30));
            }
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException notYet) {
                // not listening yet, or still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("PostgreSQL did not take connections in " + START_TIMEOUT + "; its log, " + log
                + ", ends:\n" + Peers.tail(log, 30));
    }

    /** The JDBC URL of the database {@value #DATABASE}. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The JDBC URL of {@code database}, as Flink's JDBC connector takes it: no user, no password in it. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The database user ({@value #USER}, a superuser). */
    public String user() {
        return USER;
    }

    /** The database user's password. */
    public String password() {
        return PASSWORD;
    }

    /** A new connection to the database {@value #DATABASE} as {@value #USER}, in auto-commit; the caller closes it. */
    public Connection connect() throws SQLException {
        return connect(DATABASE);
    }

    /** A new connection to {@code database} as {@value #USER}, in auto-commit; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    /** Runs {@code statements} in the database {@value #DATABASE}, one after the other, each committed at once. */
    public void execute(String... statements) {
        executeIn(DATABASE, statements);
    }

    /** Runs {@code statements} in {@code database}, one after the other, each committed at once. */
    public void executeIn(String database, String... statements) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + String.join("; ", statements) + ": " + e, e);
        }
    }

    /**
     * The rows {@code sql} answers in the database {@value #DATABASE}, in the order it answers them, each row its
     * columns' values as JDBC gives them ({@code getObject}: Integer, Long, String, BigDecimal, Timestamp, ...; null
     * for NULL).
     */
    public List<List<Object>> query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet results = statement.executeQuery(sql)) {
            int columns = results.getMetaData().getColumnCount();
            List<List<Object>> rows = new ArrayList<>();
            while (results.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    row.add(results.getObject(column));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + sql + ": " + e, e);
        }
    }

    /**
     * Stops the server at once (an immediate shutdown: clients cut off, nothing saved, which a throwaway cluster does
     * not need), and removes its files when they were in a directory of {@value #OS_USER}'s.
     */
    @Override
    public void close() {
        stop(true);
        removeStopper();
    }

    private void removeStopper() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }

    private void stop(boolean removeFiles) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            if (process.isAlive()) {
                Process pgCtl = new ProcessBuilder(command(ownDirectory != null, bin.resolve("pg_ctl").toString(),
                        "stop", "-D", data.toString(), "-m", "immediate", "-w", "-t", "10"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!pgCtl.waitFor(15, TimeUnit.SECONDS)) {
                    Peers.kill(pgCtl);
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    Peers.kill(process);
                }
            }
        } catch (IOException e) {
            Peers.kill(process);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Peers.kill(process);
        } finally {
            if (removeFiles && ownDirectory != null) {
                deleteQuietly(ownDirectory);
            }
        }
    }

    private static void deleteQuietly(Path path) {
        try (Stream<Path> paths = Files.walk(path)) {
            for (Path each : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(each);
            }
        } catch (IOException | UncheckedIOException ignored) {
            // a temporary directory; the system cleans it in time
        }
    }

    /** The server ended because another process took its port: worth another try on another. */
    private static final class PortTaken extends RuntimeException {
        PortTaken() {
            super(null, null, false, false);
        }
    }
}
