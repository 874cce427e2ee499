package io.teamchat.gateway.engine;

import java.security.SecureRandom;
import java.util.Base64;

/** Unguessable ids for Engine.IO sessions and Socket.IO sockets (20 url-safe characters, 120 bits). */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String random() {
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
