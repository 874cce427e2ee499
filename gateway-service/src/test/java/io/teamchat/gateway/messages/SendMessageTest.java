package io.teamchat.gateway.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.common.events.CommandRejected;
import io.teamchat.common.events.EventType;
import io.teamchat.common.events.MemberJoined;
import io.teamchat.common.events.MemberLeft;
import io.teamchat.common.events.MessageCreated;
import io.teamchat.common.events.MessagePayload;
import io.teamchat.common.events.PresenceChanged;
import io.teamchat.common.events.UserSummary;
import io.teamchat.common.ids.UuidV7;
import io.teamchat.gateway.support.Await;
import io.teamchat.gateway.support.GatewayTestBase;
import io.teamchat.gateway.support.StubUpstream;
import io.teamchat.gateway.support.TestSocket;
import io.teamchat.gateway.support.TestUser;
import io.teamchat.testing.ChatStoresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * join-room, send-message and the fan-out, with the test playing message-service on the real Redis streams:
 * it reads the commands stream and publishes message.created / command.rejected to the events stream.
 */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(StubUpstream.class)
class SendMessageTest extends GatewayTestBase {

    /** Spans are exported in batches every few seconds. */
    private static final Duration SPANS_EXPORTED = Duration.ofSeconds(30);

    @Inject
    InMemorySpanExporter spans;

    @Test
    void joinRoomAsMemberReturnsTheRoom() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        JSONObject ack = connect(user).request("join-room", Map.of("roomId", roomId.toString()));

