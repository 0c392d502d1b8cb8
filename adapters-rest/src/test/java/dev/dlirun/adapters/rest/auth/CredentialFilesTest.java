package dev.dlirun.adapters.rest.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialFilesTest {

    @Test
    void readsAccessKeysWithTheirProjects(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("credentials.json"),
                "[{\"access_key\": \"AK1\", \"secret_key\": \"SK1\", \"projects\": [\"p1\", \"p2\"]}]");

        assertThat(CredentialFiles.accessKeys(file))
                .containsExactly(new AkSkAuthenticator.Credential("AK1", "SK1", Set.of("p1", "p2")));
    }

    @Test
    void readsTokenHashes(@TempDir Path dir) throws IOException {
        String hash = "a".repeat(64);
        Path file = Files.writeString(dir.resolve("tokens.json"),
                "[{\"token_sha256\": \"" + hash + "\", \"projects\": [\"p1\"]}]");

        assertThat(CredentialFiles.tokens(file)).containsExactly(new TokenAuthenticator.KnownToken(hash, Set.of("p1")));
    }

    @Test
    void errorsNameTheFileTheElementAndTheFieldButNoValue(@TempDir Path dir) throws IOException {
        Path noSecret = Files.writeString(dir.resolve("a.json"),
                "[{\"access_key\": \"AK1\", \"secret_key\": \"\", \"projects\": [\"p1\"]}]");
        Path twice = Files.writeString(dir.resolve("b.json"), "[{\"access_key\": \"AK1\", \"secret_key\": \"S1\","
                + " \"projects\": [\"p1\"]}, {\"access_key\": \"AK1\", \"secret_key\": \"S2\", \"projects\": [\"p1\"]}]");
        Path noProjects = Files.writeString(dir.resolve("c.json"),
                "[{\"access_key\": \"AK1\", \"secret_key\": \"TOPSECRET\", \"projects\": []}]");
        Path badHash = Files.writeString(dir.resolve("d.json"), "[{\"token_sha256\": \"plain-token\", \"projects\": [\"p\"]}]");

        assertThatThrownBy(() -> CredentialFiles.accessKeys(noSecret))
                .hasMessage("credentials file " + noSecret + ", element 0: secret_key must be a non-empty string");
        assertThatThrownBy(() -> CredentialFiles.accessKeys(twice))
                .hasMessage("credentials file " + twice + ", element 1: an access key is listed twice");
        assertThatThrownBy(() -> CredentialFiles.accessKeys(noProjects))
                .hasMessageNotContaining("TOPSECRET")
                .hasMessage("credentials file " + noProjects + ", element 0: projects must be a non-empty array of project ids");
        assertThatThrownBy(() -> CredentialFiles.tokens(badHash)).hasMessageNotContaining("plain-token")
                .hasMessageContaining("token_sha256 must be 64 hex digits");
        assertThatThrownBy(() -> CredentialFiles.tokens(dir.resolve("missing.json"))).hasMessageEndingWith("does not exist");
    }
}
