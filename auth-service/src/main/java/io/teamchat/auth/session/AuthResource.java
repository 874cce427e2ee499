package io.teamchat.auth.session;

import io.teamchat.auth.presence.Presences;
import io.teamchat.auth.throttle.LoginThrottle;
import io.teamchat.common.problem.Problem;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.UUID;

/** Register, login, refresh and logout. Tokens go to the client; the refresh token only as an HttpOnly cookie. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    @Inject
    AuthService auth;

    @Inject
    SessionService sessions;

    @Inject
    RefreshCookies cookies;

    @Inject
    LoginThrottle throttle;

    @Inject
    Presences presences;

    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response register(@Valid @NotNull RegisterRequest body) {
        SessionService.Session session = auth.register(body);
        return withSession(Response.created(URI.create("/api/users/" + session.user().id)), session);
    }

    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@Valid @NotNull LoginRequest body) {
        return withSession(Response.ok(), auth.login(body));
    }

    @POST
    @Path("/refresh")
    public Response refresh(@CookieParam(RefreshCookies.NAME) String refreshToken, UriInfo uri) {
        throttle.attempt();
        return sessions.rotate(refreshToken)
                .map(session -> withSession(Response.ok(), session))
                // a dead cookie is of no further use to the browser: drop it
                .orElseGet(() -> Response.fromResponse(Problem.of(
                                        401,
                                        "Unauthorized",
                                        "The refresh token is missing, expired or revoked; log in again.")
                                .withInstance(uri.getPath())
                                .toResponse())
                        .cookie(cookies.cleared())
                        .build());
    }

    @POST
    @Path("/logout")
    public Response logout(@CookieParam(RefreshCookies.NAME) String refreshToken) {
        sessions.end(refreshToken);
        return Response.noContent().cookie(cookies.cleared()).build();
    }

    private Response withSession(Response.ResponseBuilder response, SessionService.Session session) {
        // The user may be online on another device already: their presence, asked with the new token.
        UUID userId = session.user().id;
        Presences.Presence presence = presences
                .of(List.of(userId), "Bearer " + session.accessToken())
                .getOrDefault(userId, Presences.Presence.UNKNOWN);
        return response.entity(AuthResponse.of(session, presence))
                .cookie(cookies.of(session.refreshToken(), session.refreshExpiresAt()))
                .build();
    }
}
