package dev.dlirun.adapters.rest.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who made a request, as far as authentication could tell, and which projects they may use.
 *
 * @param name     how logs may name the caller: an access key, a token's hash prefix; never a secret
 * @param projects the project ids the caller may use; ignored when {@code anyProject}
 */
public record Caller(String name, Set<String> projects, boolean anyProject) {

    /** Anyone, with no credentials: only when the server runs without authentication. */
    public static final Caller ANYONE = new Caller("anonymous", Set.of(), true);

    public Caller {
        Objects.requireNonNull(name, "name");
        projects = Set.copyOf(projects);
    }

    public static Caller of(String name, Set<String> projects) {
        return new Caller(name, projects, false);
    }

    public boolean mayUse(String projectId) {
        return anyProject || projects.contains(projectId);
    }
}
