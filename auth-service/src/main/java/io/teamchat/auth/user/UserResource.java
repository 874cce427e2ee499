package io.teamchat.auth.user;

import io.quarkus.security.Authenticated;
import io.teamchat.auth.presence.Presences;
import io.teamchat.auth.web.Roles;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.common.validation.NoNul;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Profiles: the caller's own, other users' (without email unless admin), batch lookup and search; admin grants. */
@Path("/api/users")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    UserService users;

    @Inject
    Presences presences;

    @HeaderParam(HttpHeaders.AUTHORIZATION)
    String authorization;

    @GET
    @Path("/me")
    public UserView me() {
        return views(List.of(users.get(callerId()))).getFirst();
    }

    @PATCH
    @Path("/me")
    @Consumes(MediaType.APPLICATION_JSON)
    public UserView updateMe(@Valid @NotNull UpdateMeRequest body) {
        return views(List.of(users.update(callerId(), body))).getFirst();
    }

    @GET
    @Path("/{id}")
    public UserView get(@PathParam("id") UUID id) {
        return views(List.of(users.get(id))).getFirst();
    }

    /**
     * {@code ?ids=a,b,c} (at most 100, unknown ids left out), {@code ?usernames=a,b} (exact names in any case, at most
     * 100, unknown left out: for resolving {@code @mentions}) or {@code ?q=prefix} (at most 20, by name).
     */
    @GET
    public List<UserView> list(
            @QueryParam("ids") String ids,
            @QueryParam("usernames") @NoNul String usernames,
            @QueryParam("q") @NoNul String q) {
        int given = (ids == null ? 0 : 1) + (usernames == null ? 0 : 1) + (q == null ? 0 : 1);
        if (given != 1) {
            throw ProblemException.invalidField("ids", "give one of ids, usernames or q");
        }
        List<User> found;
        if (ids != null) {
            found = users.byIds(parseIds(ids));
        } else if (usernames != null) {
            found = users.byUsernames(parseUsernames(usernames));
        } else {
            found = users.search(q.strip());
        }
        return views(found);
    }

    @PUT
    @Path("/{id}/admin")
    @RolesAllowed(Roles.ADMIN)
    public void grantAdmin(@PathParam("id") UUID id) {
        users.setAdmin(id, true, callerId());
    }

    @DELETE
    @Path("/{id}/admin")
    @RolesAllowed(Roles.ADMIN)
    public void revokeAdmin(@PathParam("id") UUID id) {
        users.setAdmin(id, false, callerId());
    }

    /** Disables the account: login and refresh refused, refresh tokens revoked (docs/security.md). */
    @PUT
    @Path("/{id}/disabled")
    @RolesAllowed(Roles.ADMIN)
    public void disable(@PathParam("id") UUID id) {
        users.setDisabled(id, true, callerId());
    }

    @DELETE
    @Path("/{id}/disabled")
    @RolesAllowed(Roles.ADMIN)
    public void enable(@PathParam("id") UUID id) {
        users.setDisabled(id, false, callerId());
    }

    /** The views of these users with their presence, asked of presence-service in one call. */
    private List<UserView> views(List<User> found) {
        Map<UUID, Presences.Presence> presence =
                presences.of(found.stream().map(user -> user.id).toList(), authorization);
        boolean admin = jwt.getGroups().contains(Roles.ADMIN);
        return found.stream()
                .map(user -> UserView.of(
                        user,
                        admin || user.id.equals(callerId()),
                        admin,
                        presence.getOrDefault(user.id, Presences.Presence.UNKNOWN)))
                .toList();
    }

    private UUID callerId() {
        return UUID.fromString(jwt.getSubject());
    }

    private static List<String> parseUsernames(String usernames) {
        List<String> names = Arrays.stream(usernames.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT))
                .distinct()
                .toList();
        if (names.size() > UserService.MAX_BATCH) {
            throw ProblemException.invalidField("usernames", "at most " + UserService.MAX_BATCH + " usernames");
        }
        return names;
    }

    private static List<UUID> parseIds(String ids) {
        List<String> parts = Arrays.stream(ids.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
        if (parts.size() > UserService.MAX_BATCH) {
            throw ProblemException.invalidField("ids", "at most " + UserService.MAX_BATCH + " ids");
        }
        try {
            return parts.stream().map(UUID::fromString).toList();
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("ids", "must be comma-separated UUIDs");
        }
    }
}
