package io.teamchat.presence.presence;

import io.quarkus.security.Authenticated;
import io.teamchat.common.problem.Problem;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.presence.config.PresenceConfig;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

@Path("/api/presence")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class PresenceResource {

    private static final String FIELD = "userIds";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Inject
    PresenceService presence;

    @Inject
    PresenceConfig config;

    /** {@code ?userIds=a,b} (repeating the parameter works too); answers in the order asked, without duplicates. */
    @GET
    public List<PresenceView> lookup(@QueryParam(FIELD) List<String> userIds) {
        return presence.lookup(parse(userIds));
    }

    private List<UUID> parse(List<String> params) {
        Set<UUID> ids = new LinkedHashSet<>();
        for (String param : params == null ? List.<String>of() : params) {
            for (String part : param.split(",", -1)) {
                String text = part.strip();
                if (text.isEmpty()) {
                    continue;
                }
                // Only the canonical form: UUID.fromString alone also takes odd shapes such as "1-2-3-4-5".
                if (!CANONICAL_UUID.matcher(text).matches()) {
                    throw invalid("'" + abbreviate(text) + "' is not a user id");
                }
                ids.add(UUID.fromString(text));
            }
        }
        if (ids.isEmpty()) {
            throw invalid("at least one user id is required");
        }
        if (ids.size() > config.maxUserIds()) {
            throw invalid("at most " + config.maxUserIds() + " user ids per request");
        }
        return List.copyOf(ids);
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalid(List.of(new Problem.FieldError(FIELD, message)));
    }

    /** Echo at most a short prefix of what the client sent. */
    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
