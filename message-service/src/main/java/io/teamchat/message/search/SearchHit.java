package io.teamchat.message.search;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.teamchat.common.events.MessagePayload;
import java.util.List;

/**
 * One found message (its fields unwrapped, so a result reads like a history item) plus a plain-text snippet of it. {@code highlights} are the matched ranges of
 * {@code snippet.text} as UTF-16 offsets [start, end), what JavaScript's {@code String.slice} takes: clients mark
 * them up themselves, so no HTML ever comes from the server.
 */
public record SearchHit(@JsonUnwrapped MessagePayload message, Snippet snippet) {

    public record Snippet(String text, List<Highlight> highlights) {}

    public record Highlight(int start, int end) {}
}
