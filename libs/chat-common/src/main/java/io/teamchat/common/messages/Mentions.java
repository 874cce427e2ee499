package io.teamchat.common.messages;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code @username}s and {@code @room} in a message's content, as the writer of a send command and
 * message-service read them alike (docs/conversation.md, "Mentions"). An {@code @} counts only at the start or after
 * a character that cannot be part of a username, so {@code a@b.c} mentions nobody; a trailing dot ends a sentence,
 * not the name.
 */
public final class Mentions {

    /** Most distinct usernames one message resolves; more are ignored (a message is not a mailing list). */
    public static final int MAX_USERNAMES = 20;

    public static final String ROOM = "room";

    private static final Pattern MENTION = Pattern.compile("(?<![A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{1,50})");

    private Mentions() {}

    /** The usernames mentioned, lower-cased, in order of first appearance, at most {@link #MAX_USERNAMES}. */
    public static Set<String> usernames(String content) {
        Set<String> names = new LinkedHashSet<>();
        if (content == null) {
            return names;
        }
        Matcher matcher = MENTION.matcher(content);
        while (matcher.find() && names.size() < MAX_USERNAMES) {
            String name = stripTrailingDots(matcher.group(1)).toLowerCase(Locale.ROOT);
            if (name.length() >= 3 && !name.equals(ROOM)) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether the content says {@code @room}. */
    public static boolean mentionsRoom(String content) {
        if (content == null) {
            return false;
        }
        Matcher matcher = MENTION.matcher(content);
        while (matcher.find()) {
            if (stripTrailingDots(matcher.group(1)).equalsIgnoreCase(ROOM)) {
                return true;
            }
        }
        return false;
    }

    private static String stripTrailingDots(String name) {
        int end = name.length();
        while (end > 0 && name.charAt(end - 1) == '.') {
            end--;
        }
        return name.substring(0, end);
    }
}
