package io.teamchat.room.rooms;

import static io.teamchat.room.support.RoomApi.as;
import static io.teamchat.room.support.RoomApi.publicRoom;
import static io.teamchat.room.support.RoomApi.roomBody;
import static io.teamchat.room.support.RoomApi.uniqueName;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.teamchat.room.support.TestUser;
import io.teamchat.testing.AuthServiceStub;
import io.teamchat.testing.ChatStoresTestResource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Room names are read and trusted by other members: no bidi overrides, no invisible characters. */
@QuarkusTest
@QuarkusTestResource(ChatStoresTestResource.class)
@QuarkusTestResource(AuthServiceStub.class)
class RoomNameTest {

    private static final List<String> SPOOFS = List.of(
            "pay\u202Egnp.exe", // right-to-left override: reads "payexe.png"
            "gen\u2067eral", // right-to-left isolate
            "gen\u200Beral", // zero-width space: looks like "general"
            "gen\u200Deral", // zero-width joiner
            "gen\u2060eral", // word joiner
            "\uFEFFgeneral", // byte-order mark
            "gen\u00ADeral", // soft hyphen
            "gen\u0007eral"); // a control character

    @Test
    void aNewRoomNameWithBidiOrInvisibleCharactersIs400() {
        TestUser owner = TestUser.create();
        for (String name : SPOOFS) {
            as(owner)
                    .body(roomBody(Map.of("name", name)))
                    .post("/api/rooms")
                    .then()
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors.field", hasItem("name"));
        }
    }

    @Test
    void renamingToSuchANameIs400AndChangesNothing() {
        TestUser owner = TestUser.create();
        UUID room = publicRoom(owner);
        String before = as(owner).get("/api/rooms/" + room).then().extract().path("name");
        for (String name : SPOOFS) {
            as(owner)
                    .body(Map.of("name", name))
                    .patch("/api/rooms/" + room)
                    .then()
                    .statusCode(400)
                    .body("errors.field", hasItem("name"));
        }
        as(owner).get("/api/rooms/" + room).then().statusCode(200).body("name", equalTo(before));
    }

    @Test
    void ordinaryNamesInAnyScriptWithEmojiStillWork() {
        TestUser owner = TestUser.create();
        for (String name :
                List.of(uniqueName("général"), uniqueName("чат"), uniqueName("עברית"), uniqueName("🎉 party"))) {
            as(owner)
                    .body(roomBody(Map.of("name", name)))
                    .post("/api/rooms")
                    .then()
                    .statusCode(201)
                    .body("name", equalTo(name));
        }
    }
}
