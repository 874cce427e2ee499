package io.teamchat.message.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A window of a message around its first match, with every match in the window marked by offsets. */
final class Snippets {

    /** Characters kept on each side of the first match. */
    static final int CONTEXT = 80;

    /** A quoted lexeme in a tsquery's text form that is not negated: {@code 'car'} but not {@code !'blue'}. */
    private static final Pattern TERM = Pattern.compile("(!?)'((?:[^']|'')*)'");

    private Snippets() {}

    /** The words a tsquery looks for, e.g. {@code 'red' <-> 'car' & !'blue'} -> [red, car]. */
    static List<String> terms(String tsquery) {
        List<String> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(tsquery == null ? "" : tsquery);
        while (matcher.find()) {
            if (matcher.group(1).isEmpty()) {
                terms.add(matcher.group(2).replace("''", "'"));
            }
        }
        return terms;
    }

    /**
     * @param atWordStart true for words (a term matches where a word starts: stemmed forms such as {@code deploy} in
     *     {@code deployed} are marked too), false for substrings (anywhere)
     */
    static SearchHit.Snippet of(String content, List<String> terms, boolean atWordStart) {
        String lower = content.toLowerCase(Locale.ROOT);
        if (lower.length() != content.length()) {
            // Lower-casing changed lengths (rare scripts): offsets would not line up, so show the start unmarked.
            return new SearchHit.Snippet(cut(content, 0, 2 * CONTEXT), List.of());
        }
        List<int[]> matches = new ArrayList<>();
        for (String term : terms) {
            String needle = term.toLowerCase(Locale.ROOT);
            if (needle.isEmpty()) {
                continue;
            }
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + needle.length())) {
                if (!atWordStart || at == 0 || !Character.isLetterOrDigit(lower.codePointBefore(at))) {
                    matches.add(new int[] {at, at + needle.length()});
                }
            }
        }
        matches.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(b[1], a[1]));
        int first = matches.isEmpty() ? 0 : matches.getFirst()[0];
        int from = boundary(content, Math.max(0, first - CONTEXT));
        int to = boundary(content, Math.min(content.length(), first + 2 * CONTEXT));
        List<SearchHit.Highlight> highlights = new ArrayList<>();
        int covered = from;
        for (int[] match : matches) {
            if (match[0] >= covered && match[1] <= to) {
                highlights.add(new SearchHit.Highlight(match[0] - from, match[1] - from));
                covered = match[1];
            }
        }
        return new SearchHit.Snippet(content.substring(from, to), List.copyOf(highlights));
    }

    private static String cut(String content, int from, int length) {
        return content.substring(from, boundary(content, Math.min(content.length(), from + length)));
    }

    /** Never cut a surrogate pair in two. */
    private static int boundary(String text, int index) {
        return index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index)) ? index - 1 : index;
    }
}
