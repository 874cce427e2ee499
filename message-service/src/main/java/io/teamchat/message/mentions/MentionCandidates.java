package io.teamchat.message.mentions;

import io.teamchat.common.messages.Mentions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * For a REST send: the users the content's {@code @username}s name, looked up in auth-service with the sender's
 * token, before the command is queued (the command path has no token). Who of them is a member is decided later,
 * when the command is applied ({@link MentionResolver}). If auth-service cannot answer, the message is sent without
 * mentions rather than refused: a chat message matters more than its notification.
 */
@ApplicationScoped
public class MentionCandidates {

    private static final Logger LOG = Logger.getLogger(MentionCandidates.class);

    private final UsersClient users;

    public MentionCandidates(@RestClient UsersClient users) {
        this.users = users;
    }

    public List<UUID> of(String content, String authorization) {
        Set<String> names = Mentions.usernames(content);
        if (names.isEmpty()) {
            return List.of();
        }
        try {
            return users.byUsernames(authorization, String.join(",", names)).stream()
                    .map(UsersClient.UserRef::id)
                    .toList();
        } catch (RuntimeException e) {
            LOG.warnf("auth-service unreachable for a mention lookup; sending without mentions: %s", e.getMessage());
            return List.of();
        }
    }
}
