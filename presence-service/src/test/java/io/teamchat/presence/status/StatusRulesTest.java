package io.teamchat.presence.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teamchat.common.problem.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusRulesTest {

    @Test
    void oneEmojiOfAnyShape() {
        for (String emoji : List.of(
                "\uD83D\uDE00", // grinning face
                "\u2615", // hot beverage (BMP)
                "\u2764\uFE0F", // heart with variation selector
                "\uD83D\uDC4D\uD83C\uDFFD", // skin tone
                "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66", // family
                "\uD83C\uDDEF\uD83C\uDDF5", // flag
                "#\uFE0F\u20E3", // keycap
                "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F")) { // Scotland
            assertTrue(StatusRules.isOneEmoji(emoji), emoji);
        }
    }

    @Test
    void notTextNorSeveralEmojiNorLooseJoiners() {
        for (String value : List.of(
                "a",
                "1",
                "ab",
                ":)",
                "\uD83D\uDE00\uD83D\uDE00",
                "\u200D",
                "\uD83D\uDE00\u200B",
                "\u202E\uD83D\uDE00",
                "\uD83C\uDFFD",
                "\uD83D\uDE00a")) {
            assertFalse(StatusRules.isOneEmoji(value), value);
        }
    }

    @Test
    void textIsTrimmedAndChecked() {
        List<Problem.FieldError> errors = new ArrayList<>();
        StatusRules.Status status = StatusRules.check("  lunch  ", null, errors);
        assertEquals(new StatusRules.Status("lunch", null), status);
        assertTrue(errors.isEmpty());

        assertNull(StatusRules.check("a\u2066b", null, errors));
        assertEquals("text", errors.getFirst().field());
        errors.clear();
        // 100 code points of astral characters are 200 chars: counted as 100.
        assertEquals(
                100,
                StatusRules.check("\uD83D\uDE00".repeat(100), null, errors)
                        .text()
                        .codePointCount(0, 200));
        assertNull(StatusRules.check("\uD83D\uDE00".repeat(101), null, errors));
    }
}
