package dev.dlirun.bootstrap;

import dev.dlirun.adapters.client.local.catalogue.JdbcJobCatalogue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * A PostgreSQL job catalogue (issue 32): its JDBC URL (no password in it), and the user and password to sign in with,
 * read from a credentials file or the environment, never from a flag's value (which {@code ps} shows every user of
 * the machine).
 *
 * @param url      a {@code jdbc:postgresql://} URL
 * @param user     the database user
 * @param password the user's password (never printed: see {@link #toString})
 */
public record CatalogueAddress(String url, String user, String password) {

    /** The environment variables of the credentials, when no credentials file is named. */
    static final String USER_VARIABLE = "DLIRUN_CATALOGUE_USER";
    static final String PASSWORD_VARIABLE = "DLIRUN_CATALOGUE_PASSWORD";

    public CatalogueAddress {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The catalogue at {@code url}, signed in with the credentials of {@code credentialsFile} (a properties file:
     * {@code user=}, {@code password=}) when one is named, of the environment's {@value #USER_VARIABLE} and
     * {@value #PASSWORD_VARIABLE} otherwise.
     *
     * @throws IllegalArgumentException saying what is wrong: an H2 or other URL, a password in it, credentials missing
     *                                  or unreadable
     */
    static CatalogueAddress of(String url, Path credentialsFile, Map<String, String> environment) {
        if (url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("the H2 catalogue lives in the data directory (--data-dir); --catalogue "
                    + "takes a PostgreSQL URL (jdbc:postgresql://host:port/database)");
        }
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("--catalogue takes a PostgreSQL URL (jdbc:postgresql://host:port/"
                    + "database), not " + url.split("[?;]")[0]);
        }
        if (url.toLowerCase(Locale.ROOT).contains("password=")) {
            throw new IllegalArgumentException("--catalogue's URL must not carry a password (ps shows it to every user "
                    + "of the machine): give it in --catalogue-credentials or " + PASSWORD_VARIABLE);
        }
        String user;
        String password;
        if (credentialsFile != null) {
            Properties credentials = new Properties();
            try (Reader in = Files.newBufferedReader(credentialsFile, StandardCharsets.UTF_8)) {
                credentials.load(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("--catalogue-credentials " + credentialsFile + " cannot be read: "
                        + e.getMessage(), e);
            }
            DataDirectory.warnIfOthersCanRead(credentialsFile, "catalogue credentials");
            user = credentials.getProperty("user");
            password = credentials.getProperty("password");
            if (user == null || user.isBlank() || password == null) {
                throw new IllegalArgumentException("--catalogue-credentials " + credentialsFile + " must give user= "
                        + "and password=");
            }
        } else {
            user = environment.get(USER_VARIABLE);
            password = environment.get(PASSWORD_VARIABLE);
            if (user == null || user.isBlank() || password == null) {
                throw new IllegalArgumentException("--catalogue " + url + " needs its user and password: "
                        + "--catalogue-credentials FILE (user=, password=), or " + USER_VARIABLE + " and "
                        + PASSWORD_VARIABLE);
            }
        }
        return new CatalogueAddress(url, user.strip(), password);
    }

    /**
     * Opens the catalogue, its schema brought up to date.
     *
     * @throws JdbcJobCatalogue.CatalogueUnavailableException when PostgreSQL cannot be reached or refuses the user
     */
    JdbcJobCatalogue open() {
        return JdbcJobCatalogue.onPostgres(url, user, password);
    }

    /** The URL and the user: never the password. */
    @Override
    public String toString() {
        return url + " as " + user;
    }
}
