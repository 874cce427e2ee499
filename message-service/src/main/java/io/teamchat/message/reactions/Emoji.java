package io.teamchat.message.reactions;

import java.util.regex.Pattern;

/**
 * What a reaction may be: one Unicode emoji sequence (UTS #51: an emoji, with its presentation selector or skin-tone
 * modifier, a keycap, a flag, a tag sequence, or such elements joined by ZWJ) or a {@code :short_name:} (custom
 * emoji). Checked with the JDK's Unicode emoji properties, strictly: text around an emoji, two emoji side by side, a
 * bare digit or a lone regional indicator are refused.
 */
public final class Emoji {

    /** Longest accepted value in UTF-16 units (the longest standard ZWJ sequences have about 35). */
    static final int MAX_LENGTH = 64;

    private static final Pattern SHORT_NAME = Pattern.compile(":[a-z0-9_+-]{1,50}:");
    private static final int VS16 = 0xFE0F;
    private static final int ZWJ = 0x200D;
    private static final int KEYCAP = 0x20E3;
    private static final int TAG_CANCEL = 0xE007F;

    private Emoji() {}

    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        if (SHORT_NAME.matcher(value).matches()) {
            return true;
        }
        int[] cps = value.codePoints().toArray();
        int next = element(cps, 0);
        while (next > 0 && next < cps.length && cps[next] == ZWJ) {
            next = element(cps, next + 1);
        }
        return next == cps.length;
    }

    /** The index after one ZWJ element starting at {@code i}, or -1 when there is none. */
    private static int element(int[] cps, int i) {
        if (i >= cps.length) {
            return -1;
        }
        int cp = cps[i];
        if (isRegionalIndicator(cp)) {
            // A flag is exactly two regional indicators.
            return i + 1 < cps.length && isRegionalIndicator(cps[i + 1]) ? i + 2 : -1;
        }
        if (cp == '#' || cp == '*' || (cp >= '0' && cp <= '9')) {
            // A keycap: base, optional VS16, U+20E3; a bare digit is text.
            int j = i + 1 < cps.length && cps[i + 1] == VS16 ? i + 2 : i + 1;
            return j < cps.length && cps[j] == KEYCAP ? j + 1 : -1;
        }
        if (!Character.isEmoji(cp) || Character.isEmojiComponent(cp) && !Character.isExtendedPictographic(cp)) {
            return -1;
        }
        int j = i + 1;
        if (j < cps.length && cps[j] == VS16) {
            j++;
        } else if (j < cps.length && Character.isEmojiModifier(cps[j]) && Character.isEmojiModifierBase(cp)) {
            j++;
        }
        if (j < cps.length && isTag(cps[j])) {
            while (j < cps.length && isTag(cps[j])) {
                j++;
            }
            return j < cps.length && cps[j] == TAG_CANCEL ? j + 1 : -1;
        }
        return j;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= 0xE007E;
    }
}