        assertTrue(ack.getBoolean("ok"), ack.toString());
        assertEquals(roomId.toString(), ack.getJSONObject("room").getString("id"));
    }

    @Test
    void joinRoomOfANonMemberIsNotFound() throws Exception {
        TestUser outsider = TestUser.create();
        UUID roomId = roomWith(TestUser.create());
        JSONObject ack = connect(outsider).request("join-room", Map.of("roomId", roomId.toString()));

        assertFalse(ack.getBoolean("ok"));
        assertEquals(404, ack.getJSONObject("error").getInt("status"));
    }

    @Test
    void joinRoomWithABadIdIsBadRequest() throws Exception {
        JSONObject ack = connect(TestUser.create()).request("join-room", Map.of("roomId", "not-a-uuid"));
        assertEquals(400, ack.getJSONObject("error").getInt("status"));
    }

    @Test
    void theCommandCarriesTheTokensIdentityNotThePayloads() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        Map<String, Object> payload = send(roomId, "hello");
        payload.put("userId", UUID.randomUUID().toString());
        payload.put("username", "mallory");
        socket.emit("send-message", new JSONObject(payload));

        JsonNode command = awaitCommand(roomId);
        assertEquals("message.send", command.path("type").asText());
        JsonNode data = command.path("data");
        assertEquals(user.id().toString(), data.path("userId").asText());
        assertEquals(user.username(), data.path("username").asText());
        assertEquals("hello", data.path("content").asText());
        assertEquals("text", data.path("type").asText());
        assertEquals(payload.get("clientMsgId"), data.path("clientMsgId").asText());
        assertFalse(data.path("commandId").asText().isBlank());
    }

    @Test
    void theAckWaitsForMessageCreatedAndCarriesTheMessage() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        CompletableFuture<JSONObject> ack = socket.emit("send-message", new JSONObject(send(roomId, "durable?")));

        JsonNode command = awaitCommand(roomId).path("data");
        // Barrier: a later event's ack. Acks leave in the order the gateway answers, so an early ack would be here.
        assertTrue(
                socket.request("leave-room", Map.of("roomId", UUID.randomUUID().toString()))
                        .getBoolean("ok"));
        assertFalse(ack.isDone(), "no ack before message-service confirmed the commit");

        MessagePayload stored = publishCreated(command);
        JSONObject reply = ack.get(10, TimeUnit.SECONDS);
        assertTrue(reply.getBoolean("ok"), reply.toString());
        JSONObject message = reply.getJSONObject("message");
        assertEquals(stored.id().toString(), message.getString("id"));
        assertEquals(user.id().toString(), message.getString("userId"));
        assertEquals("durable?", message.getString("content"));
    }

    @Test
    void everySubscribedSocketGetsTheMessageExactlyOnceEvenIfPublishedTwice() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser carol = TestUser.create();
        UUID roomId = roomWith(alice, bob, carol);
        TestSocket aliceSocket = connect(alice);
        TestSocket bobSocket = connect(bob);
        TestSocket carolSocket = connect(carol); // a member, but not subscribed to the room
        UUID carolsRoom = roomWith(carol);
        join(carolSocket, carolsRoom);
        join(aliceSocket, roomId);
        join(bobSocket, roomId);

        CompletableFuture<JSONObject> ack = aliceSocket.emit("send-message", new JSONObject(send(roomId, "hi bob")));
        JsonNode command = awaitCommand(roomId).path("data");
        MessagePayload stored = publishCreated(command);
        // message-service re-publishes when a retried command finds the message already stored
        streams().publish(EventType.MESSAGE_CREATED, new MessageCreated(stored, summary(alice), null));

        JSONObject received = bobSocket.next("message-received", 10_000);
        assertEquals(stored.id().toString(), received.getJSONObject("message").getString("id"));
        assertEquals(alice.username(), received.getJSONObject("user").getString("username"));
        assertTrue(ack.join().getBoolean("ok"));
        assertEquals(
                stored.id().toString(),
                aliceSocket
                        .next("message-received", 5_000)
                        .getJSONObject("message")
                        .getString("id"));

        // Barriers: events reach a socket in stream order, so a second delivery would come before these.
        MessagePayload barrier = publishCreated(roomId, carol, "barrier");
        MessagePayload carolsBarrier = publishCreated(carolsRoom, carol, "barrier");
        assertNextIs(barrier, bobSocket, "the second publication is not delivered again");
        assertNextIs(barrier, aliceSocket, "the second publication is not delivered again");
        assertNextIs(carolsBarrier, carolSocket, "a socket not subscribed to the room gets nothing of it");
    }

    @Test
    void aRejectedCommandGetsAnErrorAck() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        CompletableFuture<JSONObject> ack = connect(user).emit("send-message", new JSONObject(send(roomId, "no")));
        JsonNode command = awaitCommand(roomId).path("data");

        streams()
                .publish(
                        EventType.COMMAND_REJECTED,
                        new CommandRejected(
                                UUID.fromString(command.path("commandId").asText()),
                                user.id(),
                                409,
                                "Conflict",
                                "duplicate"));
        JSONObject reply = ack.get(10, TimeUnit.SECONDS);
        assertFalse(reply.getBoolean("ok"));
        JSONObject error = reply.getJSONObject("error");
        assertEquals(409, error.getInt("status"));
        assertEquals("Conflict", error.getString("title"));
        assertEquals("duplicate", error.getString("detail"));
    }

    @Test
    void invalidPayloadsAreRefusedWith400AndNothingIsQueued() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        Map<String, Object> tooLong = send(roomId, "x".repeat(4001));
        Map<String, Object> blank = send(roomId, "   ");
        Map<String, Object> badType = send(roomId, "fine");
        badType.put("type", "video");
        Map<String, Object> badRoom = send(roomId, "fine");
        badRoom.put("roomId", "room-1");
        Map<String, Object> longClientId = send(roomId, "fine");
        longClientId.put("clientMsgId", "c".repeat(101));
        Map<String, Object> noContent = send(roomId, "fine");
        noContent.remove("content");
        Map<String, Object> control = send(roomId, "escape \u001b[2J");
        Map<String, Object> badParent = send(roomId, "fine");
        badParent.put("parentId", "message-1");
        Map<String, Object> fileWithoutAttachment = send(roomId, "fine");
        fileWithoutAttachment.put("type", "file");
        Map<String, Object> textWithAttachment = send(roomId, "fine");
        textWithAttachment.put("attachmentId", UUID.randomUUID().toString());
        Map<String, Object> badAttachmentId = send(roomId, "fine");
        badAttachmentId.put("type", "image");
        badAttachmentId.put("attachmentId", "file-1");

        for (Map<String, Object> payload : new Map[] {
            tooLong,
            blank,
            badType,
            badRoom,
            longClientId,
            noContent,
            control,
            badParent,
            fileWithoutAttachment,
            textWithAttachment,
            badAttachmentId
        }) {
            JSONObject ack = socket.request("send-message", new JSONObject(payload));
            assertFalse(ack.getBoolean("ok"), payload.toString());
            assertEquals(400, ack.getJSONObject("error").getInt("status"), payload.toString());
        }
        JSONObject notAnObject = socket.request("send-message", "just text");
        assertEquals(400, notAnObject.getJSONObject("error").getInt("status"));
        // Over 16 KiB (here 40 KiB of spaces, under the 64 KiB frame limit): 413 before the payload is parsed.
        JSONObject huge = socket.request("send-message", new JSONObject(send(roomId, " ".repeat(40 * 1024) + "x")));
        assertEquals(413, huge.getJSONObject("error").getInt("status"));

        // Barrier: a valid send's command; a refused one queued anyway would be in the stream before it.
        socket.emit("send-message", new JSONObject(send(roomId, "valid")));
        awaitCommand(roomId);
        assertEquals(
                1,
                streams()
                        .count(
                                "commands",
                                data -> data.path("userId")
                                        .asText()
                                        .equals(user.id().toString())));
    }

    @Test
    void aReplysParentIdRidesTheCommand() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        UUID parentId = UuidV7.generate();
        Map<String, Object> reply = send(roomId, "a reply");
        reply.put("parentId", parentId.toString());
        connect(user).emit("send-message", new JSONObject(reply));
        assertEquals(
                parentId.toString(),
                awaitCommand(roomId).path("data").path("parentId").asText());
    }

    @Test
    void aFileMessageCarriesItsAttachmentIdAndNeedsNoContent() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        UUID attachmentId = UUID.randomUUID();
        Map<String, Object> file = send(roomId, "ignored");
        file.remove("content");
        file.put("type", "file");
        file.put("attachmentId", attachmentId.toString());
        connect(user).emit("send-message", new JSONObject(file));
        JsonNode command = awaitCommand(roomId).path("data");
        assertEquals(attachmentId.toString(), command.path("attachmentId").asText());
        assertEquals("file", command.path("type").asText());
        assertEquals("", command.path("content").asText());
    }

    @Test
    void theCommandCarriesTheTrimmedContent() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        connect(user).emit("send-message", new JSONObject(send(roomId, " \n  padded\ttext \n ")));
        assertEquals(
                "padded\ttext",
                awaitCommand(roomId).path("data").path("content").asText());
    }

    @Test
    void aNonMemberCannotSend() throws Exception {
        TestUser outsider = TestUser.create();
        UUID roomId = roomWith(TestUser.create());
        JSONObject ack = connect(outsider).request("send-message", new JSONObject(send(roomId, "let me in")));
        assertEquals(404, ack.getJSONObject("error").getInt("status"));
        assertEquals(
                0,
                streams().count("commands", data -> data.path("roomId").asText().equals(roomId.toString())));
    }

    @Test
    void theTwentyFirstMessageWithinTheWindowIsRateLimited() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        for (int i = 0; i < 20; i++) {
            socket.emit("send-message", new JSONObject(send(roomId, "burst " + i)));
        }
        // Each send is counted in Redis on its own round trip: the 21st goes once the 20 are through.
        Await.until("20 commands queued", () -> commandsIn(roomId) == 20);
        JSONObject limited = socket.request("send-message", new JSONObject(send(roomId, "one too many")));

        assertFalse(limited.getBoolean("ok"));
        assertEquals(429, limited.getJSONObject("error").getInt("status"));
        assertEquals(20, commandsIn(roomId), "the limited message was not queued");
    }

    @Test
    void aBurstOfSendsOnOneSocketIsQueuedInTheOrderSent() throws Exception {
        // Several sockets at once, none in its room yet: every send waits for the room's subscription and does its
        // Redis hops in parallel with the others', where a later send used to overtake an earlier one.
        int sockets = 3;
        int burst = 20; // the per-user rate limit's whole budget
        Map<UUID, TestSocket> byRoom = new HashMap<>();
        for (int s = 0; s < sockets; s++) {
            TestUser user = TestUser.create();
            byRoom.put(roomWith(user), connect(user));
        }
        for (int i = 0; i < burst; i++) {
            for (Map.Entry<UUID, TestSocket> room : byRoom.entrySet()) {
                room.getValue().emit("send-message", new JSONObject(send(room.getKey(), "burst " + i)));
            }
        }
        for (UUID roomId : byRoom.keySet()) {
            Await.until(burst + " commands queued", () -> commandsIn(roomId) == burst);
            List<String> order = streams().entries("commands").stream()
                    .map(envelope -> envelope.path("data"))
                    .filter(data -> data.path("roomId").asText().equals(roomId.toString()))
                    .map(data -> data.path("content").asText())
                    .toList();
            List<String> sent =
                    IntStream.range(0, burst).mapToObj(i -> "burst " + i).toList();
            assertEquals(sent, order, "the partition holds the socket's sends in the order it sent them");
        }
    }

    @Test
    void anUnconfirmedSendTimesOutWith504() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        CompletableFuture<JSONObject> ack = connect(user).emit("send-message", new JSONObject(send(roomId, "lost")));
        awaitCommand(roomId);

        JSONObject reply = ack.get(10, TimeUnit.SECONDS); // %test ack timeout is 5 s
        assertFalse(reply.getBoolean("ok"));
        assertEquals(504, reply.getJSONObject("error").getInt("status"));
        assertTrue(reply.getJSONObject("error").getString("detail").contains("same clientMsgId"));
    }

    @Test
    void aRetryOfATimedOutSendWaitsForItsCommandInsteadOfAppendingAnother() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        Map<String, Object> send = send(roomId, "once, however often I retry");
        String clientMsgId = (String) send.get("clientMsgId");
        JSONObject payload = new JSONObject(send);
        CompletableFuture<JSONObject> first = socket.emit("send-message", payload);
        JsonNode command = awaitCommand(roomId).path("data");
        assertEquals(504, first.get(10, TimeUnit.SECONDS).getJSONObject("error").getInt("status"));

        // message-service is behind: the client retries twice, as a client whose ack timed out does
        CompletableFuture<JSONObject> retry = socket.emit("send-message", payload);
        TestSocket otherDevice = track(connect(user));
        CompletableFuture<JSONObject> again = otherDevice.emit("send-message", payload);
        // Barriers: a socket's sends are appended in the order sent, so a retry's command would come before these.
        socket.emit("send-message", new JSONObject(send(roomId, "barrier 1")));
        otherDevice.emit("send-message", new JSONObject(send(roomId, "barrier 2")));
        streams().await("commands", data -> data.path("content").asText().equals("barrier 1"));
        streams().await("commands", data -> data.path("content").asText().equals("barrier 2"));
        // Answered at once: the retries' own time (5 s here) runs from their attaching.
        MessagePayload stored = publishCreated(command);
        assertEquals(
                1,
                streams()
                        .count(
                                "commands",
                                data -> data.path("roomId").asText().equals(roomId.toString())
                                        && data.path("clientMsgId").asText().equals(clientMsgId)),
                "the retries wait for the command already in the stream");
        for (CompletableFuture<JSONObject> ack : List.of(retry, again)) {
            JSONObject reply = ack.get(10, TimeUnit.SECONDS);
            assertTrue(reply.getBoolean("ok"), reply.toString());
            assertEquals(stored.id().toString(), reply.getJSONObject("message").getString("id"));
        }
    }

    @Test
    void retriesThatPileUpOnOneCommandAreRefusedWith429() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        JSONObject payload = new JSONObject(send(roomId, "patience"));
        List<CompletableFuture<JSONObject>> waiting = new ArrayList<>();
        waiting.add(socket.emit("send-message", payload));
        JsonNode command = awaitCommand(roomId).path("data");
        for (int i = 1; i < PendingAcks.MAX_WAITING_RETRIES; i++) {
            waiting.add(socket.emit("send-message", payload));
        }
        JSONObject refused = socket.request("send-message", payload);
        assertEquals(429, refused.getJSONObject("error").getInt("status"), refused.toString());

        MessagePayload stored = publishCreated(command);
        for (CompletableFuture<JSONObject> ack : waiting) {
            JSONObject reply = ack.get(10, TimeUnit.SECONDS);
            assertEquals(stored.id().toString(), reply.getJSONObject("message").getString("id"), reply.toString());
        }
        assertEquals(1, commandsIn(roomId));
    }

    @Test
    void aRetryThatAsksForSomethingElseIsAppendedForMessageServiceToJudge() throws Exception {
        TestUser user = TestUser.create();
        UUID roomId = roomWith(user);
        TestSocket socket = connect(user);
        Map<String, Object> payload = send(roomId, "first words");
        CompletableFuture<JSONObject> first = socket.emit("send-message", new JSONObject(payload));
        awaitCommand(roomId);
        payload.put("content", "other words");
        socket.emit("send-message", new JSONObject(payload));
        streams().await("commands", data -> data.path("content").asText().equals("other words"));
        assertFalse(first.isDone(), "the first send still waits for its own outcome");
    }

    @Test
    void aResentMessageAnswersTheRetryingSenderAndReachesNoRoom() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        TestSocket aliceSocket = connect(alice);
        TestSocket bobSocket = connect(bob);
        join(bobSocket, roomId);
        // A retry (the first ack was lost, say in a reconnect) of a message stored and announced long ago, before
        // this instance's memory of delivered ids: message-service answers the new command with resent=true.
        CompletableFuture<JSONObject> retry =
                aliceSocket.emit("send-message", new JSONObject(send(roomId, "said once")));
        JsonNode command = awaitCommand(roomId).path("data");
        MessagePayload stored = stored(command);
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(
                                stored,
                                summary(alice),
                                UUID.fromString(command.path("commandId").asText()),
                                true));
        JSONObject reply = retry.get(10, TimeUnit.SECONDS);
        assertTrue(reply.getBoolean("ok"), reply.toString());
        assertEquals(stored.id().toString(), reply.getJSONObject("message").getString("id"));
        MessagePayload barrier = publishCreated(roomId, alice, "barrier");
        assertNextIs(barrier, bobSocket, "the resent message is not announced to the room again");
    }

    @Test
    void leaveRoomStopsDelivery() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        TestSocket bobSocket = connect(bob);
        join(bobSocket, roomId);
        assertTrue(bobSocket
                .request("leave-room", Map.of("roomId", roomId.toString()))
                .getBoolean("ok"));

        UUID watched = roomWith(alice, bob);
        join(bobSocket, watched);
        publishCreated(roomId, alice, "after bob left");
        assertNextIs(publishCreated(watched, alice, "barrier"), bobSocket, "the room bob left is not delivered");
    }

    @Test
    void memberJoinedAndPresenceReachRoomSubscribersOnly() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        TestUser stranger = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        TestSocket aliceSocket = connect(alice);
        TestSocket bobSocket = connect(bob);
        TestSocket strangerSocket = connect(stranger);
        UUID strangersRoom = roomWith(stranger);
        join(strangerSocket, strangersRoom);
        join(aliceSocket, roomId);
        join(bobSocket, roomId);

        TestUser dave = TestUser.create();
        streams().publish(EventType.MEMBER_JOINED, new MemberJoined(roomId, summary(dave)));
        JSONObject joined = bobSocket.next("user-joined", 10_000);
        assertEquals(roomId.toString(), joined.getString("roomId"));
        assertEquals(dave.id().toString(), joined.getJSONObject("user").getString("id"));

        Instant lastSeen = Instant.parse("2026-01-02T03:04:05Z");
        streams().publish(EventType.PRESENCE_CHANGED, new PresenceChanged(alice.id(), false, lastSeen));
        JSONObject presence = bobSocket.next("presence-changed", 10_000);
        assertEquals(alice.id().toString(), presence.getString("userId"));
        assertFalse(presence.getBoolean("isOnline"));
        assertEquals(lastSeen, Instant.parse(presence.getString("lastSeen")));

        // Barrier: the stranger's frames arrive in order, so once this is here the others would be too.
        assertNextIs(publishCreated(strangersRoom, stranger, "barrier"), strangerSocket, "barrier");
        assertEquals(0, strangerSocket.pending("user-joined"));
        assertEquals(0, strangerSocket.pending("presence-changed"));
    }

    @Test
    void memberLeftRevokesTheSubscriptionsAndTheSendCacheAndTellsEveryone() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        TestSocket aliceSocket = connect(alice);
        TestSocket bobSocket = connect(bob);
        TestSocket bobIdle = connect(bob); // bob's second tab, not watching the room
        for (TestSocket socket : new TestSocket[] {aliceSocket, bobSocket}) {
            join(socket, roomId);
        }
        UUID bobsOtherRoom = roomWith(bob);
        join(bobSocket, bobsOtherRoom);
        // bob's send puts a positive membership answer into the send cache
        bobSocket.emit("send-message", new JSONObject(send(roomId, "still here")));
        awaitCommand(roomId);

        removeMember(roomId, bob);
        streams().publish(EventType.MEMBER_LEFT, new MemberLeft(roomId, bob.id(), true));

        for (TestSocket socket : new TestSocket[] {bobSocket, bobIdle}) {
            JSONObject removed = socket.next("removed-from-room", 10_000);
            assertNotNull(removed, "removed-from-room reaches every socket of bob");
            assertEquals(roomId.toString(), removed.getString("roomId"));
        }
        JSONObject left = aliceSocket.next("user-left", 10_000);
        assertNotNull(left);
        assertEquals(bob.id().toString(), left.getString("userId"));
        assertEquals(roomId.toString(), left.getString("roomId"));

        publishCreated(roomId, alice, "after bob was removed");
        assertNotNull(aliceSocket.next("message-received", 10_000));
        // Barriers, as the events before them reach each socket first.
        assertNextIs(
                publishCreated(bobsOtherRoom, bob, "barrier"), bobSocket, "bob's socket no longer receives the room");
        assertEquals(0, bobSocket.pending("user-left"));
        assertNextIs(publishCreated(roomId, alice, "barrier"), aliceSocket, "barrier");
        assertEquals(0, aliceSocket.pending("removed-from-room"));

        JSONObject refused = bobSocket.request("send-message", new JSONObject(send(roomId, "let me back")));
        assertEquals(404, refused.getJSONObject("error").getInt("status"), "the cached membership was dropped");
        assertEquals(1, commandsIn(roomId));
    }

    @Test
    void memberLeftOfSomeoneElseLeavesOtherRoomsAlone() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        UUID otherRoom = roomWith(alice, bob);
        TestSocket bobSocket = connect(bob);
        join(bobSocket, otherRoom);

        streams().publish(EventType.MEMBER_LEFT, new MemberLeft(roomId, bob.id(), false));
        JSONObject removed = bobSocket.next("removed-from-room", 10_000);
        assertNotNull(removed, "sent when bob left by himself too");
        assertEquals(roomId.toString(), removed.getString("roomId"));

        publishCreated(otherRoom, alice, "in the other room");
        assertNotNull(bobSocket.next("message-received", 10_000), "still subscribed to the other room");
    }

    // --- factories and the message-service double ---

    @Test
    void aSendStartsATraceThatTheCommandCarriesAndItsDeliveryContinues() throws Exception {
        TestUser alice = TestUser.create();
        TestUser bob = TestUser.create();
        UUID roomId = roomWith(alice, bob);
        TestSocket aliceSocket = connect(alice);
        TestSocket bobSocket = connect(bob);
        join(bobSocket, roomId);
        aliceSocket.emit("send-message", new JSONObject(send(roomId, "traced")));

        JsonNode command = awaitCommand(roomId);
        String[] sent =
                streams().traceparent("commands", command.path("id").asText()).split("-");
        String traceId = sent[1];
        SpanData sendSpan = Await.value(
                "the send-message span",
                SPANS_EXPORTED,
                () -> spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getName().equals("send-message")
                                && s.getTraceId().equals(traceId))
                        .findFirst());
        assertEquals(sent[2], sendSpan.getSpanId(), "the command entry names the send span as its parent");

        // message-service's processing span, as its outcome entry names it (CommandTracingTest shows it does)
        String processingSpanId = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        MessagePayload stored = stored(command.path("data"));
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(
                                stored,
                                summary(alice),
                                UUID.fromString(
                                        command.path("data").path("commandId").asText())),
                        "00-" + traceId + "-" + processingSpanId + "-01");
        bobSocket.next("message-received", 10_000);

        SpanData delivery = Await.value(
                "the delivery span",
                SPANS_EXPORTED,
                () -> spans.getFinishedSpanItems().stream()
                        .filter(s -> s.getName().startsWith("deliver")
                                && s.getTraceId().equals(traceId))
                        .findFirst());
        assertEquals("deliver message.created", delivery.getName());
        assertEquals(processingSpanId, delivery.getParentSpanId(), "the delivery continues message-service's span");
    }

    private static Map<String, Object> send(UUID roomId, String content) {
        Map<String, Object> payload = new HashMap<>();
        payload.put("roomId", roomId.toString());
        payload.put("content", content);
        payload.put("clientMsgId", "c-" + UUID.randomUUID());
        return payload;
    }

    private JsonNode awaitCommand(UUID roomId) {
        return streams().await("commands", data -> data.path("roomId").asText().equals(roomId.toString()));
    }

    private long commandsIn(UUID roomId) {
        return streams().count("commands", data -> data.path("roomId").asText().equals(roomId.toString()));
    }

    /** What message-service does with a command: store it, then publish message.created with the command id. */
    private MessagePayload publishCreated(JsonNode command) {
        MessagePayload stored = stored(command);
        UserSummary author =
                new UserSummary(stored.userId(), command.path("username").asText(), null);
        streams()
                .publish(
                        EventType.MESSAGE_CREATED,
                        new MessageCreated(
                                stored,
                                author,
                                UUID.fromString(command.path("commandId").asText())));
        return stored;
    }

    /** The message message-service would store for the command. */
    private static MessagePayload stored(JsonNode command) {
        Instant now = Instant.now();
        return new MessagePayload(
                UuidV7.generate(),
                UUID.fromString(command.path("roomId").asText()),
                UUID.fromString(command.path("userId").asText()),
                command.path("content").asText(),
                command.path("type").asText(),
                false,
                now,
                now,
                command.path("clientMsgId").asText(null));
    }

    /** A message sent over REST (no command id). */
    private MessagePayload publishCreated(UUID roomId, TestUser author, String content) {
        Instant now = Instant.now();
        MessagePayload stored =
                new MessagePayload(UuidV7.generate(), roomId, author.id(), content, "text", false, now, now, null);
        streams().publish(EventType.MESSAGE_CREATED, new MessageCreated(stored, summary(author), null));
        return stored;
    }

    /** The socket subscribes to the room; the join must succeed. */
    private static void join(TestSocket socket, UUID roomId) throws Exception {
        JSONObject ack = socket.request("join-room", Map.of("roomId", roomId.toString()));
        assertTrue(ack.getBoolean("ok"), ack.toString());
    }

    /** The socket's next message-received is {@code expected}: nothing else came before it. */
    private static void assertNextIs(MessagePayload expected, TestSocket socket, String why) throws Exception {
        JSONObject next = socket.next("message-received", 10_000);
        assertNotNull(next, "no message-received at all: " + why);
        assertEquals(expected.id().toString(), next.getJSONObject("message").getString("id"), why);
    }

    private static UserSummary summary(TestUser user) {
        return new UserSummary(user.id(), user.username(), null);
    }
}
