package io.teamchat.auth.throttle;

import io.teamchat.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Problem details plus the {@code Retry-After} header that the shared mapper has no field for. */
public class TooManyAttemptsMapper {

    @ServerExceptionMapper
    public Response tooMany(TooManyAttemptsException e, UriInfo uri) {
        Problem problem = Problem.of(e.status(), e.title(), e.getMessage()).withInstance(uri.getPath());
        return Response.fromResponse(problem.toResponse())
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .build();
    }
}
