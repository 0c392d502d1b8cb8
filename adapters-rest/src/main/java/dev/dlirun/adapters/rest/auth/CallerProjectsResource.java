package dev.dlirun.adapters.rest.auth;

import dev.dlirun.adapters.rest.generated.api.AuthenticationApi;
import dev.dlirun.adapters.rest.generated.model.AuthProject;
import dev.dlirun.adapters.rest.generated.model.ListAuthProjectsResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * {@code GET /v3/auth/projects}: the projects the authenticated caller may use, modelled on Huawei Cloud IAM's call of
 * that path (an extension: the interface generated from the spec, tag {@code Authentication}). Only this adapter knows
 * the caller, so the answer comes from the {@link Caller} {@link AuthenticationFilter} recorded, not from a use case.
 */
public final class CallerProjectsResource implements AuthenticationApi {

    @Context
    private ContainerRequestContext request;

    @Override
    public CompletionStage<Response> listAuthProjects() {
        if (!(request.getProperty(AuthenticationFilter.CALLER) instanceof Caller caller)) {
            // Every request but the operators' open paths is authenticated before it gets here.
            throw new IllegalStateException("the request reached " + request.getUriInfo().getPath()
                    + " without being authenticated");
        }
        return CompletableFuture.completedFuture(Response.ok(answer(caller)).build());
    }

    /** The caller's projects sorted by id, each named by its id; none, and {@code any_project}, for anyone. */
    static ListAuthProjectsResponse answer(Caller caller) {
        List<AuthProject> projects = caller.anyProject() ? List.of() : caller.projects().stream().sorted()
                .map(id -> new AuthProject().id(id).name(id).enabled(true))
                .toList();
        return new ListAuthProjectsResponse().projects(projects).anyProject(caller.anyProject());
    }
}
