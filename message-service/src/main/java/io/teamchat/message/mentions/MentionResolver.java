package io.teamchat.message.mentions;

import io.teamchat.common.messages.Mentions;
import io.teamchat.membership.Decision;
import io.teamchat.membership.MembershipCache;
import io.teamchat.membership.RoomAction;
import io.teamchat.message.room.RoomAccess;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who a message being stored mentions (docs/conversation.md, "Mentions"): of the users its {@code @username}s named
 * (the command's candidates), those who are members of the room now, by the membership cache; with {@code @room}
 * from the room's owner or an administrator, every member. Never the sender. A non-member named is dropped without
 * a trace, so a mention reveals nobody's membership; {@code @room} from a plain member mentions nobody (the message
 * is stored as written).
 */
@ApplicationScoped
public class MentionResolver {

    /** One message to resolve. */
    public record Request(UUID roomId, UUID senderId, boolean senderIsAdmin, String content, List<UUID> candidates) {}

    private final RoomAccess access;
    private final MembershipCache membership;

    public MentionResolver(RoomAccess access, MembershipCache membership) {
        this.access = access;
        this.membership = membership;
    }

    /** The mentioned members of each message, in order; the cache reads of all of them go out together. */
    public List<List<UUID>> resolve(List<Request> requests) {
        List<MembershipCache.Question> questions = new ArrayList<>();
        List<Integer> roomWide = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            for (UUID candidate : request.candidates()) {
                questions.add(new MembershipCache.Question(request.roomId(), candidate, false, RoomAction.READ));
            }
            if (Mentions.mentionsRoom(request.content())) {
                roomWide.add(i);
                questions.add(new MembershipCache.Question(
                        request.roomId(), request.senderId(), request.senderIsAdmin(), RoomAction.MANAGE));
            }
        }
        List<Decision> decisions = access.decideAll(questions);
        Set<UUID> roomsMentionedWhole = new HashSet<>();
        boolean[] wholeRoom = new boolean[requests.size()];
        List<Set<UUID>> mentioned = new ArrayList<>();
        int answer = 0;
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            Set<UUID> members = new LinkedHashSet<>();
            for (UUID candidate : request.candidates()) {
                if (decisions.get(answer++).allowed()) {
                    members.add(candidate);
                }
            }
            if (roomWide.contains(i) && decisions.get(answer++).allowed()) {
                wholeRoom[i] = true;
                roomsMentionedWhole.add(request.roomId());
            }
            mentioned.add(members);
        }
        Map<UUID, Set<UUID>> roomMembers =
                roomsMentionedWhole.isEmpty() ? Map.of() : membership.membersNow(roomsMentionedWhole);
        List<List<UUID>> resolved = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Request request = requests.get(i);
            Set<UUID> members = mentioned.get(i);
            if (wholeRoom[i]) {
                members.addAll(roomMembers.getOrDefault(request.roomId(), Set.of()));
            }
            members.remove(request.senderId());
            resolved.add(List.copyOf(members));
        }
        return resolved;
    }
}
