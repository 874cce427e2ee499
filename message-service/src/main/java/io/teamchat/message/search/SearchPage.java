package io.teamchat.message.search;

import io.teamchat.common.events.MessagePayload;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One page of search results, best first. {@code nextBefore} is an opaque cursor for the next page; {@code mode}
 * says how the query was matched: {@code fulltext} (ranked by relevance, then newest) or {@code substring} (the
 * fallback for text the parser cannot split into words, newest first).
 */
public record SearchPage(List<SearchHit> items, String nextBefore, boolean hasMore, String mode) {

    /** The same page with each hit's message as {@code views} shows it (reactions, pins: one call for the page). */
    public SearchPage viewedAs(UnaryOperator<List<MessagePayload>> views) {
        List<MessagePayload> messages =
                views.apply(items.stream().map(SearchHit::message).toList());
        List<SearchHit> viewed = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            viewed.add(new SearchHit(messages.get(i), items.get(i).snippet()));
        }
        return new SearchPage(viewed, nextBefore, hasMore, mode);
    }
}
