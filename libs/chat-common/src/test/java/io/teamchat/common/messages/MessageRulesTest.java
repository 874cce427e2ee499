package io.teamchat.common.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teamchat.common.problem.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageRulesTest {

    private static String content(String raw, List<Problem.FieldError> errors) {
        return MessageRules.content("content", raw, errors);
    }

    @Test
    void storesTheTrimmedTextAndKeepsInnerWhiteSpace() {
        List<Problem.FieldError> errors = new ArrayList<>();
        assertEquals("hello\n\tworld <b>x</b>", content("  \n hello\n\tworld <b>x</b> \t ", errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void refusesBlankMissingAndTooLongContent() {
        for (String raw : new String[] {null, "", "   \n\t "}) {
            List<Problem.FieldError> errors = new ArrayList<>();
            assertNull(content(raw, errors));
            assertEquals("content", errors.getFirst().field());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        assertNull(content("x".repeat(4001), errors));
        assertEquals(1, errors.size());
    }

    @Test
    void countsCodePointsAfterTrimming() {
        List<Problem.FieldError> errors = new ArrayList<>();
        String emoji = "\uD83D\uDE00"; // one code point, two chars
        assertEquals(emoji.repeat(4000), content("  " + emoji.repeat(4000) + "  ", errors));
        assertTrue(errors.isEmpty());
        assertNull(content(emoji.repeat(4001), errors));
    }

    @Test
    void refusesNulAndOtherC0ControlsButNotNewlineAndTab() {
        for (char control : new char[] {'\0', '\r', '\u0007', '\u001b', '\u001f'}) {
            List<Problem.FieldError> errors = new ArrayList<>();
            assertNull(content("a" + control + "b", errors), "control " + (int) control);
            assertEquals("content", errors.getFirst().field());
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        assertEquals("a\nb\tc", content("a\nb\tc", errors));
        assertTrue(errors.isEmpty());
    }

    @Test
    void typeDefaultsToTextAndRefusesSystem() {
        List<Problem.FieldError> errors = new ArrayList<>();
        assertEquals("text", MessageRules.type(null, errors));
        assertEquals("image", MessageRules.type("image", errors));
        assertTrue(errors.isEmpty());
        MessageRules.type("system", errors);
        assertEquals("type", errors.getFirst().field());
    }

    @Test
    void clientMsgIdIsOneToHundredCharactersWithoutControls() {
        List<Problem.FieldError> errors = new ArrayList<>();
        MessageRules.clientMsgId("abc", errors);
        MessageRules.clientMsgId(null, errors);
        assertTrue(errors.isEmpty());
        MessageRules.clientMsgId("x".repeat(101), errors);
        MessageRules.clientMsgId("a\0", errors);
        MessageRules.clientMsgId(" ", errors);
        assertEquals(3, errors.size());
    }

    @Test
    void utf8LengthMatchesTheEncoder() {
        String text = "aé€\uD83D\uDE00" + "x".repeat(100);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, MessageRules.utf8Length(text));
        assertFalse(MessageRules.payloadTooLarge(16 * 1024));
        assertTrue(MessageRules.payloadTooLarge(16 * 1024 + 1));
    }
}
