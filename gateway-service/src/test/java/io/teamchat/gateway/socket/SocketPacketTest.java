package io.teamchat.gateway.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SocketPacketTest {

    @Test
    void aServerEventFrameIsTheEventPacketOfItsNameAndPayload() {
        ObjectMapper mapper = new ObjectMapper();
        String json = "{\"userId\":\"u\",\"isTyping\":true}";
        assertEquals(
                SocketPacket.frame(SocketPacket.EVENT, "/", null, "[\"typing-indicator\"," + json + "]"),
                ServerEvent.TYPING_INDICATOR.frame(
                        mapper, mapper.createObjectNode().put("userId", "u").put("isTyping", true)));
    }

    @Test
    void parsesConnectWithAndWithoutAuth() {
        assertEquals(new SocketPacket(0, "/", null, null), SocketPacket.parse("0"));
        assertEquals(new SocketPacket(0, "/", null, "{\"token\":\"t\"}"), SocketPacket.parse("0{\"token\":\"t\"}"));
    }

    @Test
    void parsesEventsWithAckIdsAndNamespaces() {
        assertEquals(new SocketPacket(2, "/", null, "[\"a\",{}]"), SocketPacket.parse("2[\"a\",{}]"));
        assertEquals(new SocketPacket(2, "/", 12L, "[\"a\"]"), SocketPacket.parse("212[\"a\"]"));
        assertEquals(new SocketPacket(2, "/admin", 3L, "[\"a\"]"), SocketPacket.parse("2/admin,3[\"a\"]"));
        assertEquals(new SocketPacket(1, "/admin", null, null), SocketPacket.parse("1/admin,"));
        assertEquals(
                new SocketPacket(5, "/", 4L, "[\"a\",{\"_placeholder\":true,\"num\":0}]", 1),
                SocketPacket.parse("51-4[\"a\",{\"_placeholder\":true,\"num\":0}]"));
    }

    @Test
    void rejectsWhatIsNotAPacket() {
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse(""));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("9[]"));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("x"));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("21234567890123456[]"));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("5[\"a\"]"));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("5x-[\"a\"]"));
        assertThrows(SocketPacket.MalformedPacketException.class, () -> SocketPacket.parse("517-[\"a\"]"));
    }

    @Test
    void framesCarryTheEngineMessagePrefix() {
        assertEquals("40{\"sid\":\"x\"}", SocketPacket.frame(0, "/", null, "{\"sid\":\"x\"}"));
        assertEquals("437[{\"ok\":true}]", SocketPacket.frame(3, "/", 7L, "[{\"ok\":true}]"));
        assertEquals("44/admin,{}", SocketPacket.frame(4, "/admin", null, "{}"));
        assertNull(SocketPacket.parse("2").json());
    }
}
