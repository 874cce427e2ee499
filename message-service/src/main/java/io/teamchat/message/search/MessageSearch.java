package io.teamchat.message.search;

import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.problem.ProblemException;
import io.teamchat.message.message.MessageStore;
import io.teamchat.message.replica.ReplicaReads;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Full-text search over messages with PostgreSQL: a generated {@code tsvector} column with a GIN index, queried
 * with {@code websearch_to_tsquery} (quoted phrases, {@code or}, {@code -word}) and ranked by {@code ts_rank}, then
 * newest. Text the parser cannot split into words (CJK runs, parts of words) falls back to a substring match
 * served by a {@code pg_trgm} index. See docs/search.md.
 */
@ApplicationScoped
public class MessageSearch {

    static final String FULLTEXT = "fulltext";
    static final String SUBSTRING = "substring";

    private static final String COLUMNS =
            "m.id, m.room_id, m.user_id, m.content, m.type, m.is_edited, m.created_at, m.updated_at, m.client_msg_id,"
                    + " m.parent_id, m.reply_count, m.last_reply_at," + MessageStore.ATTACHMENT_COLUMNS;

    /**
     * Ranked by relevance, then newest. The query's own text ({@code query::text}, e.g. {@code 'red' <-> 'car'}) comes
     * back so the snippet can mark its words: {@code ts_headline} cannot be used, as it drops anything that looks
     * like an HTML tag from the text it returns, and snippets show the message verbatim. {@code %s} is the optional
     * cursor condition.
     */
    static final String FULLTEXT_SQL = "select " + COLUMNS + ", ts_rank(m.search_vector, query) as rank,"
            + " query::text as terms"
            + " from message.messages m" + MessageStore.ATTACHMENT_JOIN
            + ", websearch_to_tsquery(cast(? as regconfig), ?) query"
            + " where m.room_id = any(?) and m.search_vector @@ query %s"
            + " order by rank desc, m.id desc limit ?";

    static final String FULLTEXT_AFTER_CURSOR = "and (ts_rank(m.search_vector, query), m.id) < (?, ?)";

    static final String SUBSTRING_SQL = "select " + COLUMNS + " from message.messages m" + MessageStore.ATTACHMENT_JOIN
            + " where m.room_id = any(?) and m.content ilike ? escape '\\' %s order by m.id desc limit ?";

    static final String SUBSTRING_AFTER_CURSOR = "and m.id < ?";

    private final ReplicaReads reads;
    private final String config;

    public MessageSearch(ReplicaReads reads, @ConfigProperty(name = "chat.search.config") String config) {
        this.reads = reads;
        this.config = config;
    }

    /**
     * On the read replica when it may answer {@code reader} (docs/operations.md, "Read replicas"), else the primary.
     *
     * @param reader the user searching
     * @param rooms the rooms the caller may read (already checked)
     * @param before a cursor from a previous page, or null
     */
    public SearchPage search(UUID reader, Collection<UUID> rooms, SearchQuery query, String before, int limit) {
        if (rooms.isEmpty()) {
            return new SearchPage(List.of(), null, false, FULLTEXT);
        }
        Cursor cursor = Cursor.parse(before);
        return reads.read(reader, cursor == null ? null : cursor.id(), connection -> {
            boolean substring = cursor == null ? query.needsSubstringMatch() : cursor.substring();
            if (!substring) {
                SearchPage page = fulltext(connection, rooms, query, cursor, limit);
                // Nothing found by words on the first page: parts of words may still match.
                if (!page.items().isEmpty() || cursor != null) {
                    return page;
                }
            }
            return substring(connection, rooms, query, cursor, limit);
        });
    }

    private SearchPage fulltext(
            Connection connection, Collection<UUID> rooms, SearchQuery query, Cursor cursor, int limit)
            throws SQLException {
        String sql = FULLTEXT_SQL.formatted(cursor == null ? "" : FULLTEXT_AFTER_CURSOR);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, config);
            statement.setString(i++, query.text());
            statement.setArray(i++, connection.createArrayOf("uuid", rooms.toArray()));
            if (cursor != null) {
                statement.setFloat(i++, cursor.rank());
                statement.setObject(i++, cursor.id());
            }
            statement.setInt(i, limit + 1);
            List<SearchHit> hits = new ArrayList<>();
            float lastRank = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next() && hits.size() < limit + 1) {
                    lastRank = hits.size() < limit ? rows.getFloat("rank") : lastRank;
                    MessagePayload message = MessageStore.payload(rows);
                    hits.add(new SearchHit(
                            message, Snippets.of(message.content(), Snippets.terms(rows.getString("terms")), true)));
                }
            }
            boolean more = hits.size() > limit;
            List<SearchHit> page = more ? hits.subList(0, limit) : hits;
            String next =
                    more ? Cursor.fulltext(lastRank, page.getLast().message().id()) : null;
            return new SearchPage(List.copyOf(page), next, more, FULLTEXT);
        }
    }

    private SearchPage substring(
            Connection connection, Collection<UUID> rooms, SearchQuery query, Cursor cursor, int limit)
            throws SQLException {
        String sql = SUBSTRING_SQL.formatted(cursor == null ? "" : SUBSTRING_AFTER_CURSOR);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setArray(i++, connection.createArrayOf("uuid", rooms.toArray()));
            statement.setString(i++, "%" + likeEscaped(query.text()) + "%");
            if (cursor != null) {
                statement.setObject(i++, cursor.id());
            }
            statement.setInt(i, limit + 1);
            List<SearchHit> hits = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    MessagePayload message = MessageStore.payload(rows);
                    hits.add(new SearchHit(message, Snippets.of(message.content(), List.of(query.text()), false)));
                }
            }
            boolean more = hits.size() > limit;
            List<SearchHit> page = more ? hits.subList(0, limit) : hits;
            String next = more ? Cursor.substring(page.getLast().message().id()) : null;
            return new SearchPage(List.copyOf(page), next, more, SUBSTRING);
        }
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** Where the next page starts: the last hit's rank and id (fulltext) or its id (substring), opaque to clients. */
    record Cursor(boolean substring, float rank, UUID id) {

        static String fulltext(float rank, UUID id) {
            return encode("f:" + Float.floatToIntBits(rank) + ":" + id);
        }

        static String substring(UUID id) {
            return encode("s:0:" + id);
        }

        static Cursor parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8).split(":");
                if (parts.length != 3 || !(parts[0].equals("f") || parts[0].equals("s"))) {
                    throw new IllegalArgumentException("unknown cursor");
                }
                return new Cursor(
                        parts[0].equals("s"),
                        Float.intBitsToFloat(Integer.parseInt(parts[1])),
                        UUID.fromString(parts[2]));
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("before", "must be a cursor from a previous page");
            }
        }

        private static String encode(String text) {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
