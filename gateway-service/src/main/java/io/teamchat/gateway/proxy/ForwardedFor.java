package io.teamchat.gateway.proxy;

import java.util.ArrayList;
import java.util.List;

/**
 * The client address to send upstream as {@code X-Forwarded-For}. Anyone can send that header, so only the entries
 * added by the proxies in front of the gateway count: with {@code trustedHops} proxies (each appending the address
 * it was reached from), the client is the entry that many places from the right of "header entries + the TCP
 * peer". With 0 the TCP peer is the client and whatever the header says is dropped. The result replaces the header:
 * services read one address they can rate-limit and log by, never a chain a client started.
 */
public final class ForwardedFor {

    private ForwardedFor() {}

    public static String clientAddress(String forwardedFor, String peer, int trustedHops) {
        List<String> chain = new ArrayList<>();
        if (forwardedFor != null && trustedHops > 0) {
            for (String entry : forwardedFor.split(",")) {
                if (!entry.isBlank()) {
                    chain.add(entry.strip());
                }
            }
        }
        chain.add(peer);
        // More hops configured than the request went through: the leftmost is the best there is.
        return chain.get(Math.max(0, chain.size() - 1 - trustedHops));
    }
}
