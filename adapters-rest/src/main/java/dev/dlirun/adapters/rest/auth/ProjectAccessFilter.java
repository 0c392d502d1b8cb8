package dev.dlirun.adapters.rest.auth;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;

/** Lets a caller use only its own projects: the path's {@code project_id} must be one the caller may use. */
@Priority(Priorities.AUTHORIZATION)
public final class ProjectAccessFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        String project = request.getUriInfo().getPathParameters().getFirst("project_id");
        Object caller = request.getProperty(AuthenticationFilter.CALLER);
        if (project != null && caller instanceof Caller known && !known.mayUse(project)) {
            throw new ProjectForbiddenException(project);
        }
    }
}
