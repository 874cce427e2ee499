package io.teamchat.room.web;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.teamchat.common.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A field of the wrong type ({@code "userId":"nope"}) raises {@link MismatchedInputException}, for which Quarkus
 * has a built-in mapper that is more specific than the shared one for {@code JsonProcessingException}; this
 * sends it back to the shared problem-details mapping. Remove once chat-common maps the subtype itself.
 */
public class JsonInputProblems {

    private final ProblemMappers problems = new ProblemMappers();

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return problems.malformedJson(e, uri);
    }
}
