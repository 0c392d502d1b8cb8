package dev.dlirun.adapters.rest.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads who may call the service. Errors name the file, the element and the field, never a value: the files hold
 * secrets.
 *
 * <ul>
 *   <li>AK/SK: {@code [{"access_key": "...", "secret_key": "...", "projects": ["..."]}]}</li>
 *   <li>tokens: {@code [{"token_sha256": "<64 hex digits>", "projects": ["..."]}]}</li>
 * </ul>
 */
public final class CredentialFiles {

    /** A credentials or tokens file that cannot be used; its message is safe to print. */
    public static final class CredentialFileException extends RuntimeException {
        CredentialFileException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    private CredentialFiles() {
    }

    public static List<AkSkAuthenticator.Credential> accessKeys(Path file) {
        List<AkSkAuthenticator.Credential> credentials = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode root = read(file, "credentials");
        for (int i = 0; i < root.size(); i++) {
            String where = "credentials file " + file + ", element " + i;
            JsonNode element = object(root.get(i), where);
            String accessKey = text(element, "access_key", where);
            if (!seen.add(accessKey)) {
                throw new CredentialFileException(where + ": an access key is listed twice");
            }
            credentials.add(new AkSkAuthenticator.Credential(accessKey, text(element, "secret_key", where),
                    projects(element, where)));
        }
        return credentials;
    }

    public static List<TokenAuthenticator.KnownToken> tokens(Path file) {
        List<TokenAuthenticator.KnownToken> tokens = new ArrayList<>();
        JsonNode root = read(file, "tokens");
        for (int i = 0; i < root.size(); i++) {
            String where = "tokens file " + file + ", element " + i;
            JsonNode element = object(root.get(i), where);
            String hash = text(element, "token_sha256", where);
            if (!SHA256.matcher(hash).matches()) {
                throw new CredentialFileException(where + ": token_sha256 must be 64 hex digits (sha256sum of the token)");
            }
            tokens.add(new TokenAuthenticator.KnownToken(hash, projects(element, where)));
        }
        return tokens;
    }

    private static JsonNode read(Path file, String kind) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CredentialFileException(kind + " file " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new CredentialFileException(kind + " file " + file + " is not valid JSON (line "
                    + e.getLocation().getLineNr() + ")");
        } catch (IOException e) {
            throw new CredentialFileException(kind + " file " + file + " cannot be read");
        }
        if (root == null || !root.isArray()) {
            throw new CredentialFileException(kind + " file " + file + " must hold a JSON array");
        }
        return root;
    }

    private static JsonNode object(JsonNode element, String where) {
        if (!element.isObject()) {
            throw new CredentialFileException(where + ": must be a JSON object");
        }
        return element;
    }

    private static String text(JsonNode element, String field, String where) {
        JsonNode value = element.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new CredentialFileException(where + ": " + field + " must be a non-empty string");
        }
        return value.textValue();
    }

    private static Set<String> projects(JsonNode element, String where) {
        JsonNode projects = element.get("projects");
        if (projects == null || !projects.isArray() || projects.isEmpty()) {
            throw new CredentialFileException(where + ": projects must be a non-empty array of project ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (JsonNode project : projects) {
            if (!project.isTextual()) {
                throw new CredentialFileException(where + ": projects must hold project ids (strings)");
            }
            ids.add(project.textValue());
        }
        return ids;
    }
}
