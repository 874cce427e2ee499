package io.teamchat.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    private final RouteTable table = new RouteTable(List.of(
            RouteTable.route("/api/auth/**", "http://auth"),
            RouteTable.route("/api/users/**", "http://auth/"),
            RouteTable.route("/.well-known/**", "http://auth"),
            RouteTable.route("/api/rooms/*/messages/**", "http://message"),
            RouteTable.route("/api/rooms/*/attachments/**", "http://message"),
            RouteTable.route("/api/messages/**", "http://message"),
            RouteTable.route("/api/rooms/**", "http://room"),
            RouteTable.route("/api/presence/**", "http://presence")));

    @Test
    void theFirstMatchingRouteWins() {
        assertEquals(Optional.of("http://auth"), table.upstreamFor("/api/auth/login"));
        assertEquals(Optional.of("http://auth"), table.upstreamFor("/api/users"));
        assertEquals(Optional.of("http://auth"), table.upstreamFor("/api/users/me"));
        assertEquals(Optional.of("http://auth"), table.upstreamFor("/.well-known/jwks.json"));
        assertEquals(Optional.of("http://message"), table.upstreamFor("/api/rooms/r1/messages"));
        assertEquals(Optional.of("http://message"), table.upstreamFor("/api/rooms/r1/messages/search"));
        assertEquals(Optional.of("http://message"), table.upstreamFor("/api/rooms/r1/attachments"));
        assertEquals(Optional.of("http://message"), table.upstreamFor("/api/messages/m1"));
        assertEquals(Optional.of("http://room"), table.upstreamFor("/api/rooms"));
        assertEquals(Optional.of("http://room"), table.upstreamFor("/api/rooms/r1"));
        assertEquals(Optional.of("http://room"), table.upstreamFor("/api/rooms/r1/members/u1"));
        assertEquals(Optional.of("http://room"), table.upstreamFor("/api/rooms/direct"));
        assertEquals(Optional.of("http://presence"), table.upstreamFor("/api/presence"));
    }

    @Test
    void pathsWithoutARouteHaveNoUpstream() {
        assertTrue(table.upstreamFor("/api").isEmpty());
        assertTrue(table.upstreamFor("/api/authx").isEmpty());
        assertTrue(table.upstreamFor("/api/roomsx/1").isEmpty());
    }

    @Test
    void doubleStarOnlyAtTheEnd() {
        assertThrows(IllegalArgumentException.class, () -> RouteTable.route("/api/**/x", "http://a"));
        assertThrows(IllegalArgumentException.class, () -> RouteTable.route("api/x", "http://a"));
    }
}
