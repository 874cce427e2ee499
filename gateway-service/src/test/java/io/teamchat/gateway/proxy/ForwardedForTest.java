package io.teamchat.gateway.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ForwardedForTest {

    @Test
    void withoutTrustedProxiesThePeerIsTheClientWhateverTheHeaderSays() {
        assertEquals("10.0.0.5", ForwardedFor.clientAddress("203.0.113.9", "10.0.0.5", 0));
        assertEquals("10.0.0.5", ForwardedFor.clientAddress(null, "10.0.0.5", 0));
    }

    @Test
    void behindOneProxyTheClientIsTheAddressThatProxySaw() {
        // the client forged "1.2.3.4"; the ingress (peer 10.0.0.2) appended the real client 203.0.113.9
        assertEquals("203.0.113.9", ForwardedFor.clientAddress("1.2.3.4, 203.0.113.9", "10.0.0.2", 1));
    }

    @Test
    void behindTwoProxiesTheSecondEntryFromTheRightCounts() {
        assertEquals("203.0.113.9", ForwardedFor.clientAddress("1.2.3.4, 203.0.113.9, 10.0.0.1", "10.0.0.2", 2));
    }

    @Test
    void moreHopsConfiguredThanTheRequestHadGivesTheLeftmost() {
        assertEquals("203.0.113.9", ForwardedFor.clientAddress("203.0.113.9", "10.0.0.2", 3));
        assertEquals("10.0.0.2", ForwardedFor.clientAddress(null, "10.0.0.2", 1));
    }
}
