package io.teamchat.message.search;

import io.teamchat.common.problem.ProblemException;

/** What the user typed into the search box: 1-200 characters once trimmed, no control characters. */
public record SearchQuery(String text) {

    public static final int MAX_LENGTH = 200;

    public static SearchQuery parse(String raw) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()
                || text.codePointCount(0, text.length()) > MAX_LENGTH
                || text.chars().anyMatch(c -> c < 0x20)) {
            throw ProblemException.invalidField(
                    "q", "must be 1-" + MAX_LENGTH + " characters without control characters");
        }
        return new SearchQuery(text);
    }

    /**
     * Scripts written without spaces between words: PostgreSQL's parser keeps a whole run as one token, so a word
     * inside it is only found by a substring match.
     */
    boolean needsSubstringMatch() {
        return text.codePoints().anyMatch(c -> switch (Character.UnicodeScript.of(c)) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR -> true;
            default -> false;
        });
    }
}
