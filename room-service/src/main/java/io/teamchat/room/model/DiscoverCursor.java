package io.teamchat.room.model;

import io.teamchat.common.problem.ProblemException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of discovery ended: the last room's sort key ({@code lower(name)} as PostgreSQL computed it) and id.
 * The next page starts strictly after it, so rooms with equal names are neither skipped nor repeated, and a room
 * renamed or deleted meanwhile does not move the position. Opaque to clients: base64url of the id, then the key.
 */
public record DiscoverCursor(String sortKey, UUID id) {

    private static final int ID_LENGTH = 36;

    public String encode() {
        byte[] bytes = (id + sortKey).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The cursor in {@code value}, null when absent; anything that no page handed out is a 400 naming the field. */
    public static DiscoverCursor parse(String field, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(value)))
                    .toString();
            if (text.length() > ID_LENGTH && text.indexOf('\0') < 0) {
                UUID id = UUID.fromString(text.substring(0, ID_LENGTH));
                if (id.toString().equals(text.substring(0, ID_LENGTH))) {
                    return new DiscoverCursor(text.substring(ID_LENGTH), id);
                }
            }
        } catch (IllegalArgumentException | CharacterCodingException e) {
            // answered below
        }
        throw ProblemException.invalidField(field, "must be a cursor from a previous page's Link header");
    }
}
