package io.teamchat.common.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MentionsTest {

    @Test
    void findsUsernamesLowerCasedOnceInOrder() {
        assertEquals(
                List.of("alice", "bob.smith", "carol_1"),
                List.copyOf(Mentions.usernames("@Alice hi, (@bob.smith.) and @carol_1: @alice again")));
    }

    @Test
    void ignoresEmailAddressesShortNamesAndRoom() {
        assertEquals(List.of(), List.copyOf(Mentions.usernames("write to a@b.com, @ab or @room or @@x")));
    }

    @Test
    void keepsAtMostTwentyNames() {
        String content = String.join(
                " ", IntStream.range(0, 30).mapToObj(i -> "@user" + i).toList());
        assertEquals(Mentions.MAX_USERNAMES, Mentions.usernames(content).size());
    }

    @Test
    void recognisesAtRoom() {
        assertTrue(Mentions.mentionsRoom("heads up @Room."));
        assertFalse(Mentions.mentionsRoom("@roomy and mail@room"));
    }
}
