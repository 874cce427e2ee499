package io.teamchat.message.search;

import java.util.List;

/**
 * One page of search results, best first. {@code nextBefore} is an opaque cursor for the next page; {@code mode}
 * says how the query was matched: {@code fulltext} (ranked by relevance, then newest) or {@code substring} (the
 * fallback for text the parser cannot split into words, newest first).
 */
public record SearchPage(List<SearchHit> items, String nextBefore, boolean hasMore, String mode) {}
