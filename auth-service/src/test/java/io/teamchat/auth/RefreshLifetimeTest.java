package io.teamchat.auth;

import static io.teamchat.auth.Accounts.REFRESH_COOKIE;
import static io.teamchat.auth.Accounts.newSession;
import static io.teamchat.auth.Accounts.refresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.teamchat.auth.Accounts.Session;
import io.teamchat.auth.session.RefreshToken;
import io.teamchat.auth.session.SessionService;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Refresh families: absolute and idle lifetimes, the grace window for concurrent refreshes, and the clean-up. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
class RefreshLifetimeTest {

    private static final Pattern MAX_AGE = Pattern.compile("Max-Age=(\\d+)");

    @Inject
    SessionService sessions;

    @Test
    void twoTabsRefreshingAtOnceBothGetTheSameNewTokenAndStayLoggedIn() throws Exception {
        Session session = newSession();
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<ExtractableResponse<Response>>> tabs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            tabs.add(CompletableFuture.supplyAsync(() -> {
                await(start);
                return refresh(session.refreshToken());
            }));
        }
        ExtractableResponse<Response> first = tabs.get(0).get();
        ExtractableResponse<Response> second = tabs.get(1).get();

        assertEquals(200, first.statusCode(), first.body().asString());
        assertEquals(200, second.statusCode(), second.body().asString());
        assertEquals(first.cookie(REFRESH_COOKIE), second.cookie(REFRESH_COOKIE));
        assertEquals(200, refresh(first.cookie(REFRESH_COOKIE)).statusCode(), "the session goes on");
    }

    @Test
    void aRotatedTokenWhoseSuccessorIsAlreadyUsedIsTheftEvenWithinGrace() {
        Session session = newSession();
        String second = refresh(session.refreshToken()).cookie(REFRESH_COOKIE);
        String third = refresh(second).cookie(REFRESH_COOKIE);

        assertEquals(401, refresh(session.refreshToken()).statusCode());
        assertEquals(401, refresh(third).statusCode(), "the family is revoked");
    }

    @Test
    void anUnusedTokenExpiresAfterTheIdleLifetime() {
        Session session = newSession();
        RefreshToken stored = RefreshRows.of(session.refreshToken());
        Duration idle = Duration.between(stored.createdAt, stored.expiresAt);
        assertEquals(Duration.ofDays(7), idle);

        RefreshRows.expire(session.refreshToken());

        assertEquals(401, refresh(session.refreshToken()).statusCode());
    }

    @Test
    void rotationNeverOutlivesTheFamilysAbsoluteEnd() {
        Session session = newSession();
        RefreshToken first = RefreshRows.of(session.refreshToken());
        assertEquals(Duration.ofDays(30), Duration.between(first.createdAt, first.familyExpiresAt));
        Instant end = Instant.now().plus(Duration.ofHours(1));
        RefreshRows.endFamilyAt(session.refreshToken(), end);

        ExtractableResponse<Response> refreshed = refresh(session.refreshToken());

        assertEquals(200, refreshed.statusCode());
        RefreshToken next = RefreshRows.of(refreshed.cookie(REFRESH_COOKIE));
        assertFalse(next.expiresAt.isAfter(end.plusMillis(1)), next.expiresAt + " is after " + end);
        Matcher maxAge = MAX_AGE.matcher(refreshed.header("Set-Cookie"));
        assertTrue(maxAge.find());
        assertTrue(Long.parseLong(maxAge.group(1)) <= 3600, refreshed.header("Set-Cookie"));

        RefreshRows.endFamilyAt(session.refreshToken(), Instant.now().minusSeconds(1));
        RefreshRows.expire(refreshed.cookie(REFRESH_COOKIE));
        assertEquals(401, refresh(refreshed.cookie(REFRESH_COOKIE)).statusCode());
    }

    @Test
    void cleanUpDropsDeadRowsAndForgetsSuccessorsAfterTheGraceWindow() {
        Session expired = newSession();
        RefreshRows.expire(expired.refreshToken());
        Session loggedOut = newSession();
        Accounts.logout(loggedOut.refreshToken());
        Session rotated = newSession();
        String successor = refresh(rotated.refreshToken()).cookie(REFRESH_COOKIE);
        RefreshRows.endGraceOf(rotated.refreshToken());
        assertNotNull(RefreshRows.of(rotated.refreshToken()).successorSealed);

        sessions.removeDeadTokens();

        assertNull(RefreshRows.of(expired.refreshToken()));
        assertNull(RefreshRows.of(loggedOut.refreshToken()));
        assertNull(RefreshRows.of(rotated.refreshToken()).successorSealed);
        assertEquals(200, refresh(successor).statusCode(), "live tokens stay");
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
