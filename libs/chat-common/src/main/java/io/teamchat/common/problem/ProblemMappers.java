package io.teamchat.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where exceptions become RFC 9457 problem details, shared by every service. Bodies never carry
 * class names, stack traces or SQL; unexpected errors are logged here and answered with a plain 500.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.toProblem(), uri);
        if (e.retryAfterSeconds() <= 0) {
            return response;
        }
        return Response.fromResponse(response)
                .header("Retry-After", Long.toString(e.retryAfterSeconds()))
                .build();
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail =
                errors.stream().map(err -> err.field() + ": " + err.message()).collect(Collectors.joining("; "));
        Problem problem = new Problem("about:blank", "Bad Request", 400, detail, null, errors);
        return respond(problem, uri);
    }

    /** Quarkus maps this subtype itself (without problem details) unless a mapper names it exactly. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        String detail = "The request body is not valid JSON.";
        List<Problem.FieldError> errors = null;
        if (e instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            detail = e instanceof InvalidFormatException
                    ? "A field has a value of the wrong type."
                    : "A field has the wrong shape.";
            errors = List.of(new Problem.FieldError(field, "has the wrong type or shape"));
        }
        return respond(new Problem("about:blank", "Bad Request", 400, detail, null, errors), uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        Problem problem = Problem.of(401, "Unauthorized", "A valid access token is required.")
                .withInstance(uri.getPath());
        return Response.fromResponse(problem.toResponse())
                .header("WWW-Authenticate", "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(403, "Forbidden", "You are not allowed to do this."), uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        // The JSON body reader reports unreadable bodies as a plain 400 with the parser's exception as cause.
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.errorf(e, "request to %s failed", uri.getPath());
        }
        String detail = status.getStatusCode() == 404 ? "No such resource." : status.getReasonPhrase() + ".";
        return respond(Problem.of(status.getStatusCode(), status.getReasonPhrase(), detail), uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        if (DatabaseUnavailable.isCause(e)) {
            // Overload, not a bug: the client may retry, and a stack trace per request would flood the log.
            LOG.warnf("database unavailable on %s: %s", uri.getPath(), e.getMessage());
            return problem(ProblemException.unavailable("The database is busy or unreachable; retry shortly.", 1), uri);
        }
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(Problem.of(500, "Internal Server Error", "Something went wrong on our side."), uri);
    }

    private static Response respond(Problem problem, UriInfo uri) {
        return problem.withInstance(uri.getPath()).toResponse();
    }

    /** "create.request.name" -> "name": the JSON field as the client sent it, without method and parameter names. */
    private static String fieldName(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .toList();
        List<String> names = nodes.stream()
                .filter(n -> n.getKind() == jakarta.validation.ElementKind.PROPERTY
                        || n.getKind() == jakarta.validation.ElementKind.CONTAINER_ELEMENT)
                .map(Path.Node::getName)
                .toList();
        if (!names.isEmpty()) {
            return String.join(".", names);
        }
        return nodes.isEmpty() ? "request" : nodes.get(nodes.size() - 1).getName();
    }
}
