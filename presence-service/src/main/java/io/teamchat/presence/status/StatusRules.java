package io.teamchat.presence.status;

import io.teamchat.common.problem.Problem;
import io.teamchat.common.validation.DisplayName;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a custom status may hold. The text is display text other users read: at most 100 code points after
 * trimming, none of the control, bidirectional or invisible characters {@link DisplayName} refuses. The emoji is
 * exactly one emoji as users type it: one grapheme cluster of emoji symbols, with the joiners, variation
 * selectors, skin tones, keycaps and tag characters emoji sequences are made of (so no text, no zero-width joiner
 * outside a sequence). At least one of the two is required; clearing is {@code DELETE}.
 */
public final class StatusRules {

    public static final int MAX_TEXT_CODE_POINTS = 100;
    static final int MAX_EMOJI_CODE_POINTS = 16;

    private static final Pattern DISPLAY_TEXT = Pattern.compile(DisplayName.ALLOWED);

    /** A status that passed the rules: the trimmed text (null if none) and the emoji (null if none). */
    public record Status(String text, String emoji) {}

    private StatusRules() {}

    /** The status to store, or the field errors that refuse it. */
    public static Status check(String rawText, String rawEmoji, List<Problem.FieldError> errors) {
        String text = rawText == null ? null : rawText.strip();
        if (text != null && text.isEmpty()) {
            text = null;
        }
        String emoji = rawEmoji == null || rawEmoji.isEmpty() ? null : rawEmoji;
        List<Problem.FieldError> found = new ArrayList<>();
        if (text != null && !DISPLAY_TEXT.matcher(text).matches()) {
            found.add(new Problem.FieldError(
                    "text", "must not contain control, bidirectional-override or invisible characters"));
        } else if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT_CODE_POINTS) {
            found.add(new Problem.FieldError("text", "at most " + MAX_TEXT_CODE_POINTS + " characters"));
        }
        if (emoji != null && !isOneEmoji(emoji)) {
            found.add(new Problem.FieldError("emoji", "must be exactly one emoji"));
        }
        if (found.isEmpty() && text == null && emoji == null) {
            found.add(new Problem.FieldError("text", "give a status text, an emoji or both"));
        }
        errors.addAll(found);
        return found.isEmpty() ? new Status(text, emoji) : null;
    }

    static boolean isOneEmoji(String value) {
        if (value.codePointCount(0, value.length()) > MAX_EMOJI_CODE_POINTS) {
            return false;
        }
        BreakIterator clusters = BreakIterator.getCharacterInstance();
        clusters.setText(value);
        if (clusters.next() != value.length()) {
            return false; // more than one grapheme cluster
        }
        boolean symbol = false;
        boolean keycap = value.indexOf('\u20E3') >= 0;
        for (int cp : value.codePoints().toArray()) {
            int type = Character.getType(cp);
            if (type == Character.OTHER_SYMBOL) {
                symbol = true;
            } else if (!(type == Character.MODIFIER_SYMBOL && cp >= 0x1F3FB && cp <= 0x1F3FF) // skin tones
                    && cp != 0x200D // zero-width joiner, inside a sequence only (one cluster)
                    && cp != 0xFE0F
                    && cp != 0xFE0E // variation selectors
                    && cp != 0x20E3 // combining keycap
                    && !(cp >= 0xE0020 && cp <= 0xE007F) // tags (subdivision flags)
                    && !(keycap && ((cp >= '0' && cp <= '9') || cp == '#' || cp == '*'))) {
                return false;
            }
        }
        return symbol || keycap;
    }
}
