package io.teamchat.room.rooms;

import static io.teamchat.room.support.RoomApi.as;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Discovery pages through 10,000 public rooms by keyset: every room once, in (lower(name), id) order, across page
 * boundaries that fall inside groups of equal names; never a private or direct room, nor one the caller is in.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // seeded once for all its tests
class DiscoverPagingTest {

    private static final int PUBLIC_ROOMS = 10_000;
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    @Inject
    DataSource dataSource;

    private TestUser seeker;
    private String prefix;
    /** The seeded public rooms the seeker is not in, as discovery must list them: sort key, then id. */
    private List<Seeded> expected;

    private Set<String> hidden;

    record Seeded(String id, String name) {

        String sortKey() {
            return name.toLowerCase(Locale.ROOT);
        }
    }

    @BeforeAll
    void seed() throws SQLException {
        seeker = TestUser.create();
        // lower-case letters and digits only: its own order is the same in Java and in any PostgreSQL collation
        prefix = "pg" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection connection = dataSource.getConnection()) {
            // Rooms n = 1..10000 public, named in groups of four equal names (two of them in capitals); 1,000
            // private rooms and 50 direct rooms with the same names; the seeker is in every 97th public room.
            execute(connection, """
                    insert into room.rooms (id, name, is_private, is_direct, created_by, created_at, updated_at)
                    select gen_random_uuid(),
                           case when n % 4 < 2 then upper(?) else ? end || ' room ' || lpad((n / 4)::text, 5, '0'),
                           false, false, ?, now(), now()
                    from generate_series(1, ?) n""", prefix, prefix, seeker.id(), PUBLIC_ROOMS);
            execute(connection, """
                    insert into room.rooms (id, name, is_private, is_direct, created_by, created_at, updated_at)
                    select gen_random_uuid(), ? || ' room ' || lpad((n * 7 % 2500)::text, 5, '0'),
                           true, false, ?, now(), now()
                    from generate_series(1, 1000) n""", prefix, seeker.id());
            execute(connection, """
                    insert into room.rooms (id, name, is_private, is_direct, created_by, created_at, updated_at,
                                            direct_key)
                    select gen_random_uuid(), ? || ' room ' || lpad((n * 31)::text, 5, '0'),
                           true, true, ?, now(), now(), ? || ':' || n
                    from generate_series(1, 50) n""", prefix, seeker.id(), prefix);
            execute(connection, """
                    insert into room.room_members (room_id, user_id, role, joined_at)
                    select id, ?, 'member', now() from (
                        select id, row_number() over (order by id) as k from room.rooms
                        where name ilike ? || '%' and not is_private) numbered
                    where k % 97 = 0""", seeker.id(), prefix);
            expected = new ArrayList<>();
            hidden = new HashSet<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    select r.id, r.name, r.is_private or exists (
                               select 1 from room.room_members m where m.room_id = r.id and m.user_id = ?)
                    from room.rooms r where r.name ilike ? || '%'""")) {
                select.setObject(1, seeker.id());
                select.setString(2, prefix);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getBoolean(3)) {
                            hidden.add(rows.getString(1));
                        } else {
                            expected.add(new Seeded(rows.getString(1), rows.getString(2)));
                        }
                    }
                }
            }
        }
        // uuid order is unsigned byte order, the same as the order of the lower-case hex text
        expected.sort(Comparator.comparing(Seeded::sortKey).thenComparing(Seeded::id));
        assertEquals(PUBLIC_ROOMS - PUBLIC_ROOMS / 97, expected.size());
        assertEquals(1000 + 50 + PUBLIC_ROOMS / 97, hidden.size());
    }

    @Test
    void pagesThroughAllPublicRoomsWithoutAFilterEachOnceInOrder() {
        List<Map<String, Object>> seen = walk("/api/rooms?discover=true&limit=199");

        Set<Object> ids = new HashSet<>();
        for (Map<String, Object> room : seen) {
            assertTrue(ids.add(room.get("id")), "listed twice: " + room);
            assertEquals(false, room.get("isPrivate"));
            assertEquals(false, room.get("isDirect"));
            assertFalse(hidden.contains((String) room.get("id")), "private, direct or joined: " + room);
        }
        // Rooms of other tests may be listed too; the seeded ones are all there, in their order.
        Set<String> seeded = new HashSet<>(expected.stream().map(Seeded::id).toList());
        List<Object> seededSeen = seen.stream()
                .map(room -> room.get("id"))
                .filter(seeded::contains)
                .toList();
        assertEquals(expected.stream().map(Seeded::id).toList(), seededSeen);
    }

    @Test
    void pagesThroughAFilterAtTheDefaultPageSizeInCaseInsensitiveOrder() {
        // " room 001" is rooms 00100..00199 (400 public, less those the seeker is in): several default pages
        String q = (prefix + " ROOM 001").toUpperCase(Locale.ROOT);
        Response first =
                as(seeker).queryParam("discover", true).queryParam("q", q).get("/api/rooms");
        first.then().statusCode(200);
        assertEquals(50, first.jsonPath().getList("$").size(), "a plain call still answers the first 50");
        assertNotNull(first.header("Link"));

        List<Map<String, Object>> seen = walk("/api/rooms?discover=true&q=" + q.replace(" ", "%20"));
        List<String> want = expected.stream()
                .filter(room -> room.sortKey().contains(q.toLowerCase(Locale.ROOT)))
                .map(Seeded::id)
                .toList();
        assertTrue(want.size() > 350, "the filter matches several pages");
        assertEquals(want, seen.stream().map(room -> room.get("id")).toList());
    }

    @Test
    void theLastPageHasNoNextLink() {
        String q = prefix + " room 00002"; // four public rooms, less any the seeker is in
        Response only =
                as(seeker).queryParam("discover", true).queryParam("q", q).get("/api/rooms");
        only.then().statusCode(200);
        long want = expected.stream().filter(room -> room.sortKey().contains(q)).count();
        assertTrue(want > 0);
        assertEquals(want, only.jsonPath().getList("$").size());
        assertNull(only.header("Link"));
    }

    @Test
    void badCursorsAndLimitsAre400Problems() {
        String noKey = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        String badUtf8 = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) 0xff, 0x41});
        for (String after : List.of("not base64!", "aGVsbG8", noKey, badUtf8)) {
            as(seeker)
                    .queryParam("discover", true)
                    .queryParam("after", after)
                    .get("/api/rooms")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("after"));
        }
        for (String limit : List.of("0", "201", "abc", "-1")) {
            as(seeker)
                    .queryParam("discover", true)
                    .queryParam("limit", limit)
                    .get("/api/rooms")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("limit"));
        }
        as(seeker)
                .queryParam("limit", 10)
                .get("/api/rooms")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("limit"));
    }

    /** Every room from {@code url} on, following the Link header's next page until there is none. */
    private List<Map<String, Object>> walk(String url) {
        List<Map<String, Object>> seen = new ArrayList<>();
        String next = url;
        int pages = 0;
        while (next != null) {
            // the server's URL as it is: already encoded
            Response page = as(seeker).urlEncodingEnabled(false).get(next);
            page.then().statusCode(200);
            List<Map<String, Object>> rooms = page.jsonPath().getList("$");
            String link = page.header("Link");
            assertTrue(link == null || !rooms.isEmpty(), "a page with a next link is not empty");
            seen.addAll(rooms);
            next = null;
            if (link != null) {
                Matcher matcher = NEXT.matcher(link);
                assertTrue(matcher.find(), link);
                next = matcher.group(1);
            }
            assertTrue(++pages < 1000, "the walk ends");
        }
        return seen;
    }

    private static void execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
