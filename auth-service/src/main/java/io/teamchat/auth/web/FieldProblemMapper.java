package io.teamchat.auth.web;

import io.teamchat.common.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps {@link FieldProblemException} to problem details shaped like chat-common's validation failures. */
public class FieldProblemMapper {

    @ServerExceptionMapper
    public Response fieldProblem(FieldProblemException e, UriInfo uri) {
        String detail = e.field() + ": " + e.getMessage();
        List<Problem.FieldError> errors = List.of(new Problem.FieldError(e.field(), e.getMessage()));
        return new Problem("about:blank", e.title(), e.status(), detail, uri.getPath(), errors).toResponse();
    }
}
